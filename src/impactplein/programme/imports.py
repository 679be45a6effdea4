"""Bulk update of a programme's activities through a CSV or Excel file in the export's columns.

The export (:func:`export_rows`) writes one row per activity with its ``id`` and ``versie``.
An import is checked whole before anything is written (:func:`plan_file`): per row what it will
do (create, update, unchanged) and its errors in Dutch (or English), with row number and column.
Only a file without errors can be confirmed; :func:`import_apply` then writes every row in one
transaction through the services, or nothing at all. A round trip of the export is "unchanged"
throughout.

Concurrent edits: a row of an existing activity carries the version it was exported at. When the
activity has been saved since (by someone on its page, or another import) and the row would change
it, the row is refused with its reason, so an old file never overwrites newer work. Between the
preview and the confirmation the same check runs again inside the transaction.

Between the two steps the checked rows travel in a signed field of the confirmation form, so no
upload is kept on the server and a forged confirmation is refused.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.core import tabular
from impactplein.core.table_messages import file_message
from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus
from impactplein.programme.models import ActionProgramme, Activity

COLUMNS: tuple[tabular.Column, ...] = (
    tabular.Column("id", "id"),
    tabular.Column("objective", "doel", required=True),
    tabular.Column("partner", "partner", required=True),
    tabular.Column("title", "titel", required=True),
    tabular.Column("planned_start", "geplande_start"),
    tabular.Column("planned_end", "gepland_einde"),
    tabular.Column("status", "status", required=True),
    tabular.Column("progress", "voortgang", required=True),
    tabular.Column("weight", "gewicht", required=True),
    tabular.Column("version", "versie"),
)
HEADERS = tabular.headers_of(COLUMNS)
FIELD_KEYS = tuple(c.key for c in COLUMNS if c.key not in ("id", "version"))
HEADER_OF = {column.key: column.header for column in COLUMNS}
MAX_ROWS = 1000

# The file format speaks Dutch whatever the interface language (like the headers).
STATUS_WORDS: Mapping[str, str] = {
    "gepland": ActivityStatus.PLANNED,
    "loopt": ActivityStatus.RUNNING,
    "afgerond": ActivityStatus.DONE,
    "uitgesteld": ActivityStatus.POSTPONED,
    "gestopt": ActivityStatus.STOPPED,
}
WORD_OF_STATUS = {value: word for word, value in STATUS_WORDS.items()}

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTIONS: Mapping[str, Promise] = {
    CREATE: _("nieuw"),
    UPDATE: _("wijzigen"),
    UNCHANGED: _("ongewijzigd"),
}
SIGNING_SALT = "impactplein.programme.imports"
TOKEN_MAX_AGE = 24 * 60 * 60

CELL_MESSAGES: Mapping[str, Promise] = {
    "required": _("Vul deze kolom in."),
    "formula": _("Deze cel bevat een formule; zet er de waarde in."),
    "integer": _("Vul een heel getal in, niet '%(detail)s'."),
    "decimal": _("Vul een getal in, zoals 1 of 1,5; niet '%(detail)s'."),
    "date": _("'%(detail)s' is geen datum; schrijf bijvoorbeeld 2026-03-01."),
    "status": _(
        "'%(detail)s' is geen status; kies uit: gepland, loopt, afgerond, uitgesteld, gestopt."
    ),
    "objective": _("Er is geen doel met code '%(detail)s' in deze samenwerking."),
    "partner": _("Er is geen partner met korte naam '%(detail)s' in deze samenwerking."),
    "unknown_id": _("Er is geen activiteit met id %(detail)s in dit actieprogramma."),
    "id_twice": _("Deze activiteit staat ook in rij %(detail)s."),
    "version_missing": _("Vul de versie uit de export in, zodat wijzigingen van anderen opvallen."),
    "stale": _(
        "Iemand anders heeft deze activiteit na uw export gewijzigd (versie %(detail)s). "
        "Exporteer opnieuw en neem uw wijziging daarin over."
    ),
}


@dataclass(frozen=True)
class RowError:
    column: str  # the header in the file, or "" for the whole row
    message: str


@dataclass
class RowPlan:
    number: int
    raw: dict[str, str]
    action: str = ""
    activity_id: int | None = None
    version: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # headers of the changed columns
    errors: list[RowError] = field(default_factory=list)
    formulas: frozenset[str] = frozenset()  # keys of cells that held a formula

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, ""))


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    file_error: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.file_error and bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)


# --- export --------------------------------------------------------------------------------------


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def export_row(activity: Activity) -> dict[str, str]:
    return {
        "id": str(activity.pk),
        "doel": activity.objective.code,
        "partner": activity.partner.short_name,
        "titel": activity.title,
        "geplande_start": activity.planned_start.isoformat() if activity.planned_start else "",
        "gepland_einde": activity.planned_end.isoformat() if activity.planned_end else "",
        "status": WORD_OF_STATUS[activity.status],
        "voortgang": str(activity.progress),
        "gewicht": _decimal_text(activity.weight),
        "versie": str(activity.version),
    }


def export_rows(activities: Sequence[Activity]) -> list[dict[str, str]]:
    return [export_row(activity) for activity in activities]


# --- checking ------------------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def _cell(code: str, detail: str = "") -> str:
    return str(CELL_MESSAGES[code]) % {"detail": detail}


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError as error:
        raise _CellError("integer", text) from error


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise _CellError("decimal", text) from error
    if not value.is_finite():
        raise _CellError("decimal", text)
    return value


def _date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise _CellError("date", text) from error


class _Lookups:
    def __init__(self, programme: ActionProgramme) -> None:
        partnership = programme.partnership
        self.objectives = {o.code.lower(): o for o in partnership.objectives.all()}
        self.partners = {p.short_name.lower(): p for p in partnership.partners.all()}
        self.activities = {
            a.pk: a for a in programme.activities.select_related("objective", "partner")
        }


def _parse(row: RowPlan, lookups: _Lookups) -> None:
    raw = row.raw
    parsers = {
        "objective": lambda t: lookups.objectives.get(t.lower()) or _fail("objective", t),
        "partner": lambda t: lookups.partners.get(t.lower()) or _fail("partner", t),
        "title": lambda t: t,
        "planned_start": _date,
        "planned_end": _date,
        "status": lambda t: (
            STATUS_WORDS.get(t.lower())
            or (t.lower() if t.lower() in ActivityStatus.values else _fail("status", t))
        ),
        "progress": _integer,
        "weight": _decimal,
    }
    for key, parse in parsers.items():
        text = raw.get(key, "")
        header = HEADER_OF[key]
        if key in row.formulas:
            row.errors.append(RowError(header, _cell("formula")))
            continue
        column = next(c for c in COLUMNS if c.key == key)
        if column.required and not text:
            row.errors.append(RowError(header, _cell("required")))
            continue
        try:
            row.values[key] = parse(text)
        except _CellError as error:
            row.errors.append(RowError(header, _cell(error.code, error.detail)))


def _fail(code: str, detail: str) -> Any:
    raise _CellError(code, detail)


def _identify(row: RowPlan, lookups: _Lookups, seen: dict[int, int]) -> None:
    id_text, version_text = row.raw.get("id", ""), row.raw.get("version", "")
    if not id_text:
        row.action = CREATE
        return
    if not id_text.isdigit():
        row.errors.append(RowError("id", _cell("unknown_id", id_text)))
        return
    pk = int(id_text)
    if version_text:
        if not version_text.isdigit():
            row.errors.append(RowError("versie", _cell("integer", version_text)))
            return
        row.version = int(version_text)
    if pk not in lookups.activities:
        row.errors.append(RowError("id", _cell("unknown_id", id_text)))
        return
    if pk in seen:
        row.errors.append(RowError("id", _cell("id_twice", str(seen[pk]))))
        return
    seen[pk] = row.number
    row.activity_id = pk
    if row.version is None:
        row.errors.append(RowError("versie", _cell("version_missing")))


def _validate(row: RowPlan, programme: ActionProgramme, lookups: _Lookups) -> None:
    """Compare with the stored activity and let the model check the result, writing nothing."""
    current = lookups.activities.get(row.activity_id) if row.activity_id else None
    candidate = Activity(programme=programme) if current is None else _copy(current)
    for key, value in row.values.items():
        setattr(candidate, key, value)
    if current is not None:
        row.changed = [
            HEADER_OF[key] for key, value in row.values.items() if getattr(current, key) != value
        ]
        row.action = UPDATE if row.changed else UNCHANGED
        if row.changed and row.version != current.version:
            row.errors.append(RowError("versie", _cell("stale", str(current.version))))
    try:
        candidate.full_clean(exclude=["description", "continues"], validate_unique=False)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            header = HEADER_OF.get(key, "")
            for message in messages:
                row.errors.append(RowError(header, message))


def _copy(activity: Activity) -> Activity:
    copy = Activity()
    for model_field in Activity._meta.concrete_fields:
        setattr(copy, model_field.attname, getattr(activity, model_field.attname))
    return copy


def plan_rows(programme: ActionProgramme, rows: Sequence[tabular.RawRow]) -> Plan:
    """Check every row against the programme as it is now; nothing is written."""
    lookups = _Lookups(programme)
    plan = Plan()
    seen: dict[int, int] = {}
    for raw in rows:
        row = RowPlan(number=raw.number, raw=dict(raw.values), formulas=raw.formula_keys)
        _identify(row, lookups, seen)
        _parse(row, lookups)
        known = row.action == CREATE or row.activity_id is not None
        if known and len(row.values) == len(FIELD_KEYS):
            _validate(row, programme, lookups)
        plan.rows.append(row)
    return plan


def plan_file(programme: ActionProgramme, data: bytes, filename: str) -> Plan:
    try:
        table = tabular.read_table(data, filename, COLUMNS, max_rows=MAX_ROWS)
    except tabular.TableError as error:
        return Plan(file_error=file_message(error))
    if not table.rows:
        return Plan(file_error=file_message(tabular.TableError("empty")))
    return plan_rows(programme, table.rows)


# --- confirming and writing ----------------------------------------------------------------------


def plan_token(programme: ActionProgramme, plan: Plan) -> str:
    """The checked rows, signed, for the confirmation form."""
    rows = [[row.number, row.raw] for row in plan.rows]
    return signing.dumps(
        {"programme": programme.pk, "rows": rows}, salt=SIGNING_SALT, compress=True
    )


class ImportRefused(Exception):
    """Nothing was written; ``plan`` says why (row errors), or ``message`` does."""

    def __init__(self, plan: Plan | None = None, message: str = "") -> None:
        super().__init__(message or "import refused")
        self.plan = plan
        self.message = message


def _rows_from_token(programme: ActionProgramme, token: str) -> list[tabular.RawRow]:
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise ImportRefused(
            message=str(_("De bevestiging is verlopen of ongeldig. Kies het bestand opnieuw."))
        ) from error
    if payload.get("programme") != programme.pk:
        raise ImportRefused(message=str(_("Deze bevestiging hoort bij een ander actieprogramma.")))
    return [tabular.RawRow(number, dict(values)) for number, values in payload["rows"]]


@transaction.atomic
def import_apply(*, actor: Model | None, programme: ActionProgramme, token: str) -> Plan:
    """Write the confirmed rows, all or nothing, with ``actor`` in the history.

    The rows are checked again against the programme as it is now (under a lock on its
    activities); if any row fails, for instance because an activity was changed since the
    preview, nothing is written and :class:`ImportRefused` carries the new plan.
    """
    rows = _rows_from_token(programme, token)
    list(programme.activities.select_for_update().values_list("pk", flat=True))
    plan = plan_rows(programme, rows)
    if not plan.is_valid:
        raise ImportRefused(plan=plan)
    try:
        with transaction.atomic():
            for row in plan.rows:
                if row.action == CREATE:
                    services.activity_create(actor=actor, programme=programme, **row.values)
                elif row.action == UPDATE:
                    activity = Activity.objects.get(pk=row.activity_id)
                    changed = {
                        key: value
                        for key, value in row.values.items()
                        if HEADER_OF[key] in row.changed
                    }
                    services.activity_update(
                        actor=actor,
                        activity=activity,
                        expected_version=row.version or 0,
                        **changed,
                    )
    except services.StaleActivityError as error:
        raise ImportRefused(
            message=str(_("Activiteit %(id)s is intussen gewijzigd; er is niets opgeslagen."))
            % {"id": error.current.pk}
        ) from error
    return plan
