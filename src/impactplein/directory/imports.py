"""Staff import of organisations and impact profiles from a CSV or Excel file (issue #3, point 7).

Two steps. :func:`import_upload` reads and checks the whole file without writing a record and
returns a :class:`Plan`: per row what it will do (create, update, unchanged), its errors (row,
column, Dutch message) and the possible duplicates. A file without errors is kept as an
:class:`ImportBatch` with its SHA-256. :func:`import_apply` then applies exactly that stored file,
after checking it again against the database as it is by then, in one transaction through the
organisations' and the directory's services, with the importing person in the history. A row is
matched to an existing organisation by its ``id`` column, else by its KvK number; a file exported
from the showcase therefore imports as "unchanged" throughout.

Staff who may import (``directory.import_impactprofile``) may set a profile's status and
publication date directly: the import is how existing registers are brought in.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Area, Municipality, Theme
from impactplein.directory import duplicates, indexing, services, tabular
from impactplein.directory.constants import ImpactModel, ProfileStatus
from impactplein.directory.models import ImpactProfile, ImportBatch
from impactplein.organisations import services as organisation_services
from impactplein.organisations.constants import LegalForm, OrganisationKind
from impactplein.organisations.models import Organisation

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
BATCH_KEPT_FOR = timedelta(days=1)

FILE_MESSAGES: Mapping[str, Promise] = {
    "empty": _("Het bestand is leeg. Kies een bestand met een kopregel en minstens één rij."),
    "encoding": _(
        "Het bestand is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8 (door komma's "
        "gescheiden)' of kies een Excel-bestand (.xlsx)."
    ),
    "not_text": _("Het bestand bevat geen tekst. Kies een CSV- of Excel-bestand."),
    "unknown_columns": _(
        "Onbekende kolom(men): %(detail)s. Gebruik de kolommen van de export van de etalage."
    ),
    "duplicate_columns": _("Deze kolom(men) staan er twee keer in: %(detail)s."),
    "missing_columns": _("Deze verplichte kolom(men) ontbreken: %(detail)s."),
    "too_many_rows": _("Het bestand heeft meer dan %(detail)s rijen. Splits het in delen."),
    "extra_cells": _("Rij %(detail)s heeft meer cellen dan de kopregel kolommen heeft."),
    "cell_too_long": _("Rij %(detail)s heeft een cel met meer dan 10.000 tekens."),
    "csv": _(
        "Het CSV-bestand is niet te lezen (rond regel %(detail)s); controleer de aanhalingstekens."
    ),
    "xlsx": _("Dit Excel-bestand is beschadigd of geen .xlsx-bestand."),
    "xlsx_too_big": _("Dit Excel-bestand pakt uit tot meer dan 200 MB en wordt niet gelezen."),
    "too_big": _("Het bestand is te groot: een importbestand mag hoogstens %(detail)s MB zijn."),
    "file_type": _("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."),
}
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


def _file_message(error: tabular.TableError) -> str:
    return str(FILE_MESSAGES[error.code]) % {"detail": error.detail}


def _choices_text(key: str) -> str:
    if key == "impact_models":
        return ", ".join(ImpactModel.values)
    return ", ".join(CHOICE_KEYS[key].values)


def _cell_message(error: tabular.CellError) -> RowError:
    choices = _choices_text(error.key) if error.code in ("choice", "impact_model") else ""
    message = str(CELL_MESSAGES[error.code]) % {"detail": error.detail, "choices": choices}
    return RowError(error.header, message)


# --- planning ------------------------------------------------------------------------------------


class _Lookups:
    """Everything the rows refer to, read once for the whole file."""

    def __init__(self, table: tabular.Table) -> None:
        self.municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
        self.areas = {
            (area.municipality_id, area.slug): area
            for area in Area.objects.select_related("municipality")
        }
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.sdgs = {sdg.number: sdg for sdg in SDG.objects.all()}
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
    it is used only when a name has no other, and then with at most ``COMMON`` names."""

    COMMON = 50

    def __init__(self) -> None:
        self.by_word: dict[str, list[duplicates.Candidate]] = defaultdict(list)

    def add(self, candidate: duplicates.Candidate) -> None:
        for word in set(duplicates.normalise_name(candidate.name).split()):
            self.by_word[word].append(candidate)

    def near(self, name: str) -> list[duplicates.Candidate]:
        postings = [
            self.by_word.get(word, []) for word in set(duplicates.normalise_name(name).split())
        ]
        postings = [posting for posting in postings if posting]
        if not postings:
            return []
        distinctive = [posting for posting in postings if len(posting) <= self.COMMON]
        chosen = distinctive or [min(postings, key=len)[: self.COMMON]]
        found: dict[str, duplicates.Candidate] = {}
        for posting in chosen:
            for candidate in posting:
                found.setdefault(candidate.key, candidate)
        return list(found.values())


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
    errors: dict[str, list[str]] = {}
    try:
        # Municipality and area were looked up above; their existence need not be queried again.
        organisation.full_clean(
            exclude=["municipality", "area"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors.update(error.message_dict)
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
        return Plan(file_error=_file_message(error))
    if not table.rows:
        return Plan(file_error=str(FILE_MESSAGES["empty"]))
    return plan_table(table, find_duplicates=find_duplicates)


# --- the use cases -------------------------------------------------------------------------------


def import_upload(*, actor: Model, data: bytes, filename: str) -> tuple[Plan, ImportBatch | None]:
    """Check an uploaded file; keep it for confirmation when the whole file is valid."""
    plan = plan_file(data, filename)
    ImportBatch.objects.filter(
        status=ImportBatch.Status.PREVIEWED, created_at__lt=timezone.now() - BATCH_KEPT_FOR
    ).delete()
    if not plan.is_valid:
        return plan, None
    batch = ImportBatch.objects.create(
        uploaded_by=actor,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        summary=plan.summary,
    )
    return plan, batch


class BatchGone(Exception):
    """The batch does not exist (any more), is someone else's, or was applied already."""


def batch_for(*, actor: Model, pk: int, sha256: str) -> ImportBatch:
    batch = ImportBatch.objects.filter(
        pk=pk, uploaded_by=actor, status=ImportBatch.Status.PREVIEWED
    ).first()
    if (
        batch is None
        or batch.sha256 != sha256
        or batch.created_at < timezone.now() - BATCH_KEPT_FOR
    ):
        raise BatchGone(pk)
    return batch


@transaction.atomic
def import_apply(*, actor: Model, batch_pk: int, sha256: str) -> Plan:
    """Apply the previewed file of batch ``batch_pk``, all of it or nothing.

    The file is checked again against the database as it is now; if a row no longer applies
    (someone registered the same KvK number meanwhile, say), nothing is written and the new
    plan is returned with its errors. Raises :class:`BatchGone` for an unknown, foreign, expired
    or already applied batch, or one whose stored file does not match ``sha256``.
    """
    ImportBatch.objects.select_for_update().filter(pk=batch_pk).first()  # one confirm at a time
    batch = batch_for(actor=actor, pk=batch_pk, sha256=sha256)
    data = bytes(batch.content)
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise BatchGone(batch_pk)
    # Possible duplicates were shown in the preview; they do not change what is written.
    plan = plan_file(data, batch.filename, find_duplicates=False)
    if not plan.is_valid:
        return plan
    for row in plan.rows:
        _apply_row(row, actor)
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.summary = plan.summary
    batch.content = b""  # the records hold the data now; the file need not be kept
    batch.save(update_fields=["status", "applied_at", "summary", "content"])
    return plan


def _apply_row(row: RowPlan, actor: Model) -> None:
    if row.action == UNCHANGED:
        return
    organisation = row.organisation
    if organisation is None:
        organisation = organisation_services.organisation_create(
            actor=actor, make_actor_owner=False, **row.organisation_fields
        )
    else:
        organisation = organisation_services.organisation_update(
            actor=actor,
            organisation=organisation,
            expected_version=organisation.version,
            **row.organisation_fields,
        )
    if not row.has_profile:
        return
    profile = ImpactProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        profile = services.profile_create(
            actor=actor,
            organisation=organisation,
            themes=row.themes or (),
            sdgs=row.sdgs or (),
            **row.profile_fields,
        )
    else:
        profile = services.profile_update(
            actor=actor,
            profile=profile,
            expected_version=profile.version,
            themes=row.themes,
            sdgs=row.sdgs,
            **row.profile_fields,
        )
    _apply_status(profile, row, actor)


def _apply_status(profile: ImpactProfile, row: RowPlan, actor: Model) -> None:
    status = row.status or profile.status
    published_at = profile.published_at
    if row.published_on is not None and row.published_on != _local_date(published_at):
        published_at = timezone.make_aware(datetime.combine(row.published_on, datetime.min.time()))
    if status == ProfileStatus.PUBLISHED and published_at is None:
        published_at = timezone.now()
    if status == profile.status and published_at == profile.published_at:
        return
    now = timezone.now()
    written = ImpactProfile.objects.filter(pk=profile.pk, version=profile.version).update(
        status=status, published_at=published_at, version=profile.version + 1, updated_at=now
    )
    if written != 1:
        raise services.StaleProfileError(ImpactProfile.objects.get(pk=profile.pk))
    profile.status, profile.published_at = status, published_at
    profile.version += 1
    profile.updated_at = now
    ImpactProfile.history.bulk_history_create(  # type: ignore[attr-defined]
        [profile], update=True, default_user=actor, default_date=now
    )
    indexing.schedule_profile(profile)
