"""What is wrong with items under a scheme: unknown blocks or target groups, a block of the wrong
kind, a banded target group without a benefit duration, and inputs a block's unit needs."""

from collections.abc import Iterable, Sequence

from .contracts import Activity, Item, Placement, Purchase
from .errors import Problem
from .schemes import Block, Scheme

# (field, code, text after the field name, extra params)
_Finding = tuple[str, str, str, dict[str, str]]


def check_items(scheme: Scheme, items: Sequence[Item]) -> list[Problem]:
    """The problems of ``items`` under ``scheme``: unknown blocks or target groups, a block of the
    wrong kind, and inputs the block's unit needs but the item lacks. Empty when all is well."""
    return check_numbered(scheme, enumerate(items))


def check_numbered(scheme: Scheme, numbered: Iterable[tuple[int, Item]]) -> list[Problem]:
    """The problems of items numbered by their position in the file."""
    problems: list[Problem] = []
    for index, item in numbered:
        for name, code, text, params in _findings(scheme, item):
            problems.append(
                Problem(
                    path=f"items[{index}].{name}",
                    code=code,
                    message=f"items[{index}] ({item.id}): {name} {text}",
                    params={"field": name, "item": item.id, **params},
                )
            )
    return problems


# Fields an item cannot be valued without. The file loaders already require them; this also holds
# for items built in code from half-filled records (a typed ``None`` would otherwise crash).
_REQUIRED: dict[str, tuple[str, ...]] = {
    "placement": ("hours_per_week", "start"),
    "purchase": ("invoice_date", "amount_excl_vat"),
    "activity": (),
    "cost_item": ("amount",),
}


def _findings(scheme: Scheme, item: Item) -> list[_Finding]:
    absent = [name for name in _REQUIRED[item.kind] if getattr(item, name) is None]
    if absent:
        return [(name, "required", "is required", {}) for name in absent]
    if isinstance(item, Placement):
        found = _placement_findings(scheme, item)
        if found or not item.block:
            return found
    try:
        block = scheme.block(item.block)
    except KeyError:
        text = f"{item.block!r} is not a block of {scheme.label}"
        return [("block", "unknown_block", text, {"value": item.block})]
    fits = block.is_placement if isinstance(item, Placement) else block.kind == item.kind
    if not fits:
        text = f"{item.block!r} is a {block.kind} block and cannot value a {item.kind}"
        return [("block", "wrong_kind", text, {"value": item.block})]
    text = f"is required by block {item.block!r} ({block.unit})"
    return [(name, "required", text, {"block": item.block}) for name in _missing(block, item)]


def _placement_findings(scheme: Scheme, item: Placement) -> list[_Finding]:
    """Target group, claimed bonuses and benefit duration of a placement."""
    if not item.target_group and not item.block:
        return [("target_group", "required", "is required (or a block)", {})]
    groups = {code for code, _ in scheme.target_groups()}
    if item.target_group and item.target_group not in groups:
        text = f"{item.target_group!r} is not a target group of {scheme.label}"
        return [("target_group", "unknown_target_group", text, {"value": item.target_group})]
    found: list[_Finding] = []
    bonuses = {b.code for b in scheme.blocks_of_kind("bonus")}
    for bonus in item.claimed_bonuses:
        if bonus not in bonuses:
            text = f"names {bonus!r}, which is not a bonus block of {scheme.label}"
            found.append(("claimed_bonuses", "unknown_block", text, {"value": bonus}))
    banded = any(
        b.target_group == item.target_group and b.has_band
        for b in scheme.blocks_of_kind("placement_like")
    )
    if not item.block and banded and item.benefit_duration_months is None:
        text = (
            f"is required: in {scheme.label} the block for {item.target_group!r} depends on "
            "the benefit duration"
        )
        found.append(("benefit_duration_months", "required", text, {}))
    return found


def _missing(block: Block, item: Item) -> list[str]:
    """The inputs ``block``'s unit needs that ``item`` lacks."""
    unit = block.unit
    if isinstance(item, Activity):
        if unit == "per_hour" and item.hours is None:
            return ["hours"]
        if unit == "per_day_max":
            return [n for n, v in (("days", item.days), ("cost", item.cost)) if v is None]
        if unit == "actual_cost" and item.cost is None:
            return ["cost"]
    if isinstance(item, Purchase) and unit == "wage_cost" and item.labour_cost is None:
        return ["labour_cost"]
    if isinstance(item, Placement) and unit == "wage_cost" and item.wage_cost is None:
        return ["wage_cost"]
    return []
