"""Everything that writes the directory: one function per use case.

Each service runs in one transaction, validates the whole record before writing and records the
actor in the change history. Permission checks belong to the caller (see ``rules.py``), except for
verifying a certification, which records who verified and so checks that they may.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Theme
from impactplein.directory import indexing, scan, tasks
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import Certification, ImpactProfile, ImpactScan
from impactplein.organisations.models import Organisation

# The fields a person may set on a profile, in the order forms show them.
EDITABLE_FIELDS: tuple[str, ...] = (
    "pitch",
    "story",
    "impact_models",
    "target_groups",
    "sells_to_buyers",
    "offer",
)
PROFILE_TAKEN = _("Deze organisatie heeft al een impactprofiel.")


class StaleProfileError(Exception):
    """The edit was made on an older version; nothing was saved.

    ``current`` is the profile as it is now, so the caller can show it beside what the user typed.
    """

    def __init__(self, current: ImpactProfile) -> None:
        super().__init__(
            f"Impact profile {current.pk} is at version {current.version}; the edit was refused."
        )
        self.current = current


def _check_names(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not an editable profile field: {', '.join(sorted(unknown))}")


def _normalised(fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    for name in ("pitch", "story", "offer"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    if isinstance(values.get("target_groups"), list):
        values["target_groups"] = [
            item.strip() if isinstance(item, str) else item for item in values["target_groups"]
        ]
    return values


@transaction.atomic
def profile_create(
    *,
    actor: Model | None,
    organisation: Organisation,
    themes: Iterable[Theme] = (),
    sdgs: Iterable[SDG] = (),
    **fields: Any,
) -> ImpactProfile:
    """Start the impact profile of ``organisation`` (as a draft); one per organisation."""
    _check_names(fields)
    profile = ImpactProfile(organisation=organisation, **_normalised(fields))
    try:
        profile.full_clean()
    except ValidationError as error:
        if "organisation" in getattr(error, "error_dict", {}):
            raise ValidationError(PROFILE_TAKEN, code="unique") from error
        raise
    profile._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as error:
        raise ValidationError(PROFILE_TAKEN, code="unique") from error
    profile.themes.set(themes)
    profile.sdgs.set(sdgs)
    indexing.schedule_profile(profile)
    return profile


def _schedule_organisation(organisation_pk: int) -> None:
    """A certification shows as a facet of the organisation's profile in the showcase."""
    transaction.on_commit(lambda: tasks.index_organisation_profile.enqueue(organisation_pk))


def _current(pk: int) -> ImpactProfile:
    return ImpactProfile.objects.select_related("organisation").get(pk=pk)


@transaction.atomic
def profile_update(
    *,
    actor: Model | None,
    profile: ImpactProfile,
    expected_version: int,
    themes: Iterable[Theme] | None = None,
    sdgs: Iterable[SDG] | None = None,
    **fields: Any,
) -> ImpactProfile:
    """Change a profile, but only if nobody saved it since ``expected_version``.

    The write is one ``UPDATE ... WHERE id = %s AND version = expected_version`` that also raises
    the version, so of two concurrent saves of the same version exactly one wins; the other gets
    :class:`StaleProfileError` carrying the current profile, and nothing of it is written.
    ``themes`` and ``sdgs`` replace the current ones when given.
    """
    _check_names(fields)
    current = _current(profile.pk)
    if current.version != expected_version:
        raise StaleProfileError(current)

    values = _normalised(fields)
    changed = {name: value for name, value in values.items() if getattr(current, name) != value}
    new_themes = None if themes is None else {theme.pk for theme in themes}
    new_sdgs = None if sdgs is None else {sdg.pk for sdg in sdgs}
    themes_changed = new_themes is not None and new_themes != set(
        current.themes.values_list("pk", flat=True)
    )
    sdgs_changed = new_sdgs is not None and new_sdgs != set(
        current.sdgs.values_list("pk", flat=True)
    )
    if not (changed or themes_changed or sdgs_changed):
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean(exclude=["organisation"])

    now = timezone.now()
    written = ImpactProfile.objects.filter(pk=current.pk, version=expected_version).update(
        **changed, version=expected_version + 1, updated_at=now
    )
    if written != 1:
        raise StaleProfileError(_current(current.pk))
    if themes_changed:
        current.themes.set(new_themes)  # type: ignore[arg-type]
    if sdgs_changed:
        current.sdgs.set(new_sdgs)  # type: ignore[arg-type]

    current.version = expected_version + 1
    current.updated_at = now
    # ``update()`` bypasses the history signals, so the historical row is written here.
    ImpactProfile.history.bulk_history_create(  # type: ignore[attr-defined]
        [current], update=True, default_user=actor, default_date=now
    )
    indexing.schedule_profile(current)
    return current


