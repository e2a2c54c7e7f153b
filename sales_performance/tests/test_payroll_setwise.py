# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Posting set-wise (issue 25, R-W1, R-W2): many statements are posted
together, the pay period's payslips found or created for all their
employees at once, each payslip computed once; a statement with nothing to
pay gets no payslip; a payslip batch computes each payslip once, commission
included. Amounts: 2 % of March invoices (Wang Wei 5,000.00 -> 100.00, Li
Na 10,000.00 -> 200.00; the team's seller i sells (i + 1) x 1,000.00 ->
(i + 1) x 20.00)."""

from odoo.tests import tagged

from .payroll_common import PayrollCommon


@tagged("post_install", "-at_install")
class TestPayrollSetwise(PayrollCommon):
    def _count_compute(self):
        """Patch payroll to count the payslips' computations: returns
        ``(calls, computed)``, the payslip ids of each ``compute_sheet``
        call and {payslip id: times its lines were computed}."""
        Payslip = self.registry["hr.payslip"]
        compute, lines = Payslip.compute_sheet, Payslip.get_lines_dict
        calls, computed = [], {}

        def counting(payslips):
            calls.append(tuple(sorted(payslips.ids)))
            return compute(payslips)

        def computing(payslip):
            computed[payslip.id] = computed.get(payslip.id, 0) + 1
            return lines(payslip)

        self.patch(Payslip, "compute_sheet", counting)
        self.patch(Payslip, "get_lines_dict", computing)
        return calls, computed

    def test_nothing_to_pay_gets_no_payslip(self):
        """Wang Wei's March commission (100.00) is taken back whole by the
        performance administrator's adjustment (-100.00): nothing to pay.
        Settled (paid) without a payslip, once; Li Na's 200.00 posted as
        usual."""
        statements = self._run(self.march, self.member_a | self.member_b)
        nothing = statements[self.emp_a]
        self.env["sales.performance.statement.line"].with_user(self.user_admin).create(
            {
                "statement_id": nothing.id,
                "name": "Commission paid in advance",
                "kind": "adjustment",
                "is_manual": True,
                "amount": -100.0,
            }
        )
        self.assertEqual(nothing.amount_total, 0.0)
        both = nothing | statements[self.emp_b]
        both.with_user(self.user_approver).action_approve_selected()
        result = both.with_user(self.user_payroll).action_post_to_payroll()
        self.assertIn("2 statement(s) posted to payroll", result["params"]["message"])
        self.assertEqual(nothing.state, "paid")
        self.assertFalse(nothing.payslip_id)
        self.assertFalse(nothing.line_ids.payslip_input_id)
        self.assertFalse(
            self.env["hr.payslip"].search([("employee_id", "=", self.emp_a.id)])
        )
        self.assertIn("Nothing to pay", nothing.message_ids[0].body)
        self.assertEqual(statements[self.emp_b].state, "posted")
        self.assertEqual(self._payslips(self.emp_b)[self.emp_b], (1, 200.0))
        # handled once: posting again neither posts nor says it again
        messages = nothing.message_ids
        result = nothing.with_user(self.user_payroll).action_post_to_payroll()
        self.assertIn("1 already on payroll", result["params"]["message"])
        self.assertEqual(nothing.message_ids, messages)
        # a payslip batch of March makes Wang Wei's salary payslip, without
        # the settled commission on it
        run, _action = self._batch(self.emp_a)
        self.assertEqual(self._payslips(self.emp_a)[self.emp_a], (1, 0.0))
        self.assertFalse(run.slip_ids.input_line_ids.sp_statement_line_ids)

    def test_posting_many_computes_each_payslip_once(self):
        statements = self._approved(self.member_a | self.member_b)
        team = self._team(4, "Seller")
        calls, computed = self._count_compute()
        everyone = statements[self.emp_a] | statements[self.emp_b] | team
        # as a request runs it: with tracking (Odoo tracks nothing of a
        # record in the transaction that created it: end that one first)
        self.env.flush_all()
        self.env.cr.precommit.data.pop(f"mail.tracking.{everyone._name}", None)
        result = (
            everyone.with_user(self.user_payroll)
            .with_context(tracking_disable=False, mail_notrack=False)
            .action_post_to_payroll()
        )
        self.assertIn("6 statement(s) posted to payroll", result["params"]["message"])
        payslips = everyone.payslip_id
        self.assertEqual(len(payslips), 6)
        self.assertEqual(payslips.employee_id, everyone.employee_id)
        # one call computes them all, each once
        self.assertEqual(calls, [tuple(sorted(payslips.ids))])
        self.assertEqual(computed, dict.fromkeys(payslips.ids, 1))
        for statement in team:
            index = int(statement.employee_id.name.split()[-1])
            slip = statement.payslip_id
            self.assertEqual(self._inputs(slip, "SPCOMM").amount, 20.0 * (index + 1))
            self.assertEqual(
                {line.code: line.total for line in slip.line_ids}["SPCOMM"],
                20.0 * (index + 1),
            )
            self.assertEqual(statement.line_ids.payslip_input_id.payslip_id, slip)
        # one message per statement says it and tracks its status
        self.env.flush_all()
        self.env.cr.precommit.run()
        everyone.invalidate_recordset(["message_ids"])
        for statement in everyone:
            tracked = statement.message_ids.tracking_value_ids.filtered(
                lambda t: t.new_value_char == "Posted"
            )
            self.assertEqual(len(tracked), 1)
            self.assertEqual(tracked.old_value_char, "Approved")
            self.assertIn("Posted to payslip", tracked.mail_message_id.body)
            self.assertEqual(
                tracked.mail_message_id.author_id, self.user_payroll.partner_id
            )

    def test_posting_queries_do_not_grow_with_statements(self):
        """On payslips that exist (a batch made them), posting 2 or 6
        statements issues the same queries but for a constant: inputs,
        links, states and messages are written set-wise (computing the
        payslips, OCA's, is left out of the count)."""
        first = self._approved(self.member_a | self.member_b)
        first = first[self.emp_a] | first[self.emp_b]
        team = self._team(6, "Seller")
        manager = self._create_salesperson(
            "Payroll Manager", "sp_payroll_manager", "payroll.group_payroll_manager"
        )[0]
        self._batch(first.employee_id, user=manager, name="March A")
        self._batch(team.employee_id, user=manager, name="March B")
        calls = []
        self.patch(
            self.registry["hr.payslip"],
            "compute_sheet",
            lambda payslips: calls.append(payslips.ids) or True,
        )
        counts = []
        for statements in (first, team):
            statements = statements.with_user(self.user_payroll)
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            statements.action_post_to_payroll()
            statements.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(set(statements.mapped("state")), {"posted"})
        self.assertEqual(len(calls), 2)
        self.assertLessEqual(counts[1] - counts[0], 6, counts)

    def test_batch_computes_each_payslip_once(self):
        """Generate Payslips with the month approved: Wang Wei's payslip
        (made by posting earlier, reused), Li Na's and the team's (made by
        the batch) are each computed once by the batch, with the
        commission on them."""
        statements = self._approved(self.member_a | self.member_b)
        self._post([statements[self.emp_a]])
        reused = statements[self.emp_a].payslip_id
        team = self._team(3, "Seller")
        _calls, computed = self._count_compute()
        employees = self.emp_a | self.emp_b | team.employee_id
        run, action = self._batch(employees)
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(
            "4 commission statement(s) posted, 0 not posted",
            action["params"]["message"],
        )
        self.assertEqual(len(run.slip_ids), 5)
        self.assertIn(reused, run.slip_ids)
        self.assertEqual(computed, dict.fromkeys(run.slip_ids.ids, 1))
        for slip in run.slip_ids:
            totals = {line.code: line.total for line in slip.line_ids}
            self.assertEqual(totals["SPCOMM"], slip.sp_amount)
            self.assertTrue(slip.sp_amount)
        self.assertEqual(
            self._payslips(self.emp_a | self.emp_b),
            {self.emp_a: (1, 100.0), self.emp_b: (1, 200.0)},
        )
        self.assertEqual(set(team.mapped("state")), {"posted"})

    def test_one_statement_failing_does_not_stop_the_set(self):
        """Chen Jie has no contract; a seller's structure reads no SPCOMM:
        both are said, the others are posted, nothing half-done, and posting
        again after the fix posts the rest once."""
        statements = self._approved()
        team = self._team(2, "Seller")
        odd = team[0]
        bare = self.env["hr.payroll.structure"].create(
            {"name": "Bare", "code": "BARE", "company_id": self.company.id}
        )
        contract = self.env["hr.contract"].search(
            [("employee_id", "=", odd.employee_id.id)]
        )
        contract.struct_id = bare
        everyone = self.env["sales.performance.statement"].union(
            *statements.values(), team
        )
        result = everyone.with_user(self.user_payroll).action_post_to_payroll()
        message = result["params"]["message"]
        self.assertIn("3 statement(s) posted to payroll, 2 not posted", message)
        chen = statements[self.emp_c]
        self.assertIn("no running contract", chen.payroll_error)
        self.assertIn("has no rule reading SPCOMM", odd.payroll_error)
        self.assertEqual((chen | odd).mapped("state"), ["approved", "approved"])
        self.assertFalse(
            self.env["hr.payslip"].search(
                [("employee_id", "in", (chen | odd).employee_id.ids)]
            )
        )
        # fixed: posting everything again posts the two, the others once
        contract.struct_id = self.structure
        self.env["hr.contract"].create(
            {
                "name": self.emp_c.name,
                "employee_id": self.emp_c.id,
                "wage": 5000.0,
                "date_start": "2026-01-01",
                "state": "open",
                "struct_id": self.structure.id,
            }
        )
        result = everyone.with_user(self.user_payroll).action_post_to_payroll()
        self.assertIn("2 statement(s) posted to payroll", result["params"]["message"])
        self.assertIn("3 already on payroll", result["params"]["message"])
        self.assertEqual(set(everyone.mapped("state")), {"posted"})
        self.assertFalse((chen | odd).mapped("payroll_error")[0])
        self.assertEqual(
            self._payslips(self.emp_a | self.emp_b | self.emp_c),
            {self.emp_a: (1, 100.0), self.emp_b: (1, 200.0), self.emp_c: (1, 80.0)},
        )
        self.assertEqual(len(everyone.payslip_id), 5)

    def test_one_payslip_for_two_statements_of_an_employee(self):
        """Wang Wei's March statement paid in April (a payout delay, 100.00)
        and a second plan's April statement (2 % of 2,000.00 = 40.00):
        posted together, one April payslip with both (SPCOMM 140.00),
        computed once."""
        march = self._approved(self.member_a)[self.emp_a]
        march.sudo().pay_period_id = self.april
        plan_b = self.plan.copy({"name": "Second plan"})
        plan_b.action_generate_periods()
        member = plan_b.member_ids.filtered(lambda m: m.employee_id == self.emp_a)
        self._target(member, self.april, 10000.0)
        if not plan_b.rule_ids:
            self._rule("tiered", [(0.0, 0.0, 0.02)], plan=plan_b, name="Flat 2 %")
        self._invoice(self.user_a, "2026-04-10", quantity=2)
        second = self._run(self.april, member, plan=plan_b)[self.emp_a]
        second.with_user(self.user_approver).action_approve()
        calls, computed = self._count_compute()
        both = (march | second).with_user(self.user_payroll)
        both.action_post_to_payroll()
        self.assertEqual(set(both.mapped("state")), {"posted"})
        payslip = march.payslip_id
        self.assertEqual(second.payslip_id, payslip)
        self.assertEqual(str(payslip.date_from), "2026-04-01")
        self.assertEqual(self._inputs(payslip, "SPCOMM").amount, 140.0)
        self.assertEqual(calls, [(payslip.id,)])
        self.assertEqual(computed, {payslip.id: 1})
        self.assertEqual(
            self._inputs(payslip, "SPCOMM").sp_statement_line_ids,
            (march | second).line_ids.filtered(lambda line: line.kind == "commission"),
        )

    def test_setwise_computation_is_payroll_one_by_one(self):
        """Issue 25: many payslips are computed together (their lines
        created in one go, their state written together), with the lines,
        numbers and state OCA payroll's compute_sheet gives one payslip at
        a time. Wang Wei and Li Na's statements posted (commission 100.00
        and 200.00, R-W1), the team's four sellers' (20.00 x (i + 1)): each
        payslip is computed again together, then one by one, and its lines
        (code, amount, quantity, rate, total) are the same both times, the
        old ones replaced, not added."""
        # the company's payslip numbers (payroll's sequence is the main
        # company's)
        self.env["ir.sequence"].create(
            {
                "name": "Salary slips",
                "code": "salary.slip",
                "prefix": "SLIP/",
                "padding": 4,
                "company_id": self.company.id,
            }
        )
        statements = self._approved(self.member_a | self.member_b)
        everyone = statements[self.emp_a] | statements[self.emp_b]
        everyone |= self._team(4, "Seller")
        self._post(everyone)
        payslips = everyone.payslip_id.sudo()
        self.assertEqual(len(payslips), 6)
        self.assertTrue(payslips._sp_compute_sheet_is_payroll())
        numbers = {p: p.number for p in payslips}
        self.assertTrue(all(numbers.values()))

        def lines():
            self.env.invalidate_all()
            return {
                p: sorted(
                    (
                        line.code,
                        line.amount,
                        line.quantity,
                        line.rate,
                        line.total,
                        line.employee_id,
                        line.contract_id,
                    )
                    for line in p.line_ids
                )
                for p in payslips
            }

        together = lines()
        self.assertEqual(
            {
                p: {row[0]: row[4] for row in rows}["SPCOMM"]
                for p, rows in together.items()
            },
            {
                s.payslip_id: s.line_ids.filtered(
                    lambda line: line.kind == "commission"
                ).amount
                for s in everyone
            },
        )
        self.assertEqual(
            sorted(
                {row[0]: row[4] for row in rows}["SPCOMM"] for rows in together.values()
            ),
            [20.0, 40.0, 60.0, 80.0, 100.0, 200.0],
        )
        payslips.compute_sheet()  # together again: replaced, not added
        self.assertEqual(lines(), together)
        for payslip in payslips:
            payslip.compute_sheet()  # one by one: OCA payroll's own loop
        self.assertEqual(lines(), together)
        self.assertEqual({p: p.number for p in payslips}, numbers)
        self.assertEqual(set(payslips.mapped("state")), {"verify"})
        # new payslips get their numbers in order, as one by one
        fresh = payslips.browse().union(*(p.copy() for p in payslips))
        fresh.compute_sheet()
        self.assertTrue(all(fresh.mapped("number")))
        self.assertEqual(
            fresh.sorted("id").mapped("number"),
            sorted(fresh.mapped("number")),
        )

    def _worked_days_cases(self):
        """Six sellers whose March worked days differ as payroll computes
        them: the company's calendar in two time zones, a personal leave
        (9-10 March), a 4-day calendar in Shanghai with a contract from 11
        March and a public holiday on 16 March on that calendar, flexible
        hours. Returns their approved statements."""
        team = self._team(6, "Worker")
        employees = [s.employee_id for s in team.sorted("id")]
        contracts = {
            employee: self.env["hr.contract"].search(
                [("employee_id", "=", employee.id)]
            )
            for employee in employees
        }
        company_calendar = contracts[employees[0]].resource_calendar_id
        self.assertTrue(company_calendar)
        short_week = self.env["resource.calendar"].create(
            {"name": "Four days", "tz": "Asia/Shanghai", "company_id": self.company.id}
        )
        short_week.attendance_ids.filtered(lambda a: a.dayofweek == "4").unlink()
        employees[0].tz = "UTC"
        employees[1].tz = "Asia/Shanghai"
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Personal leave",
                "calendar_id": company_calendar.id,
                "resource_id": employees[2].resource_id.id,
                "date_from": "2026-03-09 00:00:00",
                "date_to": "2026-03-10 23:59:59",
                "time_type": "leave",
            }
        )
        for employee in employees[3:5]:
            employee.tz = "Asia/Shanghai"
            contracts[employee].resource_calendar_id = short_week
        contracts[employees[3]].date_start = "2026-03-11"
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": short_week.id,
                "date_from": "2026-03-16 00:00:00",
                "date_to": "2026-03-16 23:59:59",
                "time_type": "leave",
            }
        )
        contracts[employees[5]].resource_calendar_id = self.env[
            "resource.calendar"
        ].create(
            {
                "name": "Flexible",
                "flexible_hours": True,
                "hours_per_day": 7.0,
                "company_id": self.company.id,
            }
        )
        return team, [contracts[employee] for employee in employees]

    def test_worked_days_set_wise_are_payroll_s(self):
        """The worked days computed for many payslips at once are, for
        every contract, what OCA payroll's get_worked_day_lines gives for it
        alone: leaves, a public holiday, time zones, a contract starting in
        the month, flexible hours (issue 25)."""
        _team, contracts = self._worked_days_cases()
        Payslip = self.env["hr.payslip"]
        start, end = self.march.date_start, self.march.date_end
        known = Payslip._sp_worked_day_lines_batch(
            [(contract, start, end) for contract in contracts]
        )
        for contract in contracts:
            expected = Payslip.get_worked_day_lines(contract, start, end)
            self.assertEqual(known[((contract.id,), start, end)], expected)
        codes = [
            [line["code"] for line in known[((c.id,), start, end)]] for c in contracts
        ]
        # the cases are what they say: leaves where there are, none else
        self.assertEqual(codes[0], ["WORK100"])
        self.assertEqual(codes[2], ["GLOBAL", "WORK100"])
        self.assertEqual(codes[3], ["GLOBAL", "WORK100"])
        self.assertEqual(codes[4], ["GLOBAL", "WORK100"])
        self.assertEqual(codes[5], ["WORK100"])
        days = [known[((c.id,), start, end)][-1:] for c in contracts]
        self.assertNotEqual(days[3], days[4])  # from 11 March

    def test_posting_creates_payslips_with_payroll_s_worked_days(self):
        """The payslips posting creates for those sellers carry the worked
        days OCA payroll computes for each of them."""
        team, contracts = self._worked_days_cases()
        team.with_user(self.user_payroll).action_post_to_payroll()
        self.assertEqual(set(team.mapped("state")), {"posted"})
        Payslip = self.env["hr.payslip"]
        fields = ("name", "sequence", "code", "number_of_days", "number_of_hours")
        for contract in contracts:
            slip = Payslip.search([("employee_id", "=", contract.employee_id.id)])
            self.assertEqual(len(slip), 1)
            expected = Payslip.get_worked_day_lines(
                contract, slip.date_from, slip.date_to
            )
            self.assertEqual(
                sorted(
                    tuple(line[f] for f in fields) for line in slip.worked_days_line_ids
                ),
                sorted(tuple(values[f] for f in fields) for values in expected),
            )

    def test_posting_numbers_payslips_in_order(self):
        """The payslips computed together take the next numbers of the
        payslip sequence, one each, in the order OCA payroll draws them
        (payslip by payslip)."""
        team = self._team(4, "Numbered")
        sequence = self.env["ir.sequence"].create(
            {
                "name": "Payslips",
                "code": "salary.slip",
                "company_id": self.company.id,
                "prefix": "PAY/",
                "padding": 4,
                "number_next": 7,
            }
        )
        first = 7
        team.with_user(self.user_payroll).action_post_to_payroll()
        payslips = team.payslip_id.sorted("id")
        self.assertEqual(len(payslips), 4)
        self.assertEqual(
            payslips.mapped("number"),
            [sequence.get_next_char(first + index) for index in range(4)],
        )
