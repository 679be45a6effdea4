"""The computations: a contract's obligation and the value of every item that fulfils it.

**Obligation** (:func:`obligation`), in this order:

1. the contract's type has no threshold in the scheme → 0; value below the threshold → 0
   (the threshold itself is inclusive: a value equal to it carries the obligation);
2. the percentage is the scheme's, or its reduced percentage when the labour share is below the
   limit, or the supplier's offered percentage when that is higher and the scheme accepts it;
3. obligation = base × percentage / 100, limited to the cap;
4. a PSO discount for the supplier's level takes that percentage off;
5. the result is rounded once to whole euros (ROUND_HALF_UP).

**Items** (:func:`evaluate`) are valued in the order given. A placement's value is
``annual amount × FTE factor × counted months / 12`` (``per_year_fte``), ``amount × counted
months`` (``per_month``) or the evidenced wage cost (``wage_cost``), plus its bonuses; the FTE
factor is hours per week / the scheme's base hours, at most 1 when the scheme caps it; counted
months are defined in :mod:`.months`. A placement counts 0, with the reason in its steps, when it
started before the eligibility window, is below the minimum hours, or has no block for its
target group and benefit duration. Purchases count ``invoice × share × weight``; activities
``hours × persons × rate``, ``min(cost, days × daily maximum)`` or their cost; cost items their
amount. Each item is computed exactly and rounded once to whole euros (ROUND_HALF_UP).

Every result carries the scheme's ``slug@version``, the inputs used and an ``explanation`` of
coded steps (:mod:`.explain`) that show how the figure came about, with ``steps``: the same in
English.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .checks import check_items
from .contracts import Activity, ContractTerms, CostItem, Item, Placement, Purchase
from .errors import InvalidContract
from .explain import Step, money, render_term, step
from .placements import value_placement
from .results import (
    Evaluation,
    ItemValue,
    ObligationResult,
    show,
    value_step,
    whole_euros,
)
from .schemes import Block, ObligationRule, Scheme

ZERO = Fraction(0)


# -- obligation ---------------------------------------------------------------------------------


def obligation(terms: ContractTerms, scheme: Scheme) -> ObligationResult:
    """The contract's social-return obligation under ``scheme``; see the module docstring."""
    rule = scheme.obligation
    inputs: dict[str, Any] = {
        "base": rule.base,
        "base_amount": str(terms.value),
        "contract_type": terms.contract_type,
    }
    steps = [step("obligation.base", base=rule.base, value=money(terms.value))]
    threshold = rule.thresholds.for_type(terms.contract_type)
    inputs["threshold"] = None if threshold is None else str(threshold)

    def result(amount: Fraction) -> ObligationResult:
        rounded = whole_euros(amount)
        inputs["amount"] = str(rounded)
        return ObligationResult(rounded, scheme.label, inputs, tuple(steps))

    if threshold is None:
        steps.append(
            step("obligation.no_threshold", scheme=scheme.label, contract_type=terms.contract_type)
        )
        return result(ZERO)
    if terms.value < threshold:
        steps.append(
            step(
                "obligation.below_threshold",
                threshold=money(threshold),
                contract_type=terms.contract_type,
            )
        )
        return result(ZERO)
    steps.append(
        step(
            "obligation.at_threshold", threshold=money(threshold), contract_type=terms.contract_type
        )
    )

    percentage, reason = _percentage(terms, rule, inputs, steps)
    amount = Fraction(terms.value) * Fraction(percentage) / 100
    steps.append(
        step(
            "obligation.percentage",
            percentage=percentage,
            value=money(terms.value),
            amount=money(amount),
            **reason,
        )
    )
    if rule.cap is not None:
        inputs["cap"] = str(rule.cap)
        if amount > Fraction(rule.cap):
            amount = Fraction(rule.cap)
            steps.append(step("obligation.cap", cap=money(rule.cap)))
    if terms.supplier_pso_level:
        inputs["supplier_pso_level"] = terms.supplier_pso_level
        discount = rule.pso_discount(terms.supplier_pso_level)
        if discount:
            inputs["pso_discount"] = str(discount)
            amount = amount * (100 - Fraction(discount)) / 100
            steps.append(
                step(
                    "obligation.pso_discount",
                    level=terms.supplier_pso_level,
                    discount=discount,
                    amount=money(amount),
                )
            )
    rounded = whole_euros(amount)
    steps.append(step("obligation.total", amount=money(rounded)))
    return result(amount)


def _percentage(
    terms: ContractTerms, rule: ObligationRule, inputs: dict[str, Any], steps: list[Step]
) -> tuple[Decimal, dict[str, str]]:
    """The percentage that applies and why (the parameters of the reason): the scheme's, its
    reduced one for a labour share below the limit, or the supplier's higher offer when the
    scheme accepts it."""
    percentage, reason = rule.percentage, {"reason": "scheme"}
    limit = rule.reduced_below_labour_share
    if limit is not None and rule.reduced_percentage is not None:
        inputs["labour_share"] = None if terms.labour_share is None else str(terms.labour_share)
        if terms.labour_share is not None and terms.labour_share < limit:
            percentage = rule.reduced_percentage
            reason = {"reason": "reduced", "labour_share": str(terms.labour_share)}
            reason["limit"] = str(limit)
        elif terms.labour_share is None:
            steps.append(step("obligation.no_labour_share"))
    offered = terms.offered_percentage
    if offered is not None:
        inputs["offered_percentage"] = str(offered)
        if offered > percentage and rule.accept_higher_offer:
            percentage, reason = offered, {"reason": "offered"}
    inputs["percentage"] = str(percentage)
    inputs["percentage_reason"] = render_term("percentage_reason", reason["reason"], reason)
    return percentage, reason