@transaction.atomic
def profile_publish(
    *,
    actor: Model | None,
    profile: ImpactProfile,
    published_at: datetime | None = None,
) -> ImpactProfile:
    """Show the profile in the showcase: status published, in the search index after commit.

    ``published_at`` defaults to now; a profile that was published before keeps its first date
    unless one is given, so "newest" lists newly joined enterprises, not edited ones.
    """
    current = ImpactProfile.objects.select_for_update().get(pk=profile.pk)
    current.status = ProfileStatus.PUBLISHED
    current.published_at = published_at or current.published_at or timezone.now()
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(update_fields=["status", "published_at", "version", "updated_at"])
    indexing.schedule_profile(current)
    return current


@transaction.atomic
def certification_add(
    *,
    actor: Model | None,
    organisation: Organisation,
    kind: str,
    valid_from: date,
    level: str = "",
    valid_until: date | None = None,
    evidence: File | None = None,
) -> Certification:
    """Record a certification the organisation holds; it stays unverified until staff check it."""
    certification = Certification(
        organisation=organisation,
        kind=kind,
        level=level,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if evidence is not None:
        certification.evidence = evidence  # type: ignore[assignment]
    certification.full_clean()
    certification._history_user = actor  # type: ignore[attr-defined]
    certification.save()
    _schedule_organisation(certification.organisation_id)
    return certification


@transaction.atomic
def certification_verify(*, actor: Model, certification: Certification) -> Certification:
    """Mark the certification's evidence as checked by ``actor``, who needs the permission."""
    if not actor.has_perm("directory.verify_certification", certification):  # type: ignore[attr-defined]
        raise PermissionDenied(_("U mag certificeringen niet controleren."))
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    certification.verified_by = actor  # type: ignore[assignment]
    certification.verified_at = timezone.now()
    certification._history_user = actor  # type: ignore[attr-defined]
    certification.save(update_fields=["verified_by", "verified_at"])
    return certification


def _answer_key(number: Any) -> int:
    if isinstance(number, bool):
        raise scan.ScanError(f"Unknown question number(s): {number}")
    try:
        return int(number)
    except (TypeError, ValueError) as error:
        raise scan.ScanError(f"Unknown question number(s): {number}") from error


@transaction.atomic
def scan_record(
    *,
    actor: Model | None,
    organisation: Organisation,
    answers: Mapping[Any, int | None],
    weights: Mapping[scan.Area, Any] | None = None,
) -> ImpactScan:
    """Store a completed impact scan with the result ``scan.score`` computes for it.

    Raises ``ValidationError`` on ``answers`` naming the question when an answer is missing,
    unknown or out of range. Earlier scans stay: a new scan is a new row.
    """
    try:
        by_number = {_answer_key(number): value for number, value in answers.items()}
        result = scan.score(by_number, weights)
    except scan.ScanError as error:
        raise ValidationError({"answers": str(error)}, code="invalid") from error
    record = ImpactScan(
        organisation=organisation,
        taken_by=actor,
        answers={str(number): value for number, value in sorted(by_number.items())},
        area_scores={
            area.value: None if value is None else str(value)
            for area, value in result.area_scores.items()
        },
        weights={area.value: str(weight) for area, weight in result.weights.items()},
        total=result.total,
        level=result.level.value,
    )
    record.full_clean(exclude=["taken_by"])
    record.save()
    return record
