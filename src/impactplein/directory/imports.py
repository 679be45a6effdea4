"""Staff import of organisations and impact profiles from a CSV or Excel file (issue #3, point 7).

The work leaves the web request. :func:`import_upload` reads the file's columns and rows (a file
that cannot be read is refused at once, with its reason) and keeps it as an :class:`ImportBatch`;
the worker's :func:`import_check` then checks every row without writing a record and stores the
:class:`Plan` on the batch: per row what it will do (create, update, unchanged), its errors (row,
column, message in the uploader's language) and the possible duplicates. After the uploader's
:func:`import_confirm`, the worker's :func:`import_apply` writes exactly that stored plan in one
transaction through the organisations' and the directory's services, with the importing person in
the history. The plan is not made again: it records the version of every organisation and profile
it matched, and the apply refuses, writing nothing, when one of them changed since the check, or
a new row's KvK or establishment number has been taken meanwhile. Small files take the same two
steps at once, inside the request (``INLINE_ROWS``).

A row is matched to an existing organisation by its ``id`` column, else by its KvK number; a file
exported from the showcase therefore imports as "unchanged" throughout.

Staff who may import (``directory.import_impactprofile``) may set a profile's status and
publication date directly: the import is how existing registers are brought in. A batch is seen
and confirmed only by the person who uploaded it.
"""

import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Area, Municipality, Theme
from impactplein.core.table_messages import file_message
from impactplein.directory import duplicates, services, tabular
from impactplein.directory.constants import ImpactModel, ProfileStatus
from impactplein.directory.models import ImpactProfile, ImportBatch
from impactplein.organisations import services as organisation_services
from impactplein.organisations.constants import LegalForm, OrganisationKind
from impactplein.organisations.models import Organisation

logger = logging.getLogger(__name__)

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
BATCH_KEPT_FOR = timedelta(days=1)
# A file of at most this many rows is checked and applied at once, inside the request, by the
# same functions the worker runs; larger files go to the worker.
INLINE_ROWS = 100

CELL_MESSAGES: Mapping[str, Promise] = {
    "required": _("Vul deze kolom in."),
    "formula": _("Deze cel bevat een formule; zet er de waarde in."),
    "integer": _("Vul een geheel getal in."),
    "house_number": _("Vul een huisnummer in cijfers in; een toevoeging hoort in 'toevoeging'."),
    "choice": _("'%(detail)s' is geen van de mogelijke waarden: %(choices)s."),
    "sdg": _("'%(detail)s' is geen SDG; gebruik de nummers 1 tot en met 17."),
    "impact_model": _("'%(detail)s' is geen impactmodel; kies uit: %(choices)s."),
    "impact_model_twice": _("Noem elk impactmodel maar één keer."),
    "yes_no": _("Vul 'ja' of 'nee' in, niet '%(detail)s'."),
    "date": _("'%(detail)s' is geen datum; schrijf bijvoorbeeld 2026-03-01."),
    "municipality": _("Er is geen gemeente met CBS-code '%(detail)s'."),
    "area": _("Er is geen gebied '%(detail)s' in deze gemeente."),
    "theme": _("Onbekend thema: %(detail)s."),
    "unknown_id": _("Er is geen organisatie met id %(detail)s."),
    "id_twice": _("Deze organisatie staat ook in rij %(detail)s."),
    "kvk_twice": _("Dit KvK-nummer staat ook in rij %(detail)s."),
    "establishment_twice": _("Dit vestigingsnummer staat ook in rij %(detail)s."),
}
CHOICE_KEYS = {
    "kind": OrganisationKind,
    "legal_form": LegalForm,
    "status": ProfileStatus,
}
ACTION_LABELS: Mapping[str, Promise] = {
    CREATE: _("nieuw"),
    UPDATE: _("wijzigen"),
    UNCHANGED: _("ongewijzigd"),
}
PROFILE_TEXT_FIELDS = (
    "pitch",
    "story",
    "impact_models",
    "target_groups",
    "sells_to_buyers",
    "offer",
)


@dataclass(frozen=True)
class RowError:
    column: str  # the header, or "" for the row as a whole
    message: str


@dataclass(frozen=True)
class Duplicate:
    name: str
    reason: str  # "kvk_number" or "similar_name"
    organisation_pk: int | None  # None: another row of the file
    row_number: int | None


