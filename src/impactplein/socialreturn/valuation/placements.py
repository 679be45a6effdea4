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
from .explain import Step, money, step
from .months import add_months, count
from .results import ItemValue, show, value_step, whole_euros
from .schemes import Block, Scheme

ZERO = Fraction(0)


@dataclass
class _Trace:
    inputs: dict[str, Any]
    steps: list[Step]


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
    if block is None:
        benefit = item.benefit_duration_months
        why = (
            step("placement.no_block", scheme=scheme.label, target_group=item.target_group)
            if benefit is None
            else step(
                "placement.no_block_for_benefit",
                scheme=scheme.label,
                target_group=item.target_group,
                benefit_months=benefit,
            )
        )
        return _nothing(item, "", (why, "no_block"), trace)
    trace.inputs.update(
        block=block.code, block_kind=block.kind, block_label=block.label, unit=block.unit
    )
    trace.inputs["amount_per_unit"] = str(block.amount)
    trace.steps.append(_block_step(block, scheme, item))
    reason = _why_nothing_counts(item, terms, scheme, block, trace)
    if reason is not None:
        return _nothing(item, block.code, reason, trace)

    key = item.candidate or f"item:{item.id}"
    months = _counted_months(item, terms, block, key, months_used, trace)
    fte = Fraction(item.hours_per_week) / Fraction(scheme.base_hours)
    fte_text = f"{show(item.hours_per_week)}/{show(scheme.base_hours)}"
    if scheme.cap_fte_at_one and fte > 1:
        fte, fte_text = Fraction(1), "capped"
    trace.inputs["fte"] = show(fte)

    base = _base_value(item, block, fte, fte_text, months, trace)
    bonuses = _bonuses(item, scheme, fte, fte_text, months, key, one_off_bonuses, trace)
    total = whole_euros(base + bonuses)
    trace.steps.append(value_step(base + bonuses, total))
    return ItemValue(item.id, "placement", block.code, total, trace.inputs, tuple(trace.steps))


def _nothing(item: Placement, block: str, reason: tuple[Step, str], trace: _Trace) -> ItemValue:
    """The placement counts €0, for ``reason`` (a step and a code)."""
    why, code = reason
    trace.steps.append(why)
    trace.inputs["zero_reason"] = code
    return ItemValue(item.id, "placement", block, Decimal(0), trace.inputs, tuple(trace.steps))


def _why_nothing_counts(
    item: Placement, terms: ContractTerms, scheme: Scheme, block: Block, trace: _Trace
) -> tuple[Step, str] | None:
    """Why the placement counts €0 (a step and a code), or ``None`` when it may count."""
    window = scheme.eligibility_window_months
    if window is not None:
        earliest = add_months(terms.start, -window)
        trace.inputs["earliest_start"] = earliest.isoformat()
        if item.start < earliest:
            return (
                step(
                    "placement.before_window",
                    start=item.start.isoformat(),
                    window=window,
                    contract_start=terms.start.isoformat(),
                    earliest=earliest.isoformat(),
                ),
                "before_window",
            )
    minimum = block.min_hours_per_week
    if minimum is None:
        minimum = scheme.min_hours_per_week
    if minimum:
        trace.inputs["min_hours_per_week"] = str(minimum)
    if item.hours_per_week < minimum:
        why = step("placement.min_hours", hours=item.hours_per_week, minimum=minimum)
        return why, "min_hours"
    if min(item.end or terms.end, terms.end) < max(item.start, terms.start):
        return step("placement.no_overlap"), "no_overlap"
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
    params: dict[str, object] = {
        "counted_from": period_start.isoformat(),
        "counted_until": period_end.isoformat(),
        "months": show(counted.in_period),
    }
    code = "placement.months"
    if block.count_always:
        code = "placement.months_always"
    else:
        params["counted"] = show(counted.counted)
        if cap is not None:
            code += "_cap"
            params.update(cap=cap, used=show(used))
        if free_until is not None:
            code += "_subsidy"
            params["subsidy_until"] = free_until.isoformat()
    trace.steps.append(step(code, **params))
    return counted.counted


def _block_step(block: Block, scheme: Scheme, item: Placement) -> Step:
    params = {
        "block": block.code,
        "label": block.label,
        "unit": block.unit,
        "how": "named" if item.block else "group",
    }
    if block.unit != "wage_cost":
        params["amount"] = money(block.amount)
    if block.unit == "per_year_fte":
        params["base_hours"] = show(scheme.base_hours)
    if not item.block:
        params["target_group"] = item.target_group
    if block.has_band and item.benefit_duration_months is not None:
        params["how"] += "_band"
        params["benefit_months"] = str(item.benefit_duration_months)
    return Step("placement.block", params)


def _base_value(
    item: Placement, block: Block, fte: Fraction, fte_text: str, months: Fraction, trace: _Trace
) -> Fraction:
    if block.unit == "per_month":
        value = Fraction(block.amount) * months
        trace.steps.append(
            step(
                "placement.per_month",
                amount=money(block.amount),
                months=show(months),
                value=money(value),
            )
        )
    elif block.unit == "wage_cost":
        value = Fraction(item.wage_cost or 0) if months > 0 else ZERO
        trace.inputs["wage_cost"] = str(item.wage_cost)
        trace.steps.append(step("placement.wage_cost", value=money(value)))
    else:
        value = Fraction(block.amount) * fte * months / 12
        trace.steps.append(
            step(
                "placement.per_year_fte",
                amount=money(block.amount),
                fte=fte_text,
                months=show(months),
                value=money(value),
            )
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
                step("placement.bonus_lower_tier", bonus=bonus.code, tier_group=bonus.tier_group)
            )
        applicable = [b for b in applicable if b not in skipped]
    total = ZERO
    listed: list[dict[str, str]] = []
    for bonus in applicable:
        if months <= 0:
            break
        if bonus.prorated:
            value = Fraction(bonus.amount) * fte * months / 12
            why = step(
                "placement.bonus_prorated",
                bonus=bonus.code,
                label=bonus.label,
                amount=money(bonus.amount),
                fte=fte_text,
                months=show(months),
                value=money(value),
            )
        elif (key, bonus.code) in one_off:
            trace.steps.append(step("placement.bonus_already_counted", bonus=bonus.code))
            continue
        else:
            one_off.add((key, bonus.code))
            value = Fraction(bonus.amount)
            why = step(
                "placement.bonus_once", bonus=bonus.code, label=bonus.label, value=money(value)
            )
        total += value
        listed.append({"block": bonus.code, "value": show(value)})
        trace.steps.append(why)
    trace.inputs["bonuses"] = listed
    return total