# -- items --------------------------------------------------------------------------------------


@dataclass
class _State:
    """What valuing earlier items of the contract used up, per candidate."""

    months_used: dict[str, Fraction] = field(default_factory=dict)
    one_off_bonuses: set[tuple[str, str]] = field(default_factory=set)


def purchase_weight(scheme: Scheme, certifications: Iterable[str]) -> Decimal:
    """The percentage a purchase counts for, given the supplier's certifications on the invoice
    date: the highest weight the scheme gives any of them, or its default weight when it names
    none of them."""
    table = dict(scheme.purchase_weights)
    known = [table[c] for c in certifications if c in table]
    return max(known) if known else scheme.default_purchase_weight


def evaluate(terms: ContractTerms, items: Sequence[Item], scheme: Scheme) -> Evaluation:
    """The obligation and the value of every item under ``scheme``, in the order given.

    Counting caps apply per candidate across its placements in this order. Raises
    :class:`InvalidContract` when an item names a block or target group the scheme lacks.
    """
    problems = check_items(scheme, items)
    if problems:
        raise InvalidContract(problems)
    owed = obligation(terms, scheme)
    state = _State()
    values = tuple(_value(item, terms, scheme, state) for item in items)
    realised = sum((v.amount for v in values), Decimal(0))
    return Evaluation(
        scheme=scheme.label,
        contract=terms.reference,
        obligation=owed,
        items=values,
        realised=realised,
        remaining=max(owed.amount - realised, Decimal(0)),
        surplus=max(realised - owed.amount, Decimal(0)),
    )


def _value(item: Item, terms: ContractTerms, scheme: Scheme, state: _State) -> ItemValue:
    if isinstance(item, Placement):
        return value_placement(item, terms, scheme, state.months_used, state.one_off_bonuses)
    block = scheme.block(item.block)
    inputs: dict[str, Any] = {"block": block.code, "block_label": block.label, "unit": block.unit}
    steps = [step("item.block", block=block.code, label=block.label, unit=block.unit)]
    if isinstance(item, Purchase):
        amount = _purchase(item, block, scheme, inputs, steps)
    elif isinstance(item, Activity):
        amount = _activity(item, block, inputs, steps)
    else:
        amount = _cost_item(item, inputs, steps)
    rounded = whole_euros(amount)
    steps.append(value_step(amount, rounded))
    return ItemValue(
        item.id, item.kind, block.code, rounded, {**inputs, "scheme": scheme.label}, tuple(steps)
    )


def _purchase(
    item: Purchase, block: Block, scheme: Scheme, inputs: dict[str, Any], steps: list[Step]
) -> Fraction:
    weight = purchase_weight(scheme, item.supplier_certifications)
    certs = ", ".join(item.supplier_certifications)
    inputs.update(
        invoice_number=item.invoice_number,
        invoice_date=item.invoice_date.isoformat(),
        amount_excl_vat=str(item.amount_excl_vat),
        certifications=list(item.supplier_certifications),
        weight=str(weight),
    )
    steps.append(
        step(
            "purchase.certifications",
            date=item.invoice_date.isoformat(),
            certifications=certs,
            weight=weight,
        )
    )
    if block.unit == "wage_cost":
        base = Fraction(item.labour_cost or 0)
        inputs["labour_cost"] = str(item.labour_cost)
        steps.append(step("purchase.labour_cost", base=money(base)))
    elif block.unit == "invoice_excl_vat":
        base = Fraction(item.amount_excl_vat) * Fraction(block.share) / 100
        inputs["share"] = str(block.share)
        steps.append(
            step(
                "purchase.share",
                share=block.share,
                amount=money(item.amount_excl_vat),
                base=money(base),
            )
        )
    else:
        base = Fraction(item.amount_excl_vat)
        steps.append(step("purchase.invoice", base=money(base)))
    value = base * Fraction(weight) / 100
    steps.append(step("purchase.weighted", base=money(base), weight=weight, value=money(value)))
    return value


def _activity(item: Activity, block: Block, inputs: dict[str, Any], steps: list[Step]) -> Fraction:
    if block.unit == "per_hour":
        hours = Fraction(item.hours or 0)
        inputs.update(hours=str(item.hours), persons=item.persons, rate=str(block.amount))
        value = hours * item.persons * Fraction(block.amount)
        steps.append(
            step(
                "activity.per_hour",
                hours=show(hours),
                persons=item.persons,
                rate=money(block.amount),
                value=money(value),
            )
        )
        return value
    cost = Fraction(item.cost or 0)
    inputs["cost"] = str(item.cost)
    if block.unit == "per_day_max":
        days = item.days or 0
        maximum = Fraction(block.amount) * days
        inputs.update(days=days, maximum_per_day=str(block.amount))
        value = min(cost, maximum)
        steps.append(
            step(
                "activity.per_day_max",
                cost=money(cost),
                days=days,
                maximum_per_day=money(block.amount),
                maximum=money(maximum),
                value=money(value),
            )
        )
        return value
    steps.append(step("item.actual_cost", cost=money(cost)))
    return cost


def _cost_item(item: CostItem, inputs: dict[str, Any], steps: list[Step]) -> Fraction:
    inputs.update(cost=str(item.amount), description=item.description)
    steps.append(step("item.actual_cost", cost=money(item.amount)))
    return Fraction(item.amount)
