"""The value of one placement (also an internship, BBL/BOL or work-experience place).

In order:

1. **Block.** The placement's own ``block``, or else the scheme's first placement-like block for
   its target group whose benefit-duration band holds the benefit duration (WW < 1 year or
   > 1 year, Participatiewet < 2 or > 2 years, …). No fitting band → 0, with the reason.
2. **Eligibility window.** A person hired more than ``eligibility_window_months`` before the
   contract's start counts 0 (hired on exactly that day still counts).
3. **Minimum hours.** Fewer hours per week than the block's (or else the scheme's) minimum → 0.
4. **Counted months** (:mod:`.months`): the overlap of employment and contract, within the
   candidate's remaining counting cap (12/24 months; none when the block counts always; days
   under a running wage subsidy when the block counts while it runs).
5. **FTE factor** = hours per week / base hours, at most 1 when the scheme caps it.
6. **Base value**: ``per_year_fte`` amount × FTE × months / 12; ``per_month`` amount × months;
   ``wage_cost`` the evidenced wage cost (when any month counts).
7. **Bonuses**: every bonus block whose condition holds (age at the reference date at least
   ``min_age``; permanent contract; status holder; or claimed by the placement). Of the bonuses
   in one ``tier_group`` only the highest applies unless the scheme lets tiers stack. A
   pro-rated bonus is amount × FTE × months / 12; a bonus that is not pro-rated counts its
   amount once per candidate.
8. The sum is rounded once to whole euros.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .contracts import ContractTerms, Placement
from .months import add_months, count
from .results import ItemValue, euros, show, value_step, whole_euros
from .schemes import Block, Scheme

ZERO = Fraction(0)


@dataclass
class _Trace:
    inputs: dict[str, Any]
    steps: list[str]


def choose_block(item: Placement, scheme: Scheme) -> Block | None:
    """The block that values ``item``: its own, or the one for its target group and benefit."""
    if item.block:
        return scheme.block(item.block)
    for block in scheme.blocks_of_kind("placement_like"):
        if block.target_group != item.target_group:
            continue
        if not block.has_band:
            return block
        if item.benefit_duration_months is not None and block.in_band(item.benefit_duration_months):
            return block
    return None


def value_placement(
    item: Placement,
    terms: ContractTerms,
    scheme: Scheme,
    months_used: dict[str, Fraction],
    one_off_bonuses: set[tuple[str, str]],
) -> ItemValue:
    """The placement's value; updates the candidate's used months and one-off bonuses."""
    trace = _Trace(
        inputs={
            "scheme": scheme.label,
            "candidate": item.candidate,
            "target_group": item.target_group,
            "benefit_duration_months": item.benefit_duration_months,
            "hours_per_week": str(item.hours_per_week),
            "start": item.start.isoformat(),
            "end": item.end.isoformat() if item.end else None,
            "reference_date": terms.reference_date.isoformat(),
        },
        steps=[],
    )
    block = choose_block(item, scheme)
    reason: tuple[str, str] | None
    if block is None:
        reason = (
            f"No block of {scheme.label} fits target group {item.target_group!r} with a benefit "
            f"of {item.benefit_duration_months} months.",
            "no_block",
        )
    else:
        trace.inputs.update(
            block=block.code, block_kind=block.kind, block_label=block.label, unit=block.unit
        )
        trace.inputs["amount_per_unit"] = str(block.amount)
        trace.steps.append(_block_step(block, scheme, item))
        reason = _why_nothing_counts(item, terms, scheme, block, trace)
    if block is None or reason is not None:
        text, code = reason or ("", "")
        trace.steps.append(f"{text} Value: €0.")
        trace.inputs["zero_reason"] = code
        code_of_block = block.code if block else ""
        return ItemValue(
            item.id, "placement", code_of_block, Decimal(0), trace.inputs, tuple(trace.steps)
        )

    key = item.candidate or f"item:{item.id}"
    months = _counted_months(item, terms, block, key, months_used, trace)
    fte = Fraction(item.hours_per_week) / Fraction(scheme.base_hours)
    fte_text = f"{show(item.hours_per_week)}/{show(scheme.base_hours)}"
    if scheme.cap_fte_at_one and fte > 1:
        fte, fte_text = Fraction(1), "1 (capped at full time)"
    trace.inputs["fte"] = show(fte)

    base = _base_value(item, block, fte, fte_text, months, trace)
    bonuses = _bonuses(item, scheme, fte, fte_text, months, key, one_off_bonuses, trace)
    total = whole_euros(base + bonuses)
    trace.steps.append(value_step(base + bonuses, total))
    return ItemValue(item.id, "placement", block.code, total, trace.inputs, tuple(trace.steps))


def _why_nothing_counts(
    item: Placement, terms: ContractTerms, scheme: Scheme, block: Block, trace: _Trace
) -> tuple[str, str] | None:
    """Why the placement counts €0 (a sentence and a code), or ``None`` when it may count."""
    window = scheme.eligibility_window_months
    if window is not None:
        earliest = add_months(terms.start, -window)
        trace.inputs["earliest_start"] = earliest.isoformat()
        if item.start < earliest:
            return (
                f"Hired on {item.start}, more than {window} months before the contract started "
                f"({terms.start}); the earliest start that counts is {earliest}.",
                "before_window",
            )
    minimum = block.min_hours_per_week
    if minimum is None:
        minimum = scheme.min_hours_per_week
    if minimum:
        trace.inputs["min_hours_per_week"] = str(minimum)
    if item.hours_per_week < minimum:
        return f"{item.hours_per_week} hours a week is below the minimum of {minimum}.", "min_hours"
    if min(item.end or terms.end, terms.end) < max(item.start, terms.start):
        return "The employment does not overlap the contract period.", "no_overlap"
    return None


def _counted_months(
    item: Placement,
    terms: ContractTerms,
    block: Block,
    key: str,
    months_used: dict[str, Fraction],
    trace: _Trace,
) -> Fraction:
    """The months that count (see :mod:`.months`); adds them to the candidate's used months."""
    period_start = max(item.start, terms.start)
    period_end = min(item.end or terms.end, terms.end)
    used = months_used.get(key, ZERO)
    cap = None if block.count_always else block.max_count_months
    free_until = item.wage_subsidy_until if block.count_while_wage_subsidy else None
    counted = count(period_start, period_end, cap=cap, used=used, free_until=free_until)
    months_used[key] = used + counted.counted
    trace.inputs.update(
        counted_from=period_start.isoformat(),
        counted_until=period_end.isoformat(),
        months_in_period=show(counted.in_period),
        months_used_before=show(used),
        count_cap_months=cap,
        counted_months=show(counted.counted),
        wage_subsidy_until=free_until.isoformat() if free_until else None,
    )
    text = f"Employed within the contract {period_start} to {period_end}: "
    text += f"{show(counted.in_period)} months"
    if block.count_always:
        text += "; this block always counts."
    else:
        if cap is not None:
            text += f"; counting cap {cap} months, {show(used)} already counted for this candidate"
        if free_until is not None:
            text += f"; wage subsidy until {free_until} counts in full"
        text += f"; counted {show(counted.counted)} months."
    trace.steps.append(text)
    return counted.counted


