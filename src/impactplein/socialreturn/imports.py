"""Contracts in and out of spreadsheets: the export's columns are the import's columns.

:data:`COLUMNS` describes the file; :func:`contract_row` writes a contract in it (the export), so
an exported file imports as "unchanged" throughout. The computed columns (the supplier's name, the
obligation) are written for the reader and ignored on import.

An import is checked whole before anything is written (:func:`import_plan`): per row the action
(new, change, unchanged), every error with its row number, column and a Dutch message, unknown
suppliers (by KvK number) and unknown schemes named, and references that occur twice in the file.
:func:`import_apply` writes a valid plan in one transaction through the same service as the
form (``services.contracts``); one refused row rolls back all.
A row is written as the check saw it: a new contract whose reference was taken meanwhile, or an
existing one changed since the check, refuses the import. The uploaded file waits between preview
and confirmation in private storage (:func:`file_keep`).
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from impactplein.core import tabular
from impactplein.core.storage import private_storage, random_name
from impactplein.core.table_messages import file_message
from impactplein.core.tabular import Column, RawRow, TableError
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import ContractStatus, ContractType, PSOLevel
from impactplein.socialreturn.models import Contract, ValuationScheme
from impactplein.socialreturn.services import contracts as services

COLUMNS: Final[tuple[Column, ...]] = (
    Column("reference", "kenmerk", required=True),
    Column("title", "omschrijving", required=True),
    Column("buyer_department", "afdeling", required=True),
    Column("supplier_kvk", "kvk_opdrachtnemer", required=True),
    Column("supplier_name", "naam_opdrachtnemer"),  # computed: ignored on import
    Column("contract_type", "soort", required=True),
    Column("value", "opdrachtwaarde", required=True),
    Column("awarded_on", "gegund_op", required=True),
    Column("start_date", "startdatum", required=True),
    Column("end_date", "einddatum", required=True),
    Column("labour_share", "loonkostenaandeel"),
    Column("offered_percentage", "aangeboden_percentage"),
    Column("supplier_pso_level", "pso_niveau"),
    Column("scheme", "waarderingsmodel"),
    Column("co2_ladder_level", "co2_prestatieladder"),
    Column("mvi_criteria", "mvi_criteria"),
    Column("status", "status"),
    Column("penalty_note", "toelichting_boete"),
    Column("obligation", "verplichting"),  # computed: ignored on import
)
HEADERS: Final = tabular.headers_of(COLUMNS)
BY_KEY: Final[Mapping[str, Column]] = {column.key: column for column in COLUMNS}
COMPUTED: Final = frozenset({"supplier_name", "obligation"})

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ACTION_LABELS: Mapping[str, Promise] = {
    CREATE: _("nieuw"),
    UPDATE: _("wijzigen"),
    UNCHANGED: _("ongewijzigd"),
}
DUTCH_TYPES = {"werken": "works", "diensten": "services", "leveringen": "supplies"}
# A model field's name -> the column that carries it (for the service's field errors).
FIELD_COLUMNS = {
    **{column.key: column.header for column in COLUMNS},
    "supplier": BY_KEY["supplier_kvk"].header,
}


def scheme_code(scheme: ValuationScheme) -> str:
    return f"{scheme.slug}@{scheme.version}"


def _decimal_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def contract_row(contract: Contract) -> dict[str, str]:
    """One contract as a row of the file, keyed by header (supplier and scheme loaded)."""
    values = {
        "reference": contract.reference,
        "title": contract.title,
        "buyer_department": contract.buyer_department,
        "supplier_kvk": contract.supplier.kvk_number or "",
        "supplier_name": contract.supplier.name,
        "contract_type": contract.contract_type,
        "value": _decimal_text(contract.value),
        "awarded_on": contract.awarded_on.isoformat(),
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "labour_share": _decimal_text(contract.labour_share),
        "offered_percentage": _decimal_text(contract.offered_percentage),
        "supplier_pso_level": contract.supplier_pso_level,
        "scheme": scheme_code(contract.scheme),
        "co2_ladder_level": ""
        if contract.co2_ladder_level is None
        else str(contract.co2_ladder_level),
        "mvi_criteria": contract.mvi_criteria,
        "status": contract.status,
        "penalty_note": contract.penalty_note,
        "obligation": _decimal_text(contract.obligation),
    }
    return {BY_KEY[key].header: text for key, text in values.items()}


def write_xlsx(contracts: Sequence[Contract] | Any) -> bytes:
    return tabular.write_xlsx(
        (contract_row(contract) for contract in contracts), HEADERS, sheet_title="Contracten"
    )


# --- reading one row --------------------------------------------------------------------------

CELL_MESSAGES: Mapping[str, Promise] = {
    "required": _("Vul deze kolom in."),
    "formula": _("Deze cel bevat een formule; zet er de waarde in."),
    "number": _("'%(detail)s' is geen bedrag of getal; schrijf bijvoorbeeld 250000.00."),
    "integer": _("'%(detail)s' is geen geheel getal."),
    "date": _("'%(detail)s' is geen datum; schrijf bijvoorbeeld 2026-03-01."),
    "choice": _("'%(detail)s' is geen van de mogelijke waarden: %(choices)s."),
    "supplier": _("Er is geen organisatie met KvK-nummer %(detail)s."),
    "scheme": _("Er is geen waarderingsmodel '%(detail)s' (schrijf code@versie)."),
    "reference_twice": _("Dit kenmerk staat ook in rij %(detail)s."),
}
_DUTCH_DATE: Final = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")


class _Cell(Exception):
    def __init__(self, code: str, detail: str = "", choices: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.choices = choices


def parse_decimal(text: str) -> Decimal:
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.250.000,50
        else:
            cleaned = cleaned.replace(",", "")  # 1,250,000.50
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise _Cell("number", text) from error
    if not number.is_finite():
        raise _Cell("number", text)
    return number


def parse_date(text: str) -> date:
    match = _DUTCH_DATE.fullmatch(text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text[:10])
    except ValueError as error:
        raise _Cell("date", text) from error


def _choice(text: str, values: Sequence[str], aliases: Mapping[str, str] | None = None) -> str:
    word = text.strip().lower()
    word = (aliases or {}).get(word, word)
    if word not in values:
        raise _Cell("choice", text, ", ".join(value or "(leeg)" for value in values))
    return word


def _convert(key: str, text: str) -> Any:
    if key in ("value", "labour_share", "offered_percentage"):
        return parse_decimal(text) if text else None
    if key in ("awarded_on", "start_date", "end_date"):
        return parse_date(text) if text else None
    if key == "co2_ladder_level":
        if not text:
            return None
        if not text.isdigit():
            raise _Cell("integer", text)
        return int(text)
    if key == "contract_type":
        return _choice(text, ContractType.values, DUTCH_TYPES) if text else ""
    if key == "supplier_pso_level":
        return _choice(text, PSOLevel.values) if text else ""
    if key == "status":
        return _choice(text, ContractStatus.values) if text else ""
    return text.strip()


@dataclass(frozen=True)
class RowError:
    column: str  # the header, or "" for the row as a whole
    message: str


@dataclass
class RowPlan:
    number: int
    reference: str
    action: str = CREATE
    errors: list[RowError] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    obligation: Decimal | None = None
    data: services.ContractData | None = None
    status: str = ""
    penalty_note: str = ""
    # The version of the existing contract the check saw: the write refuses a newer one.
    seen_version: int | None = None

    @property
    def action_label(self) -> Promise:
        return ACTION_LABELS[self.action]


@dataclass
class Plan:
    file_error: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    unknown_suppliers: list[str] = field(default_factory=list)
    unknown_schemes: list[str] = field(default_factory=list)
    duplicate_references: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_error and bool(self.rows) and not self.error_rows

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def summary(self) -> dict[str, int]:
        return {
            CREATE: self.count(CREATE),
            UPDATE: self.count(UPDATE),
            UNCHANGED: self.count(UNCHANGED),
            "errors": len(self.error_rows),
        }


def _message(code: str, detail: str = "", choices: str = "") -> str:
    return str(CELL_MESSAGES[code]) % {"detail": detail, "choices": choices}


class _Lookups:
    """Suppliers, schemes and existing contracts that the rows name, read once."""

    def __init__(self, raws: Sequence[RawRow]) -> None:
        kvks = {raw.values.get("supplier_kvk", "").strip() for raw in raws} - {""}
        self.suppliers: dict[str, Organisation] = {}
        for organisation in Organisation.objects.filter(kvk_number__in=kvks).order_by("pk"):
            self.suppliers.setdefault(str(organisation.kvk_number), organisation)
        self.schemes = {scheme_code(s): s for s in ValuationScheme.objects.all()}
        references = {raw.values.get("reference", "").strip() for raw in raws} - {""}
        self.contracts = {
            c.reference: c
            for c in Contract.objects.filter(reference__in=references).select_related(
                "supplier", "scheme"
            )
        }


def _plan_row(raw: RawRow, lookups: _Lookups, plan: Plan) -> RowPlan:
    row = RowPlan(raw.number, raw.values.get("reference", "").strip())
    values: dict[str, Any] = {}
    for key, text in raw.values.items():
        if key in COMPUTED:
            continue
        if key in raw.formula_keys:
            row.errors.append(RowError(BY_KEY[key].header, _message("formula")))
            continue
        try:
            values[key] = _convert(key, text)
        except _Cell as cell:
            message = _message(cell.code, cell.detail, cell.choices)
            row.errors.append(RowError(BY_KEY[key].header, message))
    failed = {error.column for error in row.errors}
    for column in COLUMNS:
        if column.required and not raw.values.get(column.key) and column.header not in failed:
            row.errors.append(RowError(column.header, _message("required")))
            failed.add(column.header)
    kvk = str(values.get("supplier_kvk") or "")
    supplier = lookups.suppliers.get(kvk)
    if kvk and supplier is None:
        row.errors.append(RowError(BY_KEY["supplier_kvk"].header, _message("supplier", kvk)))
        if kvk not in plan.unknown_suppliers:
            plan.unknown_suppliers.append(kvk)
    code = str(values.get("scheme") or "")
    scheme = lookups.schemes.get(code) if code else None
    if code and scheme is None:
        row.errors.append(RowError(BY_KEY["scheme"].header, _message("scheme", code)))
        if code not in plan.unknown_schemes:
            plan.unknown_schemes.append(code)
    if row.errors or supplier is None:
        return row
    data = services.ContractData(
        reference=row.reference,
        title=values["title"],
        buyer_department=values["buyer_department"],
        supplier=supplier,
        contract_type=values["contract_type"],
        value=values["value"],
        awarded_on=values["awarded_on"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        labour_share=values.get("labour_share"),
        offered_percentage=values.get("offered_percentage"),
        supplier_pso_level=values.get("supplier_pso_level", ""),
        scheme=scheme,
        co2_ladder_level=values.get("co2_ladder_level"),
        mvi_criteria=values.get("mvi_criteria", ""),
    )
    row.status = values.get("status", "")
    row.penalty_note = values.get("penalty_note", "")
    existing = lookups.contracts.get(row.reference)
    fields = services.with_default_scheme(data.as_fields())
    if existing is not None and scheme is None:
        fields["scheme"] = existing.scheme
    try:
        services.contract_check(fields, pk=existing.pk if existing else None)
        if row.status:
            services.check_status(row.status, row.penalty_note)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = FIELD_COLUMNS.get(name, "")
            for message in messages:
                row.errors.append(RowError(column, message))
        return row
    if existing is not None:
        row.changed = [FIELD_COLUMNS[name] for name in services.changed_fields(existing, data)]
        if row.status and row.status != existing.status:
            row.changed.append(BY_KEY["status"].header)
        if row.status and row.penalty_note != existing.penalty_note:
            row.changed.append(BY_KEY["penalty_note"].header)
        if "scheme" in services.changed_fields(existing, data) and existing.entries.exists():
            message = gettext(
                "Het waarderingsmodel ligt vast: er is al invulling op dit contract geregistreerd."
            )
            row.errors.append(RowError(BY_KEY["scheme"].header, message))
            return row
        row.action = UPDATE if row.changed else UNCHANGED
        row.seen_version = existing.version
    row.obligation, _stored = services.compute_obligation(fields)
    row.data = data
    return row


def import_plan(data: bytes, filename: str) -> Plan:
    """Check a whole file without writing anything."""
    try:
        table = tabular.read_table(data, filename, COLUMNS)
    except TableError as error:
        return Plan(file_error=file_message(error))
    plan = Plan()
    lookups = _Lookups(table.rows)
    first_row: dict[str, int] = {}
    for raw in table.rows:
        row = _plan_row(raw, lookups, plan)
        if row.reference:
            if row.reference in first_row:
                row.errors.append(
                    RowError(
                        BY_KEY["reference"].header,
                        _message("reference_twice", str(first_row[row.reference])),
                    )
                )
                if row.reference not in plan.duplicate_references:
                    plan.duplicate_references.append(row.reference)
            else:
                first_row[row.reference] = row.number
        plan.rows.append(row)
    if not plan.rows:
        plan.file_error = file_message(TableError("empty"))
    return plan


class ImportRefused(Exception):
    """The database changed since the check, so a row no longer fits; nothing was written."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(
            gettext("Rij %(row)s kan niet worden opgeslagen: %(message)s Er is niets opgeslagen.")
            % {"row": row, "message": message}
        )


