# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The explanations of commission lines, one builder per sentence.

Rules (``sales.performance.commission.rule._compute_<type>``) compute the
figures and call these builders with them; the builders format the numbers
(:func:`money`, :func:`pct`, :func:`num`) and translate the sentence in the
language of ``env``. Each sentence is one literal, so the text a user sees can
be found in the source as it reads. Nothing here imports from ``models``.

A builder returns a :class:`Sentence`: the text in the language of ``env``
(what the run stores as it did before), which also keeps its source literal
and its formatted parameters. The statement line stores those
(:func:`to_data`) and shows the sentence in the reader's language
(:func:`render`): a Chinese salesperson reads the arithmetic in Chinese
whatever the language of whoever ran the commission.
"""

import functools


class Sentence(str):
    """A translated sentence that remembers its source literal (``msgid``)
    and its parameters, already formatted (numbers as the builders format
    them; names as given). Parameters may be sentences themselves."""

    def __new__(cls, text, msgid, params):
        sentence = super().__new__(cls, text)
        sentence.msgid = msgid
        sentence.params = params
        return sentence


class _Recorder:
    """What the builders see as ``env``: ``_`` translates as ``env._`` does
    (from this module, so with the addon's terms) and keeps the source."""

    def __init__(self, env):
        self.env = env

    def _(self, msgid, **params):
        return Sentence(self.env._(msgid, **params), msgid, params)


def recorder(env):
    """What a message is written with (tools/readers.py): ``recorder(env)._(
    "literal", **params)`` translates in the language of ``env`` and keeps the
    source, so that every reader gets the text in their own language."""
    return _Recorder(env)


def sentence(builder):
    """Decorate a builder so that it returns a :class:`Sentence`."""

    @functools.wraps(builder)
    def build(env, *args, **kwargs):
        return builder(_Recorder(env), *args, **kwargs)

    return build


def to_data(value):
    """What a statement line stores of an explanation: ``{"msgid", "params"}``
    for a :class:`Sentence` (nested for sentences in parameters), ``None`` for
    plain text (it has no source to translate again)."""
    if not isinstance(value, Sentence):
        return None
    params = {}
    for key, param in value.params.items():
        if isinstance(param, Sentence):
            params[key] = to_data(param)
        elif isinstance(param, int | float) and not isinstance(param, bool):
            params[key] = param
        else:
            params[key] = str(param)
    return {"msgid": value.msgid, "params": params}


def render(env, data):
    """The sentence stored by :func:`to_data`, in the language of ``env``;
    ``None`` without data. Translations come from the addon's code terms
    (cached by Odoo), no query."""
    if not data or not data.get("msgid"):
        return None
    params = {
        key: render(env, value) if isinstance(value, dict) else value
        for key, value in (data.get("params") or {}).items()
    }
    # the source literals are those of the builders below (exported there);
    # through a name the term extractor does not read as a literal call
    translate = env._
    return translate(data["msgid"], **params)


def pct(ratio, digits=4):
    """0.025 -> '2.5 %' (rates keep up to 4 decimals, ratios 1 or 2)."""
    return f"{ratio * 100:.{digits}f}".rstrip("0").rstrip(".") + " %"


def money(amount):
    return f"{amount:,.2f}"


def num(value):
    """1.2 -> '1.2', 2.0 -> '2'."""
    return f"{value:g}"


# ----------------------------------------------------------------------
# Flat rate, tiers and the grade gate (R-C1, R-C2)
# ----------------------------------------------------------------------
@sentence
def flat(env, base, rate, amount):
    return env._(
        "%(base)s × %(rate)s = %(amount)s (flat rate, no target).",
        base=money(base),
        rate=pct(rate),
        amount=money(amount),
    )


@sentence
def no_target(env, metric, period):
    return env._(
        "No %(metric)s target for %(period)s: no tiered commission.",
        metric=metric,
        period=period,
    )


@sentence
def in_no_band(env, base, target, completion):
    return env._(
        "%(base)s / %(target)s = %(completion)s completion: in no band of the rule: no commission.",
        base=money(base),
        target=money(target),
        completion=pct(completion, 2),
    )


@sentence
def below_gate(env, base, target, completion, minimum, lower):
    return env._(
        "%(base)s / %(target)s = %(completion)s completion, below the gate minimum (%(minimum)s) under the first band (%(lower)s): no commission.",
        base=money(base),
        target=money(target),
        completion=pct(completion, 2),
        minimum=pct(minimum),
        lower=pct(lower) if lower is not None else "-",
    )


@sentence
def below_first_band(env, base, target, completion, lower):
    return env._(
        "%(base)s / %(target)s = %(completion)s completion, below the first band (%(lower)s): no commission.",
        base=money(base),
        target=money(target),
        completion=pct(completion, 2),
        lower=pct(lower) if lower is not None else "-",
    )


@sentence
def marginal_bands(env, completion, parts, amount):
    """``parts``: ``[(amount in the band, band rate)]``."""
    return env._(
        "%(completion)s completion; marginal bands: %(parts)s = %(amount)s.",
        completion=pct(completion, 2),
        parts=" + ".join(f"{money(part)} × {pct(rate)}" for part, rate in parts),
        amount=money(amount),
    )


@sentence
def whole_band(env, base, rate, amount, completion, lower):
    return env._(
        "%(base)s × %(rate)s = %(amount)s (completion %(completion)s, band from %(lower)s).",
        base=money(base),
        rate=pct(rate),
        amount=money(amount),
        completion=pct(completion, 2),
        lower=pct(lower),
    )


@sentence
def gate_waiting(env, base, rate, due, completion, period):
    return env._(
        "%(base)s × %(rate)s = %(due)s due at %(completion)s completion; no approved appraisal for %(period)s: pays nothing until it exists.",
        base=money(base),
        rate=pct(rate),
        due=money(due),
        completion=pct(completion, 2),
        period=period,
    )


@sentence
def gate_paid(env, base, rate, due, completion, grade, factor, amount):
    return env._(
        "%(base)s × %(rate)s = %(due)s due at %(completion)s completion; grade %(grade)s pays %(factor)s → %(amount)s.",
        base=money(base),
        rate=pct(rate),
        due=money(due),
        completion=pct(completion, 2),
        grade=grade,
        factor=pct(factor),
        amount=money(amount),
    )


# ----------------------------------------------------------------------
# Manager on the team total (R-C3), store pool (R-C4)
# ----------------------------------------------------------------------
@sentence
def team_below_gate(env, count, total, target, completion, minimum):
    return env._(
        "Team of %(count)s: %(total)s / %(target)s = %(completion)s completion, below the gate minimum (%(minimum)s): no commission.",
        count=count,
        total=money(total),
        target=money(target),
        completion=pct(completion, 2),
        minimum=pct(minimum),
    )


@sentence
def team(env, count, total, rate, target, excess, excess_rate, amount):
    return env._(
        "Team of %(count)s: %(total)s × %(rate)s + (%(total)s − %(target)s target) above target %(excess)s × %(excess_rate)s = %(amount)s.",
        count=count,
        total=money(total),
        rate=pct(rate),
        target=money(target),
        excess=money(excess),
        excess_rate=pct(excess_rate),
        amount=money(amount),
    )


@sentence
def pool_share(env, total, rate, pool, tf, grade, coefficient, amount):
    """R-C4 with its terms said (issue 23): TF, R and F in words."""
    return env._(
        "Pool %(total)s × %(rate)s = %(pool)s; TF (the total of the grade coefficients of those sharing the pool) = %(tf)s; R (the pool per coefficient point) = %(pool)s / %(tf)s; F (the coefficient of grade %(grade)s) = %(f)s; R × F = %(amount)s.",
        total=money(total),
        rate=pct(rate),
        pool=money(pool),
        tf=num(tf),
        grade=grade,
        f=num(coefficient),
        amount=money(amount),
    )


@sentence
def pool_share_before_18_0_1_3(env, total, rate, pool, tf, grade, coefficient, amount):
    """The sentence of the pool lines computed before 18.0.1.3.0, which
    store its source: kept so that they still read in every language."""
    return env._(
        "Pool %(total)s × %(rate)s = %(pool)s; TF = %(tf)s; R = %(pool)s / %(tf)s; grade %(grade)s F = %(f)s → %(amount)s.",
        total=money(total),
        rate=pct(rate),
        pool=money(pool),
        tf=num(tf),
        grade=grade,
        f=num(coefficient),
        amount=money(amount),
    )


@sentence
def pool_waiting(env, pool, period):
    return env._(
        "Pool %(pool)s: no approved appraisal for %(period)s, so no grade coefficient: pays nothing until it exists.",
        pool=money(pool),
        period=period,
    )


# ----------------------------------------------------------------------
# Deals: project (R-C5), price ratio (R-C6), above list (R-C7), single
# deal (R-C9)
# ----------------------------------------------------------------------
@sentence
def project_manager(env, move, contract, rate, amount):
    return env._(
        "%(move)s: contract %(contract)s × project manager %(rate)s = %(amount)s.",
        move=move,
        contract=money(contract),
        rate=pct(rate),
        amount=money(amount),
    )


@sentence
def project_pool(env, move, contract, rate, pool, share, amount):
    return env._(
        "%(move)s: contract %(contract)s × pool %(rate)s = %(pool)s; share %(share)s → %(amount)s.",
        move=move,
        contract=money(contract),
        rate=pct(rate),
        pool=money(pool),
        share=pct(share),
        amount=money(amount),
    )


@sentence
def no_cost(env, move):
    return env._(
        "%(move)s: no product cost, so no base price: enter the cost of its products; pays nothing until then.",
        move=move,
    )


@sentence
def price_ratio(env, move, factor, cost, base, net, ratio, rate, total, share, amount):
    return env._(
        "%(move)s: base %(factor)s × cost %(cost)s = %(base)s; net %(net)s; ratio %(ratio)s → %(net)s × %(rate)s = %(total)s; share %(share)s → %(amount)s.",
        move=move,
        factor=num(factor),
        cost=money(cost),
        base=money(base),
        net=money(net),
        ratio=pct(ratio, 2),
        rate=pct(rate),
        total=money(total),
        share=pct(share),
        amount=money(amount),
    )


@sentence
def price_ratio_over(
    env, move, factor, cost, base, net, ratio, rate, excess_rate, total, share, amount
):
    return env._(
        "%(move)s: base %(factor)s × cost %(cost)s = %(base)s; net %(net)s; ratio %(ratio)s above 100 %% → %(base)s × %(rate)s + %(excess)s × %(excess_rate)s = %(total)s; share %(share)s → %(amount)s.",
        move=move,
        factor=num(factor),
        cost=money(cost),
        base=money(base),
        net=money(net),
        ratio=pct(ratio, 2),
        rate=pct(rate),
        excess=money(net - base),
        excess_rate=pct(excess_rate),
        total=money(total),
        share=pct(share),
        amount=money(amount),
    )


@sentence
def above_list_basis(env, taxed):
    if taxed:
        return env._("tax included: invoice lines and list prices with VAT")
    return env._(
        "after tax: invoice lines and list prices without VAT, the VAT taken out of tax-included list prices"
    )


@sentence
def above_list_negotiated(env, move, above):
    return env._(
        "%(move)s: %(above)s above list price, but the company negotiated the deal: not paid.",
        move=move,
        above=money(above),
    )


@sentence
def above_list(env, move, above, basis, rate, amount):
    return env._(
        "%(move)s: %(above)s above list price (%(basis)s) × %(rate)s = %(amount)s.",
        move=move,
        above=money(above),
        basis=basis,
        rate=pct(rate),
        amount=money(amount),
    )


@sentence
def single_deal(env, move, revenue, rate, amount):
    return env._(
        "%(move)s: %(revenue)s credited × %(rate)s = %(amount)s.",
        move=move,
        revenue=money(revenue),
        rate=pct(rate),
        amount=money(amount),
    )


# ----------------------------------------------------------------------
# Hard target (R-C8), thresholds (R-C12), year end (R-P2)
# ----------------------------------------------------------------------
@sentence
def hard_target_none(env, actual, period):
    return env._(
        "Net %(actual)s for %(period)s: no hard-target pay.",
        actual=money(actual),
        period=period,
    )


@sentence
def hard_target(env, actual, target, rate, amount):
    return env._(
        "(%(actual)s / %(target)s) × %(actual)s × %(rate)s = %(amount)s.",
        actual=money(actual),
        target=money(target),
        rate=pct(rate),
        amount=money(amount),
    )


@sentence
def threshold_missed(env, start, end, cumulative, threshold):
    return env._(
        "%(start)s to %(end)s: %(cumulative)s below the %(threshold)s threshold: no bonus.",
        start=start,
        end=end,
        cumulative=money(cumulative),
        threshold=money(threshold),
    )


@sentence
def threshold_reached(env, start, end, cumulative, threshold, rate, amount):
    return env._(
        "%(start)s to %(end)s: %(cumulative)s reaches the %(threshold)s threshold: %(cumulative)s × %(rate)s = %(amount)s.",
        start=start,
        end=end,
        cumulative=money(cumulative),
        threshold=money(threshold),
        rate=pct(rate),
        amount=money(amount),
    )


@sentence
def year_end(env, year, yearly, rate, amount):
    return env._(
        "Year %(year)s: %(yearly)s × %(rate)s = %(amount)s.",
        year=year,
        yearly=money(yearly),
        rate=pct(rate),
        amount=money(amount),
    )


# ----------------------------------------------------------------------
# Performance pay (R-P1), honours (R-P3)
# ----------------------------------------------------------------------
@sentence
def perf_pay_waiting(env, wage, share, base, period):
    return env._(
        "Wage %(wage)s × %(share)s = %(base)s of performance pay; no approved appraisal for %(period)s: pays nothing until it exists.",
        wage=money(wage),
        share=pct(share),
        base=money(base),
        period=period,
    )


@sentence
def perf_pay(env, wage, share, base, grade, coefficient, amount):
    return env._(
        "Wage %(wage)s × %(share)s = %(base)s; grade %(grade)s × %(coefficient)s → %(amount)s.",
        wage=money(wage),
        share=pct(share),
        base=money(base),
        grade=grade,
        coefficient=num(coefficient),
        amount=money(amount),
    )


@sentence
def honour_awarded(env, honour, period, plan):
    return env._(
        "%(honour)s for %(period)s is already awarded in plan %(plan)s: not paid twice.",
        honour=honour,
        period=period,
        plan=plan,
    )


@sentence
def honour_paid(env, honour, period, grades, months, wage, amount):
    """``grades``: ``{dimension: grade}`` of the appraisal."""
    return env._(
        "%(honour)s for %(period)s (%(grades)s): %(months)s months × wage %(wage)s = %(amount)s.",
        honour=honour,
        period=period,
        grades=", ".join(f"{d.name} {g.code}" for d, g in grades.items()),
        months=num(months),
        wage=money(wage),
        amount=money(amount),
    )


# ----------------------------------------------------------------------
# Clawbacks (R-C11)
# ----------------------------------------------------------------------
@sentence
def clawback_capped(env, explanation, left):
    return env._(
        "%(explanation)s Capped at %(left)s: the commission paid on the invoice less its earlier clawbacks (R-C11).",
        explanation=explanation,
        left=money(left),
    )


@sentence
def clawback_name(env, rule, invoice):
    return env._("%(rule)s: refund of %(invoice)s", rule=rule, invoice=invoice)


@sentence
def correction_name(env, rule, period):
    return env._("%(rule)s, %(period)s recomputed", rule=rule, period=period)


@sentence
def clawback(env, invoice, refunded, rate, amount, paid):
    return env._(
        "Refund of %(invoice)s, already commissioned: %(refunded)s of base × %(rate)s (the rate paid on it) = %(amount)s, at most the %(paid)s paid on it less earlier clawbacks (R-C11).",
        invoice=invoice,
        refunded=money(refunded),
        rate=pct(rate),
        amount=money(amount),
        paid=money(paid),
    )


@sentence
def correction(env, statement, booked, rule, due, difference):
    """A frozen statement recomputed in a later run (R-C11)."""
    return env._(
        "%(statement)s was approved with %(booked)s for %(rule)s; with today's invoices and payments it is worth %(due)s: %(difference)s booked here (R-C11).",
        statement=statement,
        booked=money(booked),
        rule=rule,
        due=money(due),
        difference=money(difference),
    )


@sentence
def correction_version(env, statement, booked, rule, version, due, difference):
    """A frozen statement recomputed because a version of the plan reaching
    back to its period changed its rules (issue 19)."""
    return env._(
        "%(statement)s was approved with %(booked)s for %(rule)s; %(version)s of the plan, approved to apply from an earlier period, makes it worth %(due)s: %(difference)s booked here.",
        statement=statement,
        booked=money(booked),
        rule=rule,
        version=version,
        due=money(due),
        difference=money(difference),
    )


@sentence
def clawback_paid(env, invoice, refunds, refunded, base, paid, before, amount):
    """R-C11: a refund takes back what was paid on the invoice, in the
    proportion it refunds (issue 19)."""
    return env._(
        "%(invoice)s refunded (%(refunds)s): %(refunded)s of the %(base)s it was paid on, so the same share of the %(paid)s paid on it is taken back, %(before)s of it before: %(amount)s (R-C11).",
        invoice=invoice,
        refunds=refunds,
        refunded=money(refunded),
        base=money(base),
        paid=money(paid),
        before=money(before),
        amount=money(amount),
    )


# ----------------------------------------------------------------------
# Recovery balance (R-C11, issue 19)
# ----------------------------------------------------------------------
@sentence
def recovery_brought_name(env):
    return env._("Clawbacks carried forward")


@sentence
def recovery_carried_name(env):
    return env._("Carried forward to the next statement")


@sentence
def recovery_brought(env, amount):
    return env._(
        "Clawbacks that earlier statements could not take: %(amount)s, taken from this statement (R-C11).",
        amount=money(amount),
    )


@sentence
def recovery_carried_all(env, short, carried):
    return env._(
        "The clawbacks exceed this statement's commission by %(short)s: nothing is deducted from other pay, %(carried)s is carried forward to the next statement (R-C11).",
        short=money(short),
        carried=money(carried),
    )


@sentence
def recovery_carried(env, short, deducted, cap, wage, carried):
    return env._(
        "The clawbacks exceed this statement's commission by %(short)s: %(deducted)s is deducted from other pay (at most %(cap)s of the %(wage)s wage) and %(carried)s is carried forward to the next statement (R-C11).",
        short=money(short),
        deducted=money(deducted),
        cap=pct(cap),
        wage=money(wage),
        carried=money(carried),
    )