@dataclass
class RowPlan:
    number: int
    name: str
    action: str = CREATE
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    changed_columns: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    organisation_fields: dict[str, Any] = field(default_factory=dict)
    profile_fields: dict[str, Any] = field(default_factory=dict)
    themes: list[Theme] | None = None
    sdgs: list[SDG] | None = None
    status: str | None = None
    published_on: date | None = None
    has_profile: bool = False
    # What the check saw, so the apply can tell whether the database changed since.
    organisation_version: int | None = None
    profile_pk: int | None = None
    profile_version: int | None = None

    @property
    def action_label(self) -> Promise:
        return ACTION_LABELS[self.action]


@dataclass
class Plan:
    file_error: str = ""
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_error and bool(self.rows) and not self.error_rows

    @property
    def error_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

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


def _choices_text(key: str) -> str:
    if key == "impact_models":
        return ", ".join(ImpactModel.values)
    return ", ".join(CHOICE_KEYS[key].values)


def _cell_message(error: tabular.CellError) -> RowError:
    choices = _choices_text(error.key) if error.code in ("choice", "impact_model") else ""
    message = str(CELL_MESSAGES[error.code]) % {"detail": error.detail, "choices": choices}
    return RowError(error.header, message)


# --- planning ------------------------------------------------------------------------------------


class Reference:
    """The reference data rows refer to (municipalities, areas, themes, SDGs), read once."""

    def __init__(self) -> None:
        self.municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
        self.municipalities_by_pk = {m.pk: m for m in self.municipalities.values()}
        self.areas = {
            (area.municipality_id, area.slug): area
            for area in Area.objects.select_related("municipality")
        }
        self.areas_by_pk = {area.pk: area for area in self.areas.values()}
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.themes_by_pk = {theme.pk: theme for theme in self.themes.values()}
        self.sdgs = {sdg.number: sdg for sdg in SDG.objects.all()}
        self.sdgs_by_pk = {sdg.pk: sdg for sdg in self.sdgs.values()}


class _Lookups:
    """Everything the rows refer to, read once for the whole file."""

    def __init__(self, table: tabular.Table) -> None:
        self.reference = Reference()
        self.municipalities = self.reference.municipalities
        self.areas = self.reference.areas
        self.themes = self.reference.themes
        self.sdgs = self.reference.sdgs
        ids = {_int(row.values.get("id")) for row in table.rows} - {None}
        kvks = {_kvk(row.values.get("kvk_number", "")) for row in table.rows} - {""}
        organisations = Organisation.objects.select_related("municipality", "area")
        self.by_pk: dict[int, Organisation] = {}
        for chunk in _chunks(sorted(ids)):  # type: ignore[type-var]
            self.by_pk.update({o.pk: o for o in organisations.filter(pk__in=chunk)})
        self.by_kvk: dict[str, Organisation] = {}
        for chunk in _chunks(sorted(kvks)):
            self.by_kvk.update(
                {o.kvk_number: o for o in organisations.filter(kvk_number__in=chunk)}
            )  # type: ignore[misc]
        for organisation in self.by_kvk.values():
            self.by_pk.setdefault(organisation.pk, organisation)
        # Who holds the file's KvK and establishment numbers, in their stored form: the model's
        # own "already taken" check would ask the database twice for every row.
        identifiers = [
            organisation_services.organisation_fields_normalised(
                {
                    "kvk_number": row.values.get("kvk_number", ""),
                    "establishment_number": row.values.get("establishment_number", ""),
                }
            )
            for row in table.rows
        ]
        self.kvk_owners = organisation_services.identifier_owners(
            "kvk_number", {i["kvk_number"] for i in identifiers} - {None}
        )
        self.establishment_owners = organisation_services.identifier_owners(
            "establishment_number", {i["establishment_number"] for i in identifiers} - {None}
        )
        matched = list(self.by_pk)
        self.profiles: dict[int, ImpactProfile] = {}
        for chunk in _chunks(matched):
            for profile in ImpactProfile.objects.filter(organisation_id__in=chunk).prefetch_related(
                "themes", "sdgs"
            ):
                self.profiles[profile.organisation_id] = profile
        self._indexes: dict[str, NameIndex] = {}

    def name_index(self, municipality: str) -> "NameIndex":
        """The organisations in the municipality (and the file's new rows, as they are planned),
        for the similar-name check of new rows."""
        if municipality not in self._indexes:
            index = NameIndex()
            for pk, name, kvk in Organisation.objects.filter(
                municipality__cbs_code=municipality
            ).values_list("pk", "name", "kvk_number"):
                index.add(duplicates.Candidate(str(pk), name, municipality, kvk))
            self._indexes[municipality] = index
        return self._indexes[municipality]


