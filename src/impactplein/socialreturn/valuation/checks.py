"""What is wrong with items under a scheme: unknown blocks or target groups, a block of the wrong
kind, a banded target group without a benefit duration, and inputs a block's unit needs."""

from collections.abc import Iterable, Sequence

from .contracts import Activity, Item, Placement, Purchase
from .errors import Problem
from .schemes import Scheme


def _label(index: int, item: Item) -> str:
    return f"items[{index}] ({item.id})"


def check_items(scheme: Scheme, items: Sequence[Item]) -> list[Problem]:
    """The problems of ``items`` under ``scheme``: unknown blocks or target groups, a block of the
    wrong kind, and inputs the block's unit needs but the item lacks. Empty when all is well."""
    return check_numbered(scheme, enumerate(items))


def check_numbered(scheme: Scheme, numbered: Iterable[tuple[int, Item]]) -> list[Problem]:
    """The problems of items numbered by their position in the file."""
    problems: list[Problem] = []
    groups = {code for code, _ in scheme.target_groups()}

    def report(index: int, item: Item, name: str, code: str, text: str, **params: str) -> None:
        problems.append(
            Problem(
                path=f"items[{index}].{name}",
                code=code,
                message=f"{_label(index, item)}: {name} {text}",
                params={"field": name, "item": item.id, **params},
            )
        )

    for index, item in numbered:
        block_code = item.block
        if isinstance(item, Placement):
            if not item.target_group and not block_code:
                report(index, item, "target_group", "required", "is required (or a block)")
                continue
            if item.target_group and item.target_group not in groups:
                report(
                    index,
                    item,
                    "target_group",
                    "unknown_target_group",
                    f"{item.target_group!r} is not a target group of {scheme.label}",
                    value=item.target_group,
                )
                continue
            for bonus in item.claimed_bonuses:
                try:
                    if scheme.block(bonus).kind == "bonus":
                        continue
                except KeyError:
                    pass
                report(
                    index,
                    item,
                    "claimed_bonuses",
                    "unknown_block",
                    f"names {bonus!r}, which is not a bonus block of {scheme.label}",
                    value=bonus,
                )
            if not block_code:
                banded = [
                    b
                    for b in scheme.blocks_of_kind("placement_like")
                    if b.target_group == item.target_group and b.has_band
                ]
                if banded and item.benefit_duration_months is None:
                    report(
                        index,
                        item,
                        "benefit_duration_months",
                        "required",
                        f"is required: in {scheme.label} the block for "
                        f"{item.target_group!r} depends on the benefit duration",
                    )
                continue
        try:
            block = scheme.block(block_code)
        except KeyError:
            report(
                index,
                item,
                "block",
                "unknown_block",
                f"{block_code!r} is not a block of {scheme.label}",
                value=block_code,
            )
            continue
        expected = "placement_like" if isinstance(item, Placement) else item.kind
        fits = block.is_placement if expected == "placement_like" else block.kind == expected
        if not fits:
            report(
                index,
                item,
                "block",
                "wrong_kind",
                f"{block_code!r} is a {block.kind} block and cannot value a {item.kind}",
                value=block_code,
            )
            continue
        for name in _missing_inputs(block.unit, item):
            report(
                index,
                item,
                name,
                "required",
                f"is required by block {block_code!r} ({block.unit})",
                block=block_code,
            )
    return problems


def _missing_inputs(unit: str, item: Item) -> list[str]:
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
