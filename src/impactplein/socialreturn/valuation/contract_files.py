"""The contract file format: reading a contract's terms and items with every problem reported.

``load_contract`` checks the format on its own; given a scheme it also checks that blocks and
target groups exist and that each item has what its block's unit needs (:mod:`.checks`). All
problems are reported at once, in file order.
"""

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .checks import check_numbered
from .contracts import ITEM_KINDS, Activity, ContractTerms, CostItem, Item, Placement, Purchase
from .errors import InvalidContract, Problem
from .parsing import Fields, read_json_file
from .schemes import CONTRACT_TYPES, PSO_LEVELS, Scheme


def load_contract(
    data: Mapping[str, Any], scheme: Scheme | None = None
) -> tuple[ContractTerms, tuple[Item, ...]]:
    """Read a contract file's data; with ``scheme`` also check its blocks and target groups.

    Raises :class:`InvalidContract` listing every problem of the file.
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise InvalidContract([Problem("", "not_an_object", "a contract file must be an object")])
    top = Fields(problems, data)
    terms = _terms(problems, top.obj("contract", required=True))
    rows = top.array("items")
    top.finish()
    items: list[Item] = []
    positions: list[int] = []
    ids: set[str] = set()
    for index, row in enumerate(rows):
        prefix = f"items[{index}]"
        if not isinstance(row, Mapping):
            problems.append(Problem(prefix, "not_an_object", f"{prefix} must be an object", {}))
            continue
        hint = row.get("id")
        item_id = str(hint) if isinstance(hint, str | int) and not isinstance(hint, bool) else ""
        label = f"{prefix} ({item_id})" if item_id else prefix
        f = Fields(problems, row, prefix=prefix, label=label, item=item_id)
        item = _item(f)
        f.finish()
        if item is None:
            if scheme is not None:
                _check_block_name(f, scheme)
            continue
        if item.id in ids:
            f.report("id", "duplicate", f"{item.id!r} is used by another item", value=item.id)
            continue
        ids.add(item.id)
        items.append(item)
        positions.append(index)
    if scheme is not None:
        problems.extend(check_numbered(scheme, zip(positions, items, strict=True)))
    problems.sort(key=_file_order)
    if problems:
        raise InvalidContract(problems)
    assert terms is not None
    return terms, tuple(items)


def load_contract_file(
    path: str | Path, scheme: Scheme | None = None
) -> tuple[ContractTerms, tuple[Item, ...]]:
    """Read a contract JSON file; a missing or malformed file is an :class:`InvalidContract`."""
    data, problem = read_json_file(path)
    if problem is not None:
        raise InvalidContract([problem])
    return load_contract(data, scheme)


def _terms(problems: list[Problem], data: Mapping[str, Any] | None) -> ContractTerms | None:
    if data is None:
        return None
    before = len(problems)
    f = Fields(problems, data, prefix="contract", label="contract")
    reference = f.text("reference", required=True)
    contract_type = f.choice("type", CONTRACT_TYPES, required=True)
    value = f.decimal("value", required=True)
    start = f.date("start", required=True)
    end = f.date("end", required=True)
    if start and end and end < start:
        f.report("end", "end_before_start", f"({end}) cannot be before start ({start})")
    awarded_on = f.date("awarded_on")
    labour_share = f.decimal("labour_share", maximum=Decimal(100))
    offered = f.decimal("offered_percentage", maximum=Decimal(100))
    pso = f.choice("supplier_pso_level", ("", *PSO_LEVELS))
    f.finish()
    if len(problems) > before:
        return None
    assert value is not None
    assert start is not None
    assert end is not None
    return ContractTerms(
        reference=reference,
        contract_type=contract_type,
        value=value,
        start=start,
        end=end,
        awarded_on=awarded_on,
        labour_share=labour_share,
        offered_percentage=offered,
        supplier_pso_level=pso,
    )


def _item(f: Fields) -> Item | None:
    before = len(f.problems)
    kind = f.choice("kind", ITEM_KINDS, required=True)
    raw_id = f.data.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        f.seen.add("id")
        item_id = str(raw_id)
    else:
        item_id = f.text("id", required=True)
    item: Item | None = None
    if kind == "placement":
        item = _placement(f, item_id)
    elif kind == "purchase":
        item = _purchase(f, item_id)
    elif kind == "activity":
        item = _activity(f, item_id)
    elif kind == "cost_item":
        item = CostItem(
            id=item_id,
            block=f.text("block", required=True),
            amount=f.decimal("amount", required=True) or Decimal(0),
            description=f.text("description"),
        )
    else:
        f.seen.update(f.data)  # the kind is wrong: do not also call every field unknown
    return item if len(f.problems) == before else None


def _placement(f: Fields, item_id: str) -> Placement | None:
    candidate = f.text("candidate", required=True)
    target_group = f.text("target_group", required="block" not in f.data)
    block = f.text("block")
    hours = f.decimal("hours_per_week", required=True, maximum=Decimal(80))
    start = f.date("start", required=True)
    end = f.date("end")
    if start and end and end < start:
        f.report("end", "end_before_start", f"({end}) cannot be before start ({start})")
    benefit = f.integer("benefit_duration_months", maximum=1200)
    age = f.integer("age_at_reference_date", minimum=14, maximum=100)
    permanent = f.boolean("permanent_contract")
    status_holder = f.boolean("status_holder")
    lks = f.date("wage_subsidy_until")
    claimed = f.texts("claimed_bonuses")
    wage_cost = f.decimal("wage_cost")
    if hours is None or start is None:
        return None
    return Placement(
        id=item_id,
        candidate=candidate,
        target_group=target_group,
        hours_per_week=hours,
        start=start,
        end=end,
        block=block,
        benefit_duration_months=benefit,
        age_at_reference_date=age,
        permanent_contract=permanent,
        status_holder=status_holder,
        wage_subsidy_until=lks,
        claimed_bonuses=claimed,
        wage_cost=wage_cost,
    )


def _purchase(f: Fields, item_id: str) -> Purchase | None:
    block = f.text("block", required=True)
    number = f.text("invoice_number", required=True)
    day = f.date("invoice_date", required=True)
    amount = f.decimal("amount_excl_vat", required=True)
    certifications = f.texts("supplier_certifications")
    labour = f.decimal("labour_cost")
    if day is None or amount is None:
        return None
    if labour is not None and labour > amount:
        f.report(
            "labour_cost",
            "out_of_range",
            f"({labour}) cannot exceed amount_excl_vat ({amount})",
            value=str(labour),
        )
    return Purchase(
        id=item_id,
        block=block,
        invoice_number=number,
        invoice_date=day,
        amount_excl_vat=amount,
        supplier_certifications=certifications,
        labour_cost=labour,
    )


def _activity(f: Fields, item_id: str) -> Activity:
    return Activity(
        id=item_id,
        block=f.text("block", required=True),
        hours=f.decimal("hours"),
        persons=f.integer("persons", default=1, minimum=1) or 1,
        days=f.integer("days"),
        cost=f.decimal("cost"),
    )


def _check_block_name(f: Fields, scheme: Scheme) -> None:
    """For an item that could not be read: still say when its block is not in the scheme."""
    code = f.data.get("block")
    if not isinstance(code, str) or not code.strip():
        return
    try:
        scheme.block(code.strip())
    except KeyError:
        f.report(
            "block",
            "unknown_block",
            f"{code.strip()!r} is not a block of {scheme.label}",
            value=code,
        )


def _file_order(problem: Problem) -> tuple[int, int]:
    """Problems of the terms first, then per item in file order (a stable sort keeps the rest)."""
    match = re.match(r"items\[(\d+)\]", problem.path)
    return (1, int(match.group(1))) if match else (0, 0)