class NameIndex:
    """Names by the words of their normalised form, so a new name is compared only with names
    that share a distinctive word. A word that many names share ("bakkerij") is not distinctive;
    it is used only when a name has no other, and then with at most ``COMMON`` names.

    :meth:`near` also leaves out the names that cannot reach ``duplicates.SIMILAR_FROM``: the
    similarity (matching characters, twice, over both lengths) is at most what the two names'
    letters have in common, which is cheap to count once the letters are counted once per name.
    """

    COMMON = 50

    def __init__(self) -> None:
        self.by_word: dict[str, list[duplicates.Candidate]] = defaultdict(list)
        self.letters: dict[str, Counter[str]] = {}

    def add(self, candidate: duplicates.Candidate) -> None:
        normalised = duplicates.normalise_name(candidate.name)
        self.letters[candidate.key] = Counter(normalised)
        for word in set(normalised.split()):
            self.by_word[word].append(candidate)

    def near(self, name: str) -> list[duplicates.Candidate]:
        normalised = duplicates.normalise_name(name)
        postings = [self.by_word.get(word, []) for word in set(normalised.split())]
        postings = [posting for posting in postings if posting]
        if not postings:
            return []
        distinctive = [posting for posting in postings if len(posting) <= self.COMMON]
        chosen = distinctive or [min(postings, key=len)[: self.COMMON]]
        found: dict[str, duplicates.Candidate] = {}
        for posting in chosen:
            for candidate in posting:
                found.setdefault(candidate.key, candidate)
        letters = Counter(normalised)
        size = len(normalised)
        return [
            candidate
            for candidate in found.values()
            if _may_be_similar(letters, size, self.letters[candidate.key])
        ]


def _may_be_similar(first: Counter[str], size: int, second: Counter[str]) -> bool:
    """Whether two normalised names could reach ``duplicates.SIMILAR_FROM`` (an upper bound)."""
    total = size + second.total()
    if not total:
        return False
    common = sum((first & second).values())
    return 2 * common / total >= duplicates.SIMILAR_FROM


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _kvk(text: str) -> str:
    digits = re.sub(r"\s", "", text)
    return digits if digits.isdigit() else ""


def plan_table(table: tabular.Table, *, find_duplicates: bool = True) -> Plan:
    """What importing ``table`` would do, row by row; writes nothing."""
    lookups = _Lookups(table)
    plan = Plan()
    seen_ids: dict[int, int] = {}
    seen_kvks: dict[str, int] = {}
    seen_establishments: dict[str, int] = {}
    for raw in table.rows:
        parsed = tabular.parse_row(
            raw,
            kinds=OrganisationKind.values,
            legal_forms=LegalForm.values,
            impact_models=ImpactModel.values,
            statuses=ProfileStatus.values,
        )
        row = RowPlan(raw.number, raw.values.get("name", ""))
        row.errors = [_cell_message(error) for error in parsed.errors]
        if not row.errors:
            _plan_row(row, parsed, lookups)
        if not row.errors:
            _check_within_file(row, seen_ids, seen_kvks, seen_establishments)
        if find_duplicates and not row.errors and row.action == CREATE:
            _find_duplicates(row, lookups)
        plan.rows.append(row)
    return plan