def _write(actor: Model | None, row: RowPlan) -> None:
    """Write one checked row as the check saw it: a new contract, or a change of the version
    the check read (a contract made or changed since then refuses the row)."""
    assert row.data is not None
    if row.action == CREATE:
        services.contract_create(
            actor=actor,
            data=row.data,
            status=row.status or ContractStatus.AWARDED,
            penalty_note=row.penalty_note,
        )
        return
    assert row.seen_version is not None
    contract = Contract.objects.get(reference=row.reference)
    contract = services.contract_update(
        actor=actor,
        contract=contract,
        expected_version=row.seen_version,
        data=row.data,
        scheme_change_reason=gettext("gewijzigd via import"),
    )
    if row.status and (row.status, row.penalty_note) != (contract.status, contract.penalty_note):
        services.contract_set_status(
            actor=actor,
            contract=contract,
            expected_version=contract.version,
            status=row.status,
            penalty_note=row.penalty_note,
        )


@transaction.atomic
def import_apply(*, actor: Model | None, plan: Plan) -> dict[str, int]:
    """Write a valid plan in one transaction; any refusal rolls back every row."""
    if not plan.is_valid:
        raise ValueError("only a valid plan is applied")
    counts: dict[str, int] = defaultdict(int)
    for row in plan.rows:
        if row.action == UNCHANGED:
            counts[UNCHANGED] += 1
            continue
        assert row.data is not None
        try:
            _write(actor, row)
        except (ValidationError, services.StaleContractError, Contract.DoesNotExist) as error:
            messages = (
                [m for ms in error.message_dict.values() for m in ms]
                if isinstance(error, ValidationError) and hasattr(error, "error_dict")
                else [str(error)]
            )
            raise ImportRefused(row.number, " ".join(messages)) from error
        counts[row.action] += 1
    return dict(counts)


# --- the file between preview and confirmation ----------------------------------------------------


@dataclass(frozen=True)
class KeptFile:
    name: str  # in private storage
    filename: str  # as uploaded
    sha256: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "filename": self.filename, "sha256": self.sha256}


def file_keep(data: bytes, filename: str) -> KeptFile:
    extension = "xlsx" if data.startswith(tabular.XLSX_MAGIC) else "csv"
    name = private_storage.save(random_name("socialreturn/imports", extension), ContentFile(data))
    return KeptFile(name, filename[:200], hashlib.sha256(data).hexdigest())


def file_read(kept: Mapping[str, str]) -> bytes | None:
    """The kept file's bytes, or None when it is gone or not what was checked."""
    name = kept.get("name", "")
    if not name.startswith("socialreturn/imports/") or not private_storage.exists(name):
        return None
    with private_storage.open(name, "rb") as file:
        data: bytes = file.read()
    if hashlib.sha256(data).hexdigest() != kept.get("sha256"):
        return None
    return data


def file_forget(kept: Mapping[str, str]) -> None:
    name = kept.get("name", "")
    if name.startswith("socialreturn/imports/") and private_storage.exists(name):
        private_storage.delete(name)
