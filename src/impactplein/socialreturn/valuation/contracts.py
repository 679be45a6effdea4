"""Contracts and the items that fulfil them: the contract file format.

A contract file holds the terms (``contract``) and the reported items (``items``)::

    {"contract": {"reference": "2024-017", "type": "works", "value": 1200000,
                  "start": "2024-01-01", "end": "2025-12-31", ...},
     "items": [{"kind": "placement", "id": "P-1", "candidate": "K-001", ...}, ...]}

Item kinds are ``placement`` (also internships, BBL/BOL and work-experience places: the block
says which), ``purchase``, ``activity`` and ``cost_item``. ``load_contract`` checks the format on
its own; given a scheme it also checks that blocks and target groups exist and that each item has
what its block's unit needs (:func:`check_items`). Every problem is reported at once.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InvalidContract, Problem
from .parsing import Fields, read_json_file
from .schemes import CONTRACT_TYPES, PSO_LEVELS, Scheme

ITEM_KINDS = ("placement", "purchase", "activity", "cost_item")


@dataclass(frozen=True)
class ContractTerms:
    """A contract's terms. ``value`` is the base amount the scheme's obligation rule names."""

    reference: str
    contract_type: str
    value: Decimal
    start: date
    end: date
    awarded_on: date | None = None
    labour_share: Decimal | None = None
    offered_percentage: Decimal | None = None
    supplier_pso_level: str = ""

    @property
    def reference_date(self) -> date:
        """The *peildatum*: the award date, or the start when no award date is known."""
        return self.awarded_on or self.start


@dataclass(frozen=True)
class Placement:
    """A person employed for the contract (also an internship, BBL/BOL or work-experience place).

    ``block`` may be ``""``: the engine then picks the block of ``target_group`` whose
    benefit-duration band holds ``benefit_duration_months``. ``end`` ``None`` means still employed
    (valued up to the contract's end). ``claimed_bonuses`` lists bonus blocks with condition
    ``claimed`` that apply; ``wage_cost`` is the evidenced wage cost for ``wage_cost`` blocks.
    """

    id: str
    candidate: str
    target_group: str
    hours_per_week: Decimal
    start: date
    end: date | None = None
    block: str = ""
    benefit_duration_months: int | None = None
    age_at_reference_date: int | None = None
    permanent_contract: bool = False
    status_holder: bool = False
    wage_subsidy_until: date | None = None
    claimed_bonuses: tuple[str, ...] = ()
    wage_cost: Decimal | None = None

    kind = "placement"

    def started_before(self, terms: ContractTerms) -> bool:
        """Whether the person was hired before the contract started."""
        return self.start < terms.start


@dataclass(frozen=True)
class Purchase:
    """An invoice of a social enterprise; certifications are those valid on ``invoice_date``.

    Certifications are written ``code_sociale_ondernemingen``, ``social_enterprise_nl`` or
    ``pso:<level>`` (e.g. ``pso:trede_2``). ``labour_cost`` is the labour part of the invoice, for
    blocks valued by wage cost.
    """

    id: str
    block: str
    invoice_number: str
    invoice_date: date
    amount_excl_vat: Decimal
    supplier_certifications: tuple[str, ...] = ()
    labour_cost: Decimal | None = None

    kind = "purchase"


@dataclass(frozen=True)
class Activity:
    """A social activity: ``hours`` per person times ``persons``, or ``days`` and ``cost``."""

    id: str
    block: str
    hours: Decimal | None = None
    persons: int = 1
    days: int | None = None
    cost: Decimal | None = None

    kind = "activity"


@dataclass(frozen=True)
class CostItem:
    """An actual cost that counts in full (training, coaching, a contribution)."""

    id: str
    block: str
    amount: Decimal
    description: str = ""

    kind = "cost_item"


Item = Placement | Purchase | Activity | CostItem


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
        item = _item(f, terms)
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
        problems.extend(_check(scheme, zip(positions, items, strict=True)))
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


def _item(f: Fields, terms: ContractTerms | None) -> Item | None:
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


# -- checks against a scheme -------------------------------------------------------------------


def _label(index: int, item: Item) -> str:
    return f"items[{index}] ({item.id})"


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


def check_items(scheme: Scheme, items: Sequence[Item]) -> list[Problem]:
    """The problems of ``items`` under ``scheme``: unknown blocks or target groups, a block of the
    wrong kind, and inputs the block's unit needs but the item lacks. Empty when all is well."""
    return _check(scheme, enumerate(items))


def _check(scheme: Scheme, numbered: Iterable[tuple[int, Item]]) -> list[Problem]:
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