def _plan_row(row: RowPlan, parsed: tabular.ParsedRow, lookups: _Lookups) -> None:
    values = parsed.values
    errors: list[tuple[str, str, str]] = []
    # Which organisation the row is about.
    existing: Organisation | None = None
    if values.get("id") is not None:
        existing = lookups.by_pk.get(values["id"])
        if existing is None:
            errors.append(("id", "unknown_id", str(values["id"])))
    kvk = _kvk(str(values.get("kvk_number") or ""))
    if existing is None and not errors and kvk:
        existing = lookups.by_kvk.get(kvk)

    fields: dict[str, Any] = {}
    for key in tabular.ORGANISATION_KEYS & values.keys():
        fields[key] = values[key]
    if "municipality" in fields:
        code = fields["municipality"]
        municipality = lookups.municipalities.get(code)
        if municipality is None:
            errors.append(("municipality", "municipality", code))
        fields["municipality"] = municipality
    municipality = fields.get("municipality") or (existing.municipality if existing else None)
    if "area" in fields:
        slug = fields["area"]
        fields["area"] = None
        if slug and municipality is not None:
            fields["area"] = lookups.areas.get((municipality.pk, slug))
            if fields["area"] is None:
                errors.append(("area", "area", slug))
    if values.get("themes"):
        unknown = [slug for slug in values["themes"] if slug not in lookups.themes]
        if unknown:
            errors.append(("themes", "theme", ", ".join(unknown)))
    if errors:
        row.errors = [_cell_message(tabular.CellError(*error)) for error in errors]
        return

    row.organisation = existing
    row.action = UPDATE if existing else CREATE
    row.organisation_fields = organisation_services.organisation_fields_normalised(fields)
    row.has_profile = parsed.has_profile
    row.profile_fields = {key: values[key] for key in PROFILE_TEXT_FIELDS if key in values}
    if "themes" in values:
        row.themes = [lookups.themes[slug] for slug in values["themes"]]
    if "sdgs" in values:
        row.sdgs = [lookups.sdgs[number] for number in values["sdgs"]]
    if values.get("status"):
        row.status = values["status"]
    if "published_at" in values:
        row.published_on = values["published_at"]
    profile = lookups.profiles.get(existing.pk) if existing else None
    row.has_profile = row.has_profile or (profile is not None and bool(row.profile_fields))
    if existing is not None:
        row.organisation_version = existing.version
    if profile is not None:
        row.profile_pk, row.profile_version = profile.pk, profile.version
    _validate(row, existing, profile, lookups)
    if not row.errors and existing is not None:
        row.changed_columns = _changed_columns(row, existing, profile)
        if not row.changed_columns:
            row.action = UNCHANGED