def _block_step(block: Block, scheme: Scheme, item: Placement) -> str:
    how = "named by the placement" if item.block else f"for target group {item.target_group!r}"
    if block.has_band:
        how += f" and a benefit of {item.benefit_duration_months} months"
    units = {
        "per_year_fte": f"{euros(block.amount)} a year at {show(scheme.base_hours)} h/week",
        "per_month": f"{euros(block.amount)} a month",
        "wage_cost": "the evidenced wage cost",
    }
    return f"Block {block.code!r} ({block.label}, {units[block.unit]}), {how}."


def _base_value(
    item: Placement, block: Block, fte: Fraction, fte_text: str, months: Fraction, trace: _Trace
) -> Fraction:
    if block.unit == "per_month":
        value = Fraction(block.amount) * months
        trace.steps.append(f"{euros(block.amount)} × {show(months)} months = {euros(value)}.")
    elif block.unit == "wage_cost":
        value = Fraction(item.wage_cost or 0) if months > 0 else ZERO
        trace.inputs["wage_cost"] = str(item.wage_cost)
        trace.steps.append(f"Wage cost incl. employer charges: {euros(value)}.")
    else:
        value = Fraction(block.amount) * fte * months / 12
        trace.steps.append(
            f"{euros(block.amount)} × {fte_text} × {show(months)}/12 = {euros(value)}."
        )
    trace.inputs["base_value"] = show(value)
    return value


def _applies(bonus: Block, item: Placement) -> bool:
    if bonus.condition == "age":
        age = item.age_at_reference_date
        return age is not None and bonus.min_age is not None and age >= bonus.min_age
    if bonus.condition == "permanent_contract":
        return item.permanent_contract
    if bonus.condition == "status_holder":
        return item.status_holder
    return bonus.code in item.claimed_bonuses


def _bonuses(
    item: Placement,
    scheme: Scheme,
    fte: Fraction,
    fte_text: str,
    months: Fraction,
    key: str,
    one_off: set[tuple[str, str]],
    trace: _Trace,
) -> Fraction:
    applicable = [b for b in scheme.blocks_of_kind("bonus") if _applies(b, item)]
    if not scheme.bonus_tiers_stack:
        best: dict[str, Block] = {}
        for bonus in applicable:
            if bonus.tier_group and (
                bonus.tier_group not in best or bonus.amount > best[bonus.tier_group].amount
            ):
                best[bonus.tier_group] = bonus
        skipped = [b for b in applicable if b.tier_group and best[b.tier_group] is not b]
        for bonus in skipped:
            trace.steps.append(
                f"Bonus {bonus.code!r} not added: only the highest tier of "
                f"{bonus.tier_group!r} counts."
            )
        applicable = [b for b in applicable if b not in skipped]
    total = ZERO
    listed: list[dict[str, str]] = []
    for bonus in applicable:
        if months <= 0:
            break
        if bonus.prorated:
            value = Fraction(bonus.amount) * fte * months / 12
            text = f"{euros(bonus.amount)} × {fte_text} × {show(months)}/12"
        elif (key, bonus.code) in one_off:
            trace.steps.append(f"Bonus {bonus.code!r} already counted once for this candidate.")
            continue
        else:
            one_off.add((key, bonus.code))
            value, text = Fraction(bonus.amount), "once per candidate"
        total += value
        listed.append({"block": bonus.code, "value": show(value)})
        trace.steps.append(f"Bonus {bonus.code!r} ({bonus.label}): {text} = {euros(value)}.")
    trace.inputs["bonuses"] = listed
    return total
