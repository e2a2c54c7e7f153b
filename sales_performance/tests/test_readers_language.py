# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every message is written for its reader (issue 23): activities in their
assignee's language, notes and notifications in their recipient's, amounts
in the currency; and whoever opens the record reads them in their own
language, whoever acted. A Chinese salesperson (Wang Wei) works with an
English-speaking manager (Zhang Min) and HR officer (Sun Li)."""

import html
import re

from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from ..tools import explain, readers
from .common import SalesPerformanceCommon

FLAT = [(0.0, 0.0, 0.02)]  # 2 % of everything


@tagged("post_install", "-at_install")
class TestReadersLanguage(SalesPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        cls.user_a.lang = "zh_CN"
        cls.user_hr = cls._create_salesperson(
            "Sun Li", "sp_readers_hr", "sales_performance.group_sp_approver"
        )[0]
        cls.plan.appraisal_approver_id = cls.user_hr
        cls.plan.appraisal_scale_id = cls.env.ref("sales_performance.grade_scale_sabcd")
        cls.env["sales.performance.scorecard.indicator"].create(
            {
                "plan_id": cls.plan.id,
                "cycle": "month",
                "name": "Teamwork",
                "weight": 100,
                "kind": "qualitative",
                "scorer": "both",
                "self_weight": 30,
            }
        )
        cls._target(cls.member_a, cls.march, 10000.0)
        # the company's rule, named in English and in Chinese
        cls.rule = cls._rule("tiered", FLAT, name="Flat 2 %")
        cls.rule.update_field_translations("name", {"zh_CN": "提成 2 %"})
        cls._invoice(cls.user_a, "2026-03-05", quantity=5)  # 5,000 x 2 % = 100.00
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    # ------------------------------------------------------------------
    # What a reader's web client receives: the RPC context carries the
    # user's language.
    # ------------------------------------------------------------------
    def _as(self, records, user):
        return records.with_user(user).with_context(lang=user.lang or "en_US")

    def _activity_summaries(self, record, user):
        store = Store(self._as(record.activity_ids, user)).get_result()
        return sorted(a["summary"] for a in store.get("mail.activity", []))

    def _bodies(self, record, user, **domain):
        """The bodies of ``record``'s chatter messages as ``user`` reads
        them (the chatter leaves user notifications out)."""
        messages = record.message_ids.filtered(
            lambda m: (
                m.message_type != "user_notification"
                and all(m[key] == value for key, value in domain.items())
            )
        )
        store = Store(self._as(messages, user)).get_result()
        return [str(m["body"]) for m in store.get("mail.message", [])]

    @staticmethod
    def _text(body):
        """The text of an HTML body."""
        return html.unescape(re.sub(r"<[^>]+>", "", str(body))).replace("\xa0", " ")

    def _zh(self, msgid, **params):
        """``msgid`` as the addon's Chinese terms translate it."""
        return explain.render(self.zh, {"msgid": msgid, "params": params})

    # ------------------------------------------------------------------
    # Activities and their done messages
    # ------------------------------------------------------------------
    def test_appraisal_activities_in_the_assignees_language(self):
        # appraisals are generated for an approved plan (issue 21)
        self.plan.action_approve()
        appraisal = (
            self.env["sales.performance.appraisal"]
            ._sp_generate(self.plan, self.march)
            .filtered(lambda a: a.employee_id == self.emp_a)
        )
        # started by an English-speaking administrator: the self-assessment
        # is the Chinese salesperson's, in Chinese
        activity = appraisal.activity_ids
        self.assertEqual(activity.user_id, self.user_a)
        chinese = self._zh("Self-assessment of %(period)s", period="2026-03")
        self.assertNotEqual(chinese, "Self-assessment of 2026-03")
        self.assertEqual(activity.summary, chinese)
        # the manager opening the appraisal reads it in English
        self.assertEqual(
            self._activity_summaries(appraisal, self.user_manager),
            ["Self-assessment of 2026-03"],
        )
        self.assertEqual(self._activity_summaries(appraisal, self.user_a), [chinese])
        # the Chinese salesperson submits: the manager's rating is in English
        line = appraisal.line_ids
        self._as(line, self.user_a).self_score = 90.0
        self._as(appraisal, self.user_a).action_submit_self()
        activity = appraisal.activity_ids
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(activity.summary, "Rate Wang Wei for 2026-03")
        self.assertEqual(
            self._activity_summaries(appraisal, self.user_a),
            [
                self._zh(
                    "Rate %(employee)s for %(period)s",
                    employee="Wang Wei",
                    period="2026-03",
                )
            ],
        )
        # the done self-assessment reads in each reader's language
        done = appraisal.message_ids.filtered("mail_activity_type_id")
        self.assertEqual(len(done), 1)
        (english,) = self._bodies(appraisal, self.user_manager, id=done.id)
        self.assertIn("Self-assessment of 2026-03", english)
        (chinese_body,) = self._bodies(appraisal, self.user_a, id=done.id)
        self.assertIn(chinese, chinese_body)
        self.assertNotIn("Self-assessment", chinese_body)

    # ------------------------------------------------------------------
    # A dispute and its answer
    # ------------------------------------------------------------------
    def test_dispute_messages_for_their_readers(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        line = statement.line_ids
        # the line is named after its rule in its employee's language
        self.assertEqual(line.name, "提成 2 %")
        self._as(line, self.user_a).action_dispute("漏算了一张发票。")
        amount = readers.amount(self.env, 100.0, self.currency).replace("\xa0", " ")
        self.assertIn("100.00", amount)
        # HR's activity is in HR's language, whoever disputed
        activity = statement.activity_ids
        self.assertEqual(activity.user_id, self.user_hr)
        self.assertEqual(activity.summary, "Answer the dispute of Flat 2 %")
        self.assertEqual(
            self._activity_summaries(statement, self.user_hr),
            ["Answer the dispute of Flat 2 %"],
        )
        # the note: in Chinese as written, in English for HR, the amount
        # in the currency
        note = statement.message_ids.filtered("sp_body_data")
        source = "%(user)s disputes '%(line)s' (%(amount)s): %(reason)s"
        params = {
            "user": "Wang Wei",
            "line": "提成 2 %",
            "amount": amount,
            "reason": "漏算了一张发票。",
        }
        self.assertIn(self._zh(source, **params), self._text(note.body))
        (english,) = self._bodies(statement, self.user_hr, id=note.id)
        self.assertIn(
            f"Wang Wei disputes 'Flat 2 %' ({amount}): 漏算了一张发票。",
            self._text(english),
        )
        # the salesperson's own page: one full stop, not two
        self.assertNotIn("。。", self._as(line, self.user_a).dispute_note)
        self.assertIn("漏算了一张发票", self._as(line, self.user_a).dispute_note)
        # HR (English) accepts with an adjustment
        self._as(line, self.user_hr).action_resolve_dispute(
            True, "Two invoices were missed.", 20.0
        )
        adjustment = line.adjustment_line_id
        self.assertEqual(
            adjustment.name, self._zh("Dispute of %(line)s", line="提成 2 %")
        )
        answer = statement.message_ids.filtered(
            lambda m: m.sp_body_data and m.partner_ids
        )
        self.assertEqual(answer.partner_ids, self.user_a.partner_id)
        self.assertIn(
            self._zh(
                "Dispute of '%(line)s' accepted by %(user)s: %(resolution)s",
                line="提成 2 %",
                user="Sun Li",
                resolution="Two invoices were missed.",
            ),
            self._text(answer.body),
        )
        (english,) = self._bodies(statement, self.user_hr, id=answer.id)
        self.assertIn(
            "Dispute of 'Flat 2 %' accepted by Sun Li: Two invoices were missed.",
            self._text(english),
        )
        # HR's activity is done; its message reads in the salesperson's
        # language for the salesperson
        self.assertFalse(statement.activity_ids)
        done = statement.message_ids.filtered("mail_activity_type_id")
        (chinese,) = self._bodies(statement, self.user_a, id=done.id)
        self.assertIn(
            self._zh("Answer the dispute of %(line)s", line="提成 2 %"), chinese
        )

    def test_recipients_of_two_languages_get_one_message_each(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        body = explain.recorder(self.env)._(
            "Paid with payslip %(payslip)s.", payslip="SLIP/001"
        )
        messages = readers.post(
            statement,
            body,
            partners=self.user_a.partner_id | self.user_hr.partner_id,
        )
        self.assertEqual(len(messages), 2)
        posted = messages.filtered(lambda m: m.message_type != "user_notification")
        notified = messages - posted
        self.assertEqual(posted.partner_ids, self.user_a.partner_id)
        self.assertIn(
            self._zh("Paid with payslip %(payslip)s.", payslip="SLIP/001"),
            str(posted.body),
        )
        self.assertEqual(notified.partner_ids, self.user_hr.partner_id)
        self.assertIn("Paid with payslip SLIP/001.", str(notified.body))
        # the chatter shows it once
        self.assertEqual(len(self._bodies(statement, self.user_hr, id=posted.id)), 1)

    # ------------------------------------------------------------------
    # Mails and status history
    # ------------------------------------------------------------------
    def test_approved_mail_in_the_employees_language_once(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self._as(statement, self.user_hr).action_approve()
        mails = self.env["mail.mail"].search(
            [("model", "=", statement._name), ("res_id", "=", statement.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertIn("100.00", mails.subject)
        self.assertIn("提成结算单", mails.subject)
        # reopened and approved again, same amount: no second mail
        self._as(statement, self.user_hr).action_reset_to_computed()
        self._as(statement, self.user_hr).action_approve()
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", statement._name), ("res_id", "=", statement.id)]
            ),
            1,
        )

    def test_status_history_in_the_readers_language(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        # approved later than it was computed (Odoo tracks nothing of a
        # record in the transaction that created it)
        self.env.flush_all()
        self.env.cr.precommit.data.pop(f"mail.tracking.{statement._name}", None)
        # an English approver approves, with tracking
        statement.with_user(self.user_hr).with_context(
            tracking_disable=False, mail_notrack=False, lang="en_US"
        ).action_approve()
        self.env.flush_all()
        statement.env.cr.precommit.run()
        statement.invalidate_recordset(["message_ids"])
        tracking = statement.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(tracking.new_value_char, "Approved")
        state = statement._fields["state"]
        label = dict(state._description_selection(self.zh))["approved"]
        self.assertNotEqual(label, "Approved")
        message = tracking.mail_message_id

        def shown(user):
            store = Store(self._as(message, user), for_current_user=True)
            values = store.get_result()["mail.message"][0]["trackingValues"]
            return [v["newValue"]["value"] for v in values if v["fieldName"] == "state"]

        self.assertEqual(shown(self.user_a), [label])
        self.assertEqual(shown(self.user_hr), ["Approved"])

    def test_plan_acknowledged_note_for_hr(self):
        self.plan.action_approve()
        self.member_a._sp_acknowledge(self.user_a.with_context(lang="zh_CN"))
        note = self.plan.message_ids.filtered("sp_body_data")
        self.assertIn("Wang Wei acknowledged the plan.", str(note.body))
        (chinese,) = self._bodies(self.plan, self.user_a, id=note.id)
        self.assertIn(
            self._zh("%(user)s acknowledged the plan.", user="Wang Wei"), chinese
        )


@tagged("post_install", "-at_install")
class TestPayrollMessagesLanguage(SalesPerformanceCommon):
    """Posting and paying: the employee's notes in their language, the
    amount in the currency (no "1273.5")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_performance"], ["zh_CN"], overwrite=True
        )
        cls.user_a.lang = "zh_CN"
        cls.user_approver = cls._create_salesperson(
            "Approver", "sp_readers_approver", "sales_performance.group_sp_approver"
        )[0]
        cls.user_payroll = cls._create_salesperson(
            "Payroll Officer",
            "sp_readers_payroll",
            "sales_performance.group_sp_payroll,payroll.group_payroll_manager",
        )[0]
        structure = cls.env["hr.payroll.structure"].create(
            {"name": "Sales staff", "code": "SALESZH", "company_id": cls.company.id}
        )
        structure.action_sp_add_rules()
        cls.env["hr.contract"].create(
            {
                "name": "Wang Wei",
                "employee_id": cls.emp_a.id,
                "wage": 7000.0,
                "date_start": "2026-01-01",
                "state": "open",
                "struct_id": structure.id,
            }
        )
        cls._target(cls.member_a, cls.march, 10000.0)
        cls._rule("tiered", FLAT, name="Flat 2 %")
        # 63,675 x 2 % = 1,273.50
        cls._invoice(cls.user_a, "2026-03-05", quantity=1, price=63675.0)

    def test_posted_and_paid_notes_in_the_employees_language(self):
        statement = self._run(self.march, self.member_a)[self.emp_a]
        self.assertEqual(statement.amount_total, 1273.5)
        statement.with_user(self.user_approver).with_context(
            sp_no_statement_mail=True
        ).action_approve()
        statement.with_user(self.user_payroll).action_post_to_payroll()
        self.assertEqual(statement.state, "posted")
        payslip = statement.payslip_id
        amount = readers.amount(self.env, 1273.5, self.currency).replace("\xa0", " ")
        self.assertIn("1,273.50", amount)
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        posted = explain.render(
            zh,
            {
                "msgid": "Posted to payslip %(payslip)s: %(amount)s.",
                "params": {"payslip": payslip._sp_reference(), "amount": amount},
            },
        )
        self.assertNotIn("Posted to payslip", posted)
        bodies = [
            TestReadersLanguage._text(m.body)
            for m in statement.message_ids.filtered("sp_body_data")
        ]
        self.assertTrue(any(posted in body for body in bodies), bodies)
        self.assertFalse([b for b in bodies if "1273.5" in b or "。。" in b])
        # the payslip named by its number or month, not by OCA payroll's
        # English name
        self.assertFalse([b for b in bodies if "Salary Slip" in b], bodies)
        payslip.with_user(self.user_payroll).action_payslip_done()
        self.assertEqual(statement.state, "paid")
        paid = statement.message_ids.filtered(
            lambda m: (
                m.sp_body_data
                and m.sp_body_data.get("msgid") == "Paid with payslip %(payslip)s."
            )
        )
        self.assertNotIn("Paid with payslip", str(paid.body))
        # the payroll officer reads it in English
        store = Store(
            paid.with_user(self.user_payroll).with_context(lang="en_US")
        ).get_result()
        self.assertIn("Paid with payslip", str(store["mail.message"][0]["body"]))