def _validate(
    row: RowPlan, existing: Organisation | None, profile: ImpactProfile | None, lookups: _Lookups
) -> None:
    """Every model rule, on unsaved copies (``clean`` checks that identifiers are not taken)."""
    organisation = Organisation() if existing is None else _copy(existing)
    for name, value in row.organisation_fields.items():
        setattr(organisation, name, value)
    # Municipality and area were looked up above, and whether an identifier is taken is answered
    # from the lookups, read once for the whole file.
    errors = organisation_services.organisation_errors(organisation)
    for (name, message), owners in zip(
        organisation_services.IDENTIFIERS_TAKEN,
        (lookups.kvk_owners, lookups.establishment_owners),
        strict=True,
    ):
        value = getattr(organisation, name)
        if value and owners.get(value, organisation.pk) != organisation.pk:
            errors.setdefault(name, []).append(str(message))
    if row.has_profile:
        record = ImpactProfile() if profile is None else _copy(profile)
        for name, value in row.profile_fields.items():
            setattr(record, name, value)
        try:
            record.full_clean(
                exclude=["organisation"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    for name, messages in errors.items():
        column = tabular.BY_KEY[name].header if name in tabular.BY_KEY else ""
        row.errors.extend(RowError(column, message) for message in messages)


def _copy(instance: Model) -> Any:
    clone = type(instance)()
    for model_field in instance._meta.concrete_fields:
        setattr(clone, model_field.attname, getattr(instance, model_field.attname))
    clone._state.adding = False
    clone._state.fields_cache = dict(instance._state.fields_cache)
    return clone


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _changed_columns(
    row: RowPlan, organisation: Organisation, profile: ImpactProfile | None
) -> list[str]:
    changed = [
        name
        for name, value in row.organisation_fields.items()
        if getattr(organisation, name) != value
    ]
    if row.has_profile and profile is None:
        changed.extend(row.profile_fields)
    elif profile is not None:
        changed.extend(
            name for name, value in row.profile_fields.items() if getattr(profile, name) != value
        )
        if row.themes is not None and {t.pk for t in row.themes} != {
            t.pk for t in profile.themes.all()
        }:
            changed.append("themes")
        if row.sdgs is not None and {s.pk for s in row.sdgs} != {s.pk for s in profile.sdgs.all()}:
            changed.append("sdgs")
        if row.status is not None and row.status != profile.status:
            changed.append("status")
        if row.published_on is not None and row.published_on != _local_date(profile.published_at):
            changed.append("published_at")
    return [tabular.BY_KEY[name].header for name in changed]


def _check_within_file(
    row: RowPlan,
    seen_ids: dict[int, int],
    seen_kvks: dict[str, int],
    seen_establishments: dict[str, int],
) -> None:
    checks = (
        ("id", "id_twice", row.organisation.pk if row.organisation else None, seen_ids),
        ("kvk_number", "kvk_twice", row.organisation_fields.get("kvk_number"), seen_kvks),
        (
            "establishment_number",
            "establishment_twice",
            row.organisation_fields.get("establishment_number"),
            seen_establishments,
        ),
    )
    for key, code, value, seen in checks:
        if not value:
            continue
        if value in seen:
            row.errors.append(_cell_message(tabular.CellError(key, code, str(seen[value]))))
        else:
            seen[value] = row.number  # type: ignore[index]


def _find_duplicates(row: RowPlan, lookups: _Lookups) -> None:
    """Organisations (and earlier new rows) with a similar name in the same municipality."""
    municipality = row.organisation_fields["municipality"].cbs_code
    name = row.organisation_fields.get("name", "")
    index = lookups.name_index(municipality)
    for found in duplicates.possible_duplicates(
        name=name, municipality=municipality, kvk_number=None, candidates=index.near(name)
    )[:5]:
        key = found.candidate.key
        from_file = key.startswith("row:")
        row.duplicates.append(
            Duplicate(
                name=found.candidate.name,
                reason=found.reason,
                organisation_pk=None if from_file else int(key),
                row_number=int(key[4:]) if from_file else None,
            )
        )
    index.add(duplicates.Candidate(f"row:{row.number}", name, municipality))


def plan_file(data: bytes, filename: str, *, find_duplicates: bool = True) -> Plan:
    """Read and check an uploaded file; a file that cannot be read gets ``file_error``."""
    try:
        table = tabular.read_table(data, filename)
    except tabular.TableError as error:
        return Plan(file_error=file_message(error))
    if not table.rows:
        return Plan(file_error=file_message(tabular.TableError("empty")))
    return plan_table(table, find_duplicates=find_duplicates)


# --- the stored plan -----------------------------------------------------------------------------
# The plan is kept on the batch as JSON: per row what the preview shows and, for a valid file, what
# the apply writes (records by primary key, with the versions the check saw).

_REFERENCE_FIELDS = {"municipality", "area"}


def _row_to_json(row: RowPlan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": row.number,
        "name": row.name,
        "action": row.action,
        "errors": [[error.column, error.message] for error in row.errors],
        "duplicates": [[d.name, d.reason, d.organisation_pk, d.row_number] for d in row.duplicates],
        "changed": row.changed_columns,
    }
    if row.errors:
        return data
    fields = {
        name: (value.pk if value is not None else None) if name in _REFERENCE_FIELDS else value
        for name, value in row.organisation_fields.items()
    }
    data["write"] = {
        "organisation": row.organisation.pk if row.organisation else None,
        "organisation_version": row.organisation_version,
        "profile": row.profile_pk,
        "profile_version": row.profile_version,
        "fields": fields,
        "has_profile": row.has_profile,
        "profile_fields": row.profile_fields,
        "themes": [theme.pk for theme in row.themes] if row.themes is not None else None,
        "sdgs": [sdg.pk for sdg in row.sdgs] if row.sdgs is not None else None,
        "status": row.status,
        "published_on": row.published_on.isoformat() if row.published_on else None,
    }
    return data


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {"file_error": plan.file_error, "rows": [_row_to_json(row) for row in plan.rows]}


@dataclass
class StoredRow(RowPlan):
    """A row of a stored plan: what the preview shows, and what the apply writes."""

    organisation_pk: int | None = None
    write: dict[str, Any] = field(default_factory=dict)


def stored_plan(batch: ImportBatch) -> Plan:
    """The plan the worker stored on ``batch`` (empty while it is not checked)."""
    data = batch.plan or {}
    rows: list[RowPlan] = []
    for item in data.get("rows", []):
        write = item.get("write") or {}
        rows.append(
            StoredRow(
                number=item["number"],
                name=item["name"],
                action=item["action"],
                errors=[RowError(column, message) for column, message in item["errors"]],
                duplicates=[Duplicate(*duplicate) for duplicate in item["duplicates"]],
                changed_columns=item["changed"],
                organisation_pk=write.get("organisation"),
                organisation_version=write.get("organisation_version"),
                profile_pk=write.get("profile"),
                profile_version=write.get("profile_version"),
                write=write,
            )
        )
    return Plan(file_error=data.get("file_error", ""), rows=rows)


# --- the use cases -------------------------------------------------------------------------------


class FileRefused(Exception):
    """The uploaded file cannot be read as an import file; ``message`` says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BatchGone(Exception):
    """The batch does not exist (any more), is someone else's, or was applied already."""


def _run_task(task: Any, batch: ImportBatch) -> None:
    """Run the check or the apply of ``batch``: at once for a small file, else in the worker once
    the current transaction has committed. Either way the task's own function does the work."""
    if batch.row_count <= INLINE_ROWS:
        task.call(batch.pk)
    else:
        pk = batch.pk
        transaction.on_commit(lambda: task.enqueue(pk))


def import_upload(*, actor: Model, data: bytes, filename: str, language: str = "nl") -> ImportBatch:
    """Keep an uploaded file for its check, which follows in the worker (at once when small).

    Raises :class:`FileRefused` when the file cannot be read at all (its type, encoding, columns,
    size); then nothing is kept. Reading the columns and rows is quick; checking them is not.
    """
    from impactplein.directory import tasks

    try:
        table = tabular.read_table(data, filename)
    except tabular.TableError as error:
        raise FileRefused(file_message(error)) from error
    if not table.rows:
        raise FileRefused(file_message(tabular.TableError("empty")))
    ImportBatch.objects.filter(created_at__lt=timezone.now() - BATCH_KEPT_FOR).exclude(
        status=ImportBatch.Status.APPLIED
    ).delete()
    batch = ImportBatch.objects.create(
        uploaded_by=actor,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        language=language[:10],
        row_count=len(table.rows),
    )
    _run_task(tasks.check_import, batch)
    batch.refresh_from_db()
    return batch


def import_check(batch_pk: int) -> None:
    """The worker's check of an uploaded batch: store its plan, write nothing else.

    Reading only, so a check that was interrupted (a worker stopped) is simply done again.
    """
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(
                pk=batch_pk,
                status__in=[ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKING],
            )
            .first()
        )
        if batch is None:  # removed, or checked already
            return
        batch.status = ImportBatch.Status.CHECKING
        batch.save(update_fields=["status"])
    try:
        with translation.override(batch.language):
            plan = plan_file(bytes(batch.content), batch.filename)
            stored = plan_to_json(plan)
    except Exception:
        logger.exception("Checking import batch %s failed", batch_pk)
        _fail(batch, _("De controle van het bestand is mislukt. Er is niets opgeslagen."))
        return
    batch.plan = stored
    batch.valid = plan.is_valid
    batch.summary = plan.summary
    batch.status = ImportBatch.Status.CHECKED
    batch.checked_at = timezone.now()
    batch.save(update_fields=["plan", "valid", "summary", "status", "checked_at"])


def _fail(batch: ImportBatch, message: Promise | str) -> None:
    with translation.override(batch.language):
        batch.message = str(message)
    batch.status = ImportBatch.Status.FAILED
    batch.save(update_fields=["message", "status"])


def recent_batches(*, actor: Model, limit: int = 10) -> list[ImportBatch]:
    """``actor``'s uploads of the last day, newest first, to find a file's page again."""
    return list(
        ImportBatch.objects.filter(
            uploaded_by=actor, created_at__gte=timezone.now() - BATCH_KEPT_FOR
        ).defer("content", "plan")[:limit]
    )


def batch_for(*, actor: Model, pk: int) -> ImportBatch | None:
    """Batch ``pk`` if ``actor`` uploaded it: nobody else sees or confirms someone's import."""
    return ImportBatch.objects.filter(pk=pk, uploaded_by=actor).first()


def import_confirm(*, actor: Model, batch_pk: int, sha256: str) -> ImportBatch:
    """Have the checked, valid batch ``batch_pk`` applied (by the worker, at once when small).

    Raises :class:`BatchGone` for an unknown, foreign, expired, invalid or already confirmed
    batch, or one whose stored file does not match ``sha256``.
    """
    from impactplein.directory import tasks

    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()  # one confirmation at a time
            .filter(pk=batch_pk, uploaded_by=actor, status=ImportBatch.Status.CHECKED, valid=True)
            .first()
        )
        if (
            batch is None
            or batch.sha256 != sha256
            or hashlib.sha256(bytes(batch.content)).hexdigest() != sha256
            or batch.created_at < timezone.now() - BATCH_KEPT_FOR
        ):
            raise BatchGone(batch_pk)
        batch.status = ImportBatch.Status.APPLYING
        batch.save(update_fields=["status"])
    _run_task(tasks.apply_import, batch)
    batch.refresh_from_db()
    return batch


