"""Importing the municipality's spend per supplier (Buy Social).

A file (CSV or Excel) has the columns ``kvk_nummer``, ``naam`` (optional) and ``bedrag``; the label
and the period come from the form. :func:`spend_check` reads and checks every row and says per
row, in Dutch, what is wrong: a KvK number that is not 8 digits, an amount that is not an amount,
a negative amount, a KvK number that occurs twice in the file. Nothing is written then.
:func:`spend_import_create` writes a checked file in one transaction, all rows or none, and
matches each line to the organisation record with its KvK number.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.core.table_messages import file_message
from impactplein.core.tabular import Column, TableError, read_table
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.models import SpendImport, SpendLine

COLUMNS = (
    Column("kvk_number", "kvk_nummer", required=True),
    Column("name", "naam"),
    Column("amount", "bedrag", required=True),
)
MAX_ROWS = 20_000
MAX_AMOUNT = Decimal("999999999999.99")  # what the amount field holds (14 digits, 2 decimals)

MESSAGES: Mapping[str, Promise] = {
    "kvk_missing": _("Het KvK-nummer ontbreekt."),
    "kvk_invalid": _(
        "'%(value)s' is geen KvK-nummer: een KvK-nummer heeft precies 8 cijfers (een voorloopnul "
        "die Excel weglaat, hoort erbij)."
    ),
    "kvk_duplicate": _(
        "KvK-nummer %(value)s staat ook in rij %(other)s; geef per leverancier één rij met het "
        "totaal."
    ),
    "amount_missing": _("Het bedrag ontbreekt."),
    "amount_invalid": _(
        "'%(value)s' is geen bedrag. Schrijf bijvoorbeeld 1234,56 of 1.234,56 (euro's, excl. btw)."
    ),
    "amount_negative": _("Het bedrag %(value)s is negatief; een uitgave is nul of meer."),
    "amount_too_big": _("Het bedrag %(value)s is te groot."),
    "amount_cents": _("Het bedrag %(value)s heeft meer dan twee cijfers achter de komma."),
    "formula": _("De cel '%(column)s' bevat een formule; zet er de uitkomst in."),
}


@dataclass(frozen=True)
class RowError:
    column: str  # the file's column header ("" for the row as a whole)
    code: str
    message: str


@dataclass
class PlannedLine:
    number: int  # the row number as the spreadsheet shows it
    kvk_number: str
    name: str
    amount: Decimal | None
    errors: list[RowError] = field(default_factory=list)
    organisation_id: int | None = None
    organisation_name: str = ""


@dataclass
class SpendPlan:
    """What a file would import; valid only when no row has an error."""

    lines: list[PlannedLine]
    file_error: str = ""

    @property
    def error_lines(self) -> list[PlannedLine]:
        return [line for line in self.lines if line.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_error and bool(self.lines) and not self.error_lines

    @property
    def total(self) -> Decimal:
        return sum((line.amount or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def matched(self) -> int:
        return sum(1 for line in self.lines if line.organisation_id)


def _error(column: str, code: str, **params: Any) -> RowError:
    return RowError(column, code, str(MESSAGES[code]) % params)


_KVK = re.compile(r"[0-9]{8}")


def parse_kvk(text: str) -> str | None:
    """Eight digits; spaces and dots between them are allowed (``"1234 5678"``)."""
    digits = re.sub(r"[\s.]", "", text)
    return digits if _KVK.fullmatch(digits) else None


_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def parse_amount(text: str) -> Decimal | None:
    """An amount in euros as Dutch and English files and Excel write it.

    ``1234,56``, ``1.234,56``, ``€ 1 234,56``, ``1234.56`` and ``1,234.56`` are all 1234.56: where
    both a dot and a comma occur, the last one is the decimal sign; a lone comma is a decimal
    comma; a lone dot followed by exactly three digits and preceded by at most three (``1.234``)
    is read as a thousands dot, as a Dutch file means it; any other lone dot is a decimal point.
    """
    cleaned = re.sub(r"[\s\u00a0€]|EUR", "", text.strip(), flags=re.IGNORECASE)
    if not cleaned:
        return None
    negative = cleaned.startswith("-")
    body = cleaned[1:] if negative else cleaned
    if "," in body and "." in body:
        decimal_sign = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_sign == "," else ","
        body = body.replace(thousands, "").replace(decimal_sign, ".")
    elif "," in body:
        body = body.replace(",", "") if body.count(",") > 1 else body.replace(",", ".")
    elif body.count(".") > 1 or re.fullmatch(r"[0-9]{1,3}\.[0-9]{3}", body):
        body = body.replace(".", "")
    if not _AMOUNT.fullmatch(body):
        return None
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    return -value if negative else value


def _check_row(number: int, values: Mapping[str, str], formulas: frozenset[str]) -> PlannedLine:
    kvk_text = values.get("kvk_number", "").strip()
    amount_text = values.get("amount", "").strip()
    line = PlannedLine(number, kvk_text, values.get("name", "").strip()[:200], None)
    for key in sorted(formulas):
        header = next(c.header for c in COLUMNS if c.key == key)
        line.errors.append(_error(header, "formula", column=header))
    if formulas:
        return line
    if not kvk_text:
        line.errors.append(_error("kvk_nummer", "kvk_missing"))
    elif (kvk := parse_kvk(kvk_text)) is None:
        line.errors.append(_error("kvk_nummer", "kvk_invalid", value=kvk_text))
    else:
        line.kvk_number = kvk
    if not amount_text:
        line.errors.append(_error("bedrag", "amount_missing"))
    elif (amount := parse_amount(amount_text)) is None:
        line.errors.append(_error("bedrag", "amount_invalid", value=amount_text))
    elif amount < 0:
        line.errors.append(_error("bedrag", "amount_negative", value=amount_text))
    elif amount > MAX_AMOUNT:
        line.errors.append(_error("bedrag", "amount_too_big", value=amount_text))
    elif amount != amount.quantize(Decimal("0.01")):
        line.errors.append(_error("bedrag", "amount_cents", value=amount_text))
    else:
        line.amount = amount.quantize(Decimal("0.01"))
    return line


def match_organisations(lines: Sequence[PlannedLine]) -> None:
    """Fill in the organisation of every line whose KvK number the directory knows (one query)."""
    numbers = {line.kvk_number for line in lines if not line.errors}
    found = {
        kvk: (pk, name)
        for pk, kvk, name in Organisation.objects.filter(kvk_number__in=numbers).values_list(
            "pk", "kvk_number", "name"
        )
    }
    for line in lines:
        if line.kvk_number in found:
            line.organisation_id, line.organisation_name = found[line.kvk_number]


def spend_check(*, data: bytes, filename: str) -> SpendPlan:
    """Read and check a spend file; nothing is written."""
    try:
        table = read_table(data, filename, COLUMNS, max_rows=MAX_ROWS)
    except TableError as error:
        return SpendPlan(lines=[], file_error=file_message(error))
    lines = [_check_row(row.number, row.values, row.formula_keys) for row in table.rows]
    first_row: dict[str, int] = {}
    for line in lines:
        if line.errors:
            continue
        if line.kvk_number in first_row:
            line.errors.append(
                _error(
                    "kvk_nummer",
                    "kvk_duplicate",
                    value=line.kvk_number,
                    other=first_row[line.kvk_number],
                )
            )
        else:
            first_row[line.kvk_number] = line.number
    if not lines:
        return SpendPlan(lines=[], file_error=str(_("Het bestand heeft geen rijen met gegevens.")))
    match_organisations(lines)
    return SpendPlan(lines=lines)


def plan_to_session(plan: SpendPlan) -> list[list[str]]:
    """The checked lines in a form a session can keep until the import is confirmed."""
    return [[str(line.number), line.kvk_number, line.name, str(line.amount)] for line in plan.lines]


@transaction.atomic
def spend_import_create(
    *,
    actor: Any,
    label: str,
    period_start: date,
    period_end: date,
    file_name: str,
    lines: Sequence[Sequence[str]],
) -> SpendImport:
    """Write a checked file: the import and all its lines, each matched by KvK number, or nothing.

    ``lines`` are ``[row number, KvK number, name, amount]`` as :func:`plan_to_session` keeps them;
    they are checked again, so a changed session cannot write a wrong line.
    """
    planned = [
        _check_row(int(number), {"kvk_number": kvk, "name": name, "amount": amount}, frozenset())
        for number, kvk, name, amount in lines
    ]
    if not planned or any(line.errors for line in planned):
        raise ValueError("spend lines must be checked before they are imported")
    if len({line.kvk_number for line in planned}) != len(planned):
        raise ValueError("a KvK number occurs twice")
    if period_end < period_start:
        raise ValueError("the period ends before it starts")
    match_organisations(planned)
    spend_import = SpendImport.objects.create(
        label=label,
        period_start=period_start,
        period_end=period_end,
        file_name=file_name[:200],
        uploaded_by=actor,
    )
    SpendLine.objects.bulk_create(
        [
            SpendLine(
                spend_import=spend_import,
                kvk_number=line.kvk_number,
                supplier_name=line.name,
                organisation_id=line.organisation_id,
                amount=line.amount,
            )
            for line in planned
        ],
        batch_size=2000,
    )
    return spend_import