class StaleImport(Exception):
    """Records the plan relied on changed after the check; ``rows`` are the rows concerned."""

    def __init__(self, rows: list[int]) -> None:
        super().__init__(rows)
        self.rows = rows


class RowFailed(Exception):
    """A service refused row ``number`` (a rule the check could not see); ``detail`` says why."""

    def __init__(self, number: int, detail: str) -> None:
        super().__init__(number, detail)
        self.number = number
        self.detail = detail


def import_apply(batch_pk: int) -> None:
    """The worker's apply of a confirmed batch: its stored plan, all of it or nothing.

    Refuses, writing nothing, when an organisation or profile the plan matched changed (or
    went) since the check, or when a KvK or establishment number of a new row was taken
    meanwhile; the batch is then ``failed`` with a message naming the rows. The importing person
    is the actor in the history of every record.
    """
    batch = ImportBatch.objects.filter(pk=batch_pk, status=ImportBatch.Status.APPLYING).first()
    if batch is None:  # applied or failed already
        return
    rows = [row for row in stored_plan(batch).rows if isinstance(row, StoredRow)]
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch_pk)
            if locked.status != ImportBatch.Status.APPLYING:
                return
            _write(rows, batch.uploaded_by)
            batch.status = ImportBatch.Status.APPLIED
            batch.applied_at = timezone.now()
            batch.content = b""  # the records hold the data now; the file need not be kept
            batch.save(update_fields=["status", "applied_at", "content"])
    except StaleImport as error:
        _fail(batch, _stale_message(error.rows, batch.language))
    except RowFailed as error:
        with translation.override(batch.language):
            message = _(
                "Rij %(number)s kon niet worden opgeslagen: %(detail)s Er is niets opgeslagen."
            ) % {"number": error.number, "detail": error.detail}
        _fail(batch, message)
    except Exception:
        logger.exception("Applying import batch %s failed", batch_pk)
        _fail(batch, _("Het verwerken van het bestand is mislukt. Er is niets opgeslagen."))


def _stale_message(rows: list[int], language: str) -> str:
    with translation.override(language):
        shown = ", ".join(str(number) for number in rows[:20])
        if len(rows) > 20:
            shown += ", …"
        return str(
            _(
                "Sinds de controle zijn gegevens veranderd waar het bestand op rekende (rij "
                "%(rows)s). Er is niets opgeslagen. Upload het bestand opnieuw om het opnieuw te "
                "laten controleren."
            )
            % {"rows": shown}
        )


def _current_records(
    rows: list["StoredRow"],
) -> tuple[dict[int, Organisation], dict[int, ImpactProfile]]:
    """The matched organisations and profiles, locked, in a few queries; raises
    :class:`StaleImport` for the rows whose records changed since the check."""
    matched = sorted({row.organisation_pk for row in rows if row.organisation_pk})
    organisations: dict[int, Organisation] = {}
    profiles: dict[int, ImpactProfile] = {}
    for chunk in _chunks(matched):
        organisations.update(
            {
                o.pk: o
                for o in Organisation.objects.select_for_update(of=("self",))
                .select_related("municipality", "area")
                .filter(pk__in=chunk)
            }
        )
        profiles.update(
            {
                p.organisation_id: p
                for p in ImpactProfile.objects.select_for_update().filter(organisation_id__in=chunk)
            }
        )
    new_identifiers: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.organisation_pk is None:
            for name in ("kvk_number", "establishment_number"):
                value = row.write.get("fields", {}).get(name)
                if value:
                    new_identifiers[(name, value)] = row.number
    taken = {
        ("kvk_number", value)
        for value in organisation_services.identifier_owners(
            "kvk_number", {v for n, v in new_identifiers if n == "kvk_number"}
        )
    } | {
        ("establishment_number", value)
        for value in organisation_services.identifier_owners(
            "establishment_number", {v for n, v in new_identifiers if n == "establishment_number"}
        )
    }
    stale: set[int] = {new_identifiers[key] for key in taken}
    for row in rows:
        if row.organisation_pk is None:
            continue
        organisation = organisations.get(row.organisation_pk)
        profile = profiles.get(row.organisation_pk)
        if (
            organisation is None
            or organisation.version != row.organisation_version
            or (profile.pk if profile else None) != row.profile_pk
            or (profile.version if profile else None) != row.profile_version
        ):
            stale.add(row.number)
    if stale:
        raise StaleImport(sorted(stale))
    return organisations, profiles


def _organisation_fields(write: dict[str, Any], reference: Reference) -> dict[str, Any]:
    fields = dict(write["fields"])
    if "municipality" in fields:
        fields["municipality"] = reference.municipalities_by_pk[fields["municipality"]]
    if "area" in fields:
        fields["area"] = reference.areas_by_pk[fields["area"]] if fields["area"] else None
    return fields


def _related(
    write: dict[str, Any], reference: Reference
) -> tuple[list[Theme] | None, list[SDG] | None]:
    themes, sdgs = write["themes"], write["sdgs"]
    return (
        [reference.themes_by_pk[pk] for pk in themes] if themes is not None else None,
        [reference.sdgs_by_pk[pk] for pk in sdgs] if sdgs is not None else None,
    )


def _published_on(write: dict[str, Any]) -> date | None:
    return date.fromisoformat(write["published_on"]) if write["published_on"] else None


def _row_failed(
    rows: list["StoredRow"], error: organisation_services.RecordsInvalid
) -> "RowFailed":
    index = min(error.errors)
    detail = " ".join(m for messages in error.errors[index].values() for m in messages)
    return RowFailed(rows[index].number, detail)


def _published_at(
    status: str, published_on: date | None, published_at: datetime | None
) -> datetime | None:
    """The publication moment a profile gets from the file: the start of ``published_on`` when
    that is another day than the current ``published_at``; now for one published without."""
    if published_on is not None and published_on != _local_date(published_at):
        published_at = timezone.make_aware(datetime.combine(published_on, datetime.min.time()))
    if status == ProfileStatus.PUBLISHED and published_at is None:
        published_at = timezone.now()
    return published_at


def _write(rows: list["StoredRow"], actor: Model) -> None:
    """Write the plan in bulk, a few queries per thousand rows, through the services, which hold
    every record to the same rules as one written by hand: first the new and the changed
    organisations, then their profiles."""
    reference = Reference()
    organisations, profiles = _current_records(rows)
    new_rows = [row for row in rows if row.organisation_pk is None]
    changed_rows = [row for row in rows if row.organisation_pk and row.action != UNCHANGED]
    try:
        created = organisation_services.organisations_create(
            actor=actor, records=[_organisation_fields(row.write, reference) for row in new_rows]
        )
    except organisation_services.RecordsInvalid as error:
        raise _row_failed(new_rows, error) from error
    changes = [
        organisation_services.OrganisationChange(
            organisation=organisations[row.organisation_pk],  # type: ignore[index]
            expected_version=row.organisation_version,  # type: ignore[arg-type]
            fields=_organisation_fields(row.write, reference),
        )
        for row in changed_rows
    ]
    try:
        organisation_services.organisations_update(actor=actor, changes=changes)
    except organisation_services.RecordsInvalid as error:
        raise _row_failed(changed_rows, error) from error
    except organisation_services.StaleOrganisationError as error:
        raise StaleImport(_rows_of(changed_rows, error.current.pk)) from error
    _write_profiles(
        [
            *zip(new_rows, created, strict=True),
            *((row, organisations[row.organisation_pk]) for row in changed_rows),  # type: ignore[index]
        ],
        profiles,
        actor,
        reference,
    )


def _write_profiles(
    rows: list[tuple["StoredRow", Organisation]],
    profiles: dict[int, ImpactProfile],
    actor: Model,
    reference: Reference,
) -> None:
    starting: list[tuple[StoredRow, services.NewProfile]] = []
    changing: list[tuple[StoredRow, services.ProfileChange]] = []
    for row, organisation in rows:
        write = row.write
        if not write["has_profile"]:
            continue
        themes, sdgs = _related(write, reference)
        profile = profiles.get(organisation.pk)
        if profile is None:
            status = write["status"] or ProfileStatus.DRAFT
            new = services.NewProfile(
                organisation=organisation,
                fields=write["profile_fields"],
                themes=themes or (),
                sdgs=sdgs or (),
                status=status,
                published_at=_published_at(status, _published_on(write), None),
            )
            starting.append((row, new))
        else:
            status = write["status"] or profile.status
            change = services.ProfileChange(
                profile=profile,
                expected_version=row.profile_version,  # type: ignore[arg-type]
                fields=write["profile_fields"],
                themes=themes,
                sdgs=sdgs,
                status=status,
                published_at=_published_at(status, _published_on(write), profile.published_at),
            )
            changing.append((row, change))
    try:
        services.profiles_create(actor=actor, new=[new for _row, new in starting])
    except organisation_services.RecordsInvalid as error:
        raise _row_failed([row for row, _new in starting], error) from error
    try:
        services.profiles_update(actor=actor, changes=[change for _row, change in changing])
    except organisation_services.RecordsInvalid as error:
        raise _row_failed([row for row, _change in changing], error) from error
    except services.StaleProfileError as error:
        raise StaleImport(
            [row.number for row, change in changing if change.profile.pk == error.current.pk]
        ) from error


def _rows_of(rows: list["StoredRow"], organisation_pk: int) -> list[int]:
    return [row.number for row in rows if row.organisation_pk == organisation_pk]
