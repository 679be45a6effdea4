"""Everything that writes the directory: one function per use case.

Each service runs in one transaction, validates the whole record before writing and records the
actor in the change history. Permission checks belong to the caller (see ``rules.py``), except for
verifying a certification, which records who verified and so checks that they may.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from impactplein.core.history import record_written
from impactplein.core.images import clean_image
from impactplein.core.models import SDG, Theme
from impactplein.core.tasks import enqueue_for_records
from impactplein.directory import (
    certifications,
    evidence,
    indexing,
    scan,
    selectors,
    tasks,
)
from impactplein.directory.constants import ProfileStatus, StoryStatus
from impactplein.directory.indexing import schedule_story
from impactplein.directory.models import (
    Certification,
    CertificationReminder,
    ImpactProfile,
    ImpactScan,
    Story,
    StoryPhoto,
)
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import organisation_members
from impactplein.organisations.services import BULK_BATCH, RecordsInvalid

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


@dataclass(frozen=True)
class NewProfile:
    """One profile for :func:`profiles_create`: its organisation, its fields, and the status and
    publication moment it starts with (the import brings in profiles published elsewhere)."""

    organisation: Organisation
    fields: Mapping[str, Any]
    themes: Sequence[Theme] = ()
    sdgs: Sequence[SDG] = ()
    status: str = ProfileStatus.DRAFT
    published_at: datetime | None = None


def _profiles_taken(organisation_pks: list[int]) -> dict[int, dict[str, list[str]]]:
    """By position in ``organisation_pks``: the organisations that have a profile already, or
    come twice (a second profile for the same organisation)."""
    holding: set[int] = set()
    for start in range(0, len(organisation_pks), BULK_BATCH):
        holding.update(
            ImpactProfile.objects.filter(
                organisation_id__in=organisation_pks[start : start + BULK_BATCH]
            ).values_list("organisation_id", flat=True)
        )
    taken: dict[int, dict[str, list[str]]] = {}
    for index, pk in enumerate(organisation_pks):
        if pk in holding:
            taken[index] = {"organisation": [str(PROFILE_TAKEN)]}
        holding.add(pk)
    return taken


@transaction.atomic
def profiles_create(*, actor: Model | None, new: Sequence[NewProfile]) -> list[ImpactProfile]:
    """Start many profiles at once (the staff import) under the rules of :func:`profile_create`,
    in a few queries per thousand profiles: validated in Python, written with ``bulk_create``
    with their themes and SDGs, one history record each, their indexing queued in chunks.
    Raises ``organisations.services.RecordsInvalid`` (errors by position in ``new``) and writes
    nothing when a profile breaks a rule or its organisation has a profile already."""
    profiles = []
    errors: dict[int, dict[str, list[str]]] = {}
    for index, item in enumerate(new):
        _check_names(item.fields)
        profile = ImpactProfile(
            organisation=item.organisation,
            status=item.status,
            published_at=item.published_at,
            **_normalised(item.fields),
        )
        try:
            profile.full_clean(
                exclude=["organisation"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors[index] = error.message_dict
        profiles.append(profile)
    organisation_pks = [item.organisation.pk for item in new]
    for index, taken in _profiles_taken(organisation_pks).items():
        errors.setdefault(index, {}).update(taken)
    if errors:
        raise RecordsInvalid(errors)
    try:
        with transaction.atomic():
            ImpactProfile.objects.bulk_create(profiles, batch_size=BULK_BATCH)
    except IntegrityError as error:  # a profile started since the check above
        taken = _profiles_taken(organisation_pks)
        if not taken:
            raise
        raise RecordsInvalid(taken) from error
    if any(profile.pk is None for profile in profiles):
        raise RuntimeError("The database did not return the new profiles' ids.")
    record_written(profiles, actor=actor, when=timezone.now(), update=False)
    for relation in ("themes", "sdgs"):
        _link(
            relation,
            {
                profile.pk: [related.pk for related in getattr(item, relation)]
                for profile, item in zip(profiles, new, strict=True)
            },
            replace=False,
        )
    indexing.schedule_profile(*profiles)
    return profiles


@dataclass(frozen=True)
class ProfileChange:
    """One change for :func:`profiles_update`: the profile as the caller read it (and locked),
    the version the change was made on, the fields to set, the themes and SDGs that replace the
    current ones (``None``: keep them), and the status and publication moment to set (``None``:
    keep them; the import brings in profiles published elsewhere)."""

    profile: ImpactProfile
    expected_version: int
    fields: Mapping[str, Any]
    themes: Sequence[Theme] | None = None
    sdgs: Sequence[SDG] | None = None
    status: str | None = None
    published_at: datetime | None = None


def _link_table(relation: str) -> tuple[Any, str, str]:
    """The model of the profiles' link table for ``relation`` ("themes", "sdgs") and the names of
    its columns for the profile and for the linked record."""
    field = getattr(ImpactProfile, relation).field
    own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    return field.remote_field.through, own, other


def _linked(relation: str, profile_pks: list[int]) -> dict[int, set[int]]:
    """The pks of the themes (or SDGs) each profile of ``profile_pks`` has, in a few queries."""
    through, own, other = _link_table(relation)
    linked: dict[int, set[int]] = {pk: set() for pk in profile_pks}
    for start in range(0, len(profile_pks), BULK_BATCH):
        chunk = profile_pks[start : start + BULK_BATCH]
        for profile_pk, related_pk in through.objects.filter(**{f"{own}__in": chunk}).values_list(
            own, other
        ):
            linked[profile_pk].add(related_pk)
    return linked


def _link(relation: str, links: Mapping[int, Iterable[int]], *, replace: bool) -> None:
    """Give each profile (pk) of ``links`` those themes (or SDGs), in bulk; ``replace``: drop
    the ones it had first."""
    through, own, other = _link_table(relation)
    pks = list(links)
    if replace:
        for start in range(0, len(pks), BULK_BATCH):
            through.objects.filter(**{f"{own}__in": pks[start : start + BULK_BATCH]}).delete()
    through.objects.bulk_create(
        [
            through(**{own: pk, other: related})
            for pk, chosen in links.items()
            for related in dict.fromkeys(chosen)
        ],
        batch_size=BULK_BATCH,
    )


@transaction.atomic
def profiles_update(*, actor: Model | None, changes: Sequence[ProfileChange]) -> int:
    """Change many profiles at once (the staff import) under the rules of
    :func:`profile_update`, without its queries per profile: validated in Python, each written
    by the same guarded ``UPDATE ... WHERE version = expected_version``, themes and SDGs replaced
    in bulk, one history record each, indexing queued in chunks. The profiles are changed in
    place. Returns how many changed. Raises ``organisations.services.RecordsInvalid`` (by
    position in ``changes``) or :class:`StaleProfileError`, and writes nothing, when one breaks
    a rule or was saved since its version."""
    pks = [change.profile.pk for change in changes]
    themes_now, sdgs_now = _linked("themes", pks), _linked("sdgs", pks)
    written: list[tuple[ImpactProfile, dict[str, Any]]] = []
    new_themes: dict[int, list[int]] = {}
    new_sdgs: dict[int, list[int]] = {}
    errors: dict[int, dict[str, list[str]]] = {}
    for index, change in enumerate(changes):
        _check_names(change.fields)
        profile = change.profile
        if profile.version != change.expected_version:
            raise StaleProfileError(_current(profile.pk))
        values = dict(_normalised(change.fields))
        for name in ("status", "published_at"):
            if getattr(change, name) is not None:
                values[name] = getattr(change, name)
        changed = {name: value for name, value in values.items() if getattr(profile, name) != value}
        for chosen, now_linked, new_links in (
            (change.themes, themes_now, new_themes),
            (change.sdgs, sdgs_now, new_sdgs),
        ):
            if chosen is not None and {item.pk for item in chosen} != now_linked[profile.pk]:
                new_links[profile.pk] = [item.pk for item in chosen]
        if not (changed or profile.pk in new_themes or profile.pk in new_sdgs):
            continue
        for name, value in changed.items():
            setattr(profile, name, value)
        try:
            profile.full_clean(
                exclude=["organisation", "submitted_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors[index] = error.message_dict
        written.append((profile, changed))
    if errors:
        raise RecordsInvalid(errors)
    now = timezone.now()
    for profile, changed in written:
        count = ImpactProfile.objects.filter(pk=profile.pk, version=profile.version).update(
            **changed, version=profile.version + 1, updated_at=now
        )
        if count != 1:
            raise StaleProfileError(_current(profile.pk))
        profile.version += 1
        profile.updated_at = now
    _link("themes", new_themes, replace=True)
    _link("sdgs", new_sdgs, replace=True)
    profiles = [profile for profile, _changed in written]
    record_written(profiles, actor=actor, when=now, update=True)
    indexing.schedule_profile(*profiles)
    return len(profiles)


def _schedule_organisation(organisation_pk: int) -> None:
    """A certification shows as a facet of the organisation's profile in the showcase."""
    enqueue_for_records(tasks.index_organisation_profiles, [organisation_pk])


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
    record_written([current], actor=actor, when=now, update=True)
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


# --- certifications ------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_PIXELS = 40_000_000
EVIDENCE_MESSAGES = {
    evidence.Problem.EMPTY: _("Dit bestand is leeg."),
    evidence.Problem.TOO_LARGE: _("Dit bestand is te groot: het bewijs mag hoogstens 10 MB zijn."),
    evidence.Problem.UNKNOWN_TYPE: _(
        "Dit bestand is geen PDF, JPEG of PNG. Kies een bewijs in een van die formaten."
    ),
    evidence.Problem.BROKEN_PDF: _(
        "Deze PDF is beschadigd of onvolledig. Sla het bewijs opnieuw op als PDF en probeer het "
        "nog eens."
    ),
}
# Fields whose change makes a checked certification unchecked again.
CERTIFICATION_FIELDS = ("kind", "level", "valid_from", "valid_until")


class StaleCertificationError(Exception):
    """The edit was made on an older version; nothing was saved. ``current`` is the newer one."""

    def __init__(self, current: Certification) -> None:
        super().__init__(f"Certification {current.pk} is at version {current.version}.")
        self.current = current


def _head_and_tail(upload: Any) -> tuple[bytes, bytes, int]:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    head = upload.read(evidence.HEAD_BYTES)
    upload.seek(max(size - evidence.TAIL_BYTES, 0))
    tail = upload.read(evidence.TAIL_BYTES)
    upload.seek(0)
    return head, tail, size


def evidence_refusal(upload: Any) -> Any:
    """The message refusing ``upload`` as evidence by its first and last bytes, or ``None``.

    Cheap (no decoding), so forms use it to report it together with their other errors.
    """
    head, tail, size = _head_and_tail(upload)
    problem = evidence.problem(head, tail, size, EVIDENCE_MAX_BYTES)
    return None if problem is None else EVIDENCE_MESSAGES[problem]


def clean_evidence(upload: Any, *, field: str = "evidence") -> File:
    """A checked copy of an uploaded evidence file: PDF as it is, JPEG and PNG re-encoded.

    Judged by content, never by name; raises ``ValidationError`` on ``field`` and stores nothing.
    """
    head, tail, size = _head_and_tail(upload)
    problem = evidence.problem(head, tail, size, EVIDENCE_MAX_BYTES)
    if problem is not None:
        raise ValidationError({field: EVIDENCE_MESSAGES[problem]}, code=problem.value)
    if evidence.sniff(head) is evidence.Kind.PDF:
        return ContentFile(upload.read(), name="bewijs.pdf")
    try:
        return clean_image(
            upload,
            max_bytes=EVIDENCE_MAX_BYTES,
            max_pixels=EVIDENCE_MAX_PIXELS,
            name_prefix="bewijs",
        )
    except ValidationError as error:
        raise ValidationError({field: error.messages}, code="invalid") from error


def _delete_file_after_commit(file: Any) -> None:
    """Remove a stored file once the transaction that dropped it has committed."""
    if not file:
        return
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))


def _status_today(certification: Certification) -> str:
    return certification.status_on(timezone.localdate()).value


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
    """Record a certification the organisation holds; it stays unverified until staff check it.

    ``evidence`` (PDF, JPEG or PNG) is checked by content and stored under a random name.
    """
    certification = Certification(
        organisation=organisation,
        kind=kind,
        level=level or "",
        valid_from=valid_from,
        valid_until=valid_until,
    )
    certification.full_clean(exclude=["evidence"])
    if evidence is not None:
        certification.evidence = clean_evidence(evidence)  # type: ignore[assignment]
    certification.indexed_status = _status_today(certification)
    certification._history_user = actor  # type: ignore[attr-defined]
    certification.save()
    _schedule_organisation(certification.organisation_id)
    return certification


@transaction.atomic
def certification_update(
    *,
    actor: Model | None,
    certification: Certification,
    expected_version: int,
    evidence: File | None = None,
    **fields: Any,
) -> Certification:
    """Change a certification made on ``expected_version``; raises ``StaleCertificationError``.

    New evidence replaces the old file; new evidence or other dates make it unverified again.
    """
    unknown = set(fields) - set(CERTIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"Not an editable certification field: {', '.join(sorted(unknown))}")
    current = Certification.objects.select_for_update().get(pk=certification.pk)
    if current.version != expected_version:
        raise StaleCertificationError(current)
    if fields.get("level") is None and "level" in fields:
        fields["level"] = ""
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed and evidence is None:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean(exclude=["evidence"])
    old_evidence = None
    if evidence is not None:
        old_evidence = current.evidence.name and current.evidence
        current.evidence = clean_evidence(evidence)  # type: ignore[assignment]
    current.verified_by = None
    current.verified_at = None
    current.returned_reason = ""
    current.returned_at = None
    current.version += 1
    if _status_today(current) != current.indexed_status:
        current.indexed_status = _status_today(current)
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    if old_evidence:
        _delete_file_after_commit(old_evidence)
    _schedule_organisation(current.organisation_id)
    return current


@transaction.atomic
def certification_remove(
    *, actor: Model | None, certification: Certification, expected_version: int
) -> None:
    """Delete a certification (its history stays) and, after commit, its evidence file."""
    current = Certification.objects.select_for_update().get(pk=certification.pk)
    if current.version != expected_version:
        raise StaleCertificationError(current)
    _delete_file_after_commit(current.evidence)
    organisation_pk = current.organisation_id
    current._history_user = actor  # type: ignore[attr-defined]
    current.delete()
    _schedule_organisation(organisation_pk)


@transaction.atomic
def certification_verify(*, actor: Model, certification: Certification) -> Certification:
    """Mark the certification's evidence as checked by ``actor``, who needs the permission."""
    if not actor.has_perm("directory.verify_certification", certification):  # type: ignore[attr-defined]
        raise PermissionDenied(_("U mag certificeringen niet controleren."))
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    certification.verified_by = actor  # type: ignore[assignment]
    certification.verified_at = timezone.now()
    certification.returned_reason = ""
    certification.returned_at = None
    certification.version += 1
    certification._history_user = actor  # type: ignore[attr-defined]
    certification.save(
        update_fields=["verified_by", "verified_at", "returned_reason", "returned_at", "version"]
    )
    return certification


@transaction.atomic
def certification_return(
    *, actor: Model, certification: Certification, reason: str
) -> Certification:
    """Send the evidence back to the organisation with ``reason``; its members get an e-mail."""
    if not actor.has_perm("directory.verify_certification", certification):  # type: ignore[attr-defined]
        raise PermissionDenied(_("U mag certificeringen niet controleren."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Schrijf waarom het bewijs niet volstaat.")}, code="required"
        )
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    certification.verified_by = None
    certification.verified_at = None
    certification.returned_reason = reason
    certification.returned_at = timezone.now()
    certification.version += 1
    certification._history_user = actor  # type: ignore[attr-defined]
    certification.save(
        update_fields=["verified_by", "verified_at", "returned_reason", "returned_at", "version"]
    )
    _mail_members(
        certification.organisation,
        subject=_("Het bewijs van uw certificering %(kind)s is teruggestuurd")
        % {"kind": certification.get_kind_display()},
        body=_(
            "Het bewijs van de certificering %(kind)s van %(organisation)s is bekeken en "
            "teruggestuurd, met deze reden:\n\n%(reason)s\n\nVoeg nieuw bewijs toe op %(url)s"
        )
        % {
            "kind": certification.get_kind_display(),
            "organisation": certification.organisation.name,
            "reason": reason,
            "url": _certifications_url(certification.organisation_id),
        },
    )
    return certification


def _certifications_url(organisation_pk: int) -> str:
    path = reverse("directory:certifications", kwargs={"organisation_pk": organisation_pk})
    return settings.SITE_URL.rstrip("/") + path


def _mail_members(organisation: Organisation, *, subject: Any, body: Any) -> int:
    """Mail every active member of ``organisation`` (each on their own: no shared addresses)."""
    addresses = sorted(
        {
            membership.user.email
            for membership in organisation_members(organisation=organisation)
            if membership.user.is_active and membership.user.email
        }
    )
    for address in addresses:
        send_mail(str(subject), str(body), None, [address])
    return len(addresses)


def certification_reminders_send(*, day: date | None = None) -> int:
    """The daily job: remind members before their certifications end, and keep the index right.

    Each threshold of ``certifications.REMINDER_DAYS`` is mailed at most once per certification
    (recorded as a ``CertificationReminder``; running twice a day sends nothing new). Profiles of
    organisations whose certification changed status since it was last indexed are re-indexed,
    so the showcase's "certification" filter follows the calendar. Returns the reminders sent.
    """
    day = day or timezone.localdate()
    horizon = day + timedelta(days=max(certifications.REMINDER_DAYS))
    sent = 0
    due = (
        Certification.objects.filter(valid_from__lte=day, valid_until__gte=day)
        .filter(valid_until__lte=horizon)
        .select_related("organisation")
        .prefetch_related("reminders")
        .order_by("pk")
    )
    for certification in due.iterator(chunk_size=500):
        done = [reminder.days_before for reminder in certification.reminders.all()]
        threshold = certifications.reminder_due(
            day, certification.valid_from, certification.valid_until, done
        )
        if threshold is not None and _remind(certification, threshold, day):
            sent += 1
    _reindex_changed_statuses(day)
    return sent


@transaction.atomic
def _remind(certification: Certification, threshold: int, day: date) -> bool:
    _reminder, created = CertificationReminder.objects.get_or_create(
        certification=certification, days_before=threshold, defaults={"sent_on": day}
    )
    if not created:  # another run got there first
        return False
    _mail_members(
        certification.organisation,
        subject=_("Uw certificering %(kind)s verloopt op %(date)s")
        % {
            "kind": certification.get_kind_display(),
            "date": date_format(certification.valid_until, "j F Y"),
        },
        body=_(
            "De certificering %(kind)s van %(organisation)s is geldig tot en met %(date)s. "
            "Vernieuw haar op tijd en voeg het nieuwe bewijs toe op %(url)s\n\n"
            "Na die datum staat de certificering als verlopen op Impactplein."
        )
        % {
            "kind": certification.get_kind_display(),
            "organisation": certification.organisation.name,
            "date": date_format(certification.valid_until, "j F Y"),
            "url": _certifications_url(certification.organisation_id),
        },
    )
    return True


def _reindex_changed_statuses(day: date) -> None:
    # Expired certifications never change again; every other one is looked at once a day.
    candidates = Certification.objects.exclude(
        indexed_status=certifications.Status.EXPIRED.value
    ).only("pk", "organisation_id", "valid_from", "valid_until", "indexed_status")
    changed: dict[str, list[int]] = {}
    organisations: set[int] = set()
    for certification in candidates.iterator(chunk_size=2000):
        status = certification.status_on(day).value
        if status != certification.indexed_status:
            changed.setdefault(status, []).append(certification.pk)
            organisations.add(certification.organisation_id)
    with transaction.atomic():
        for status, pks in changed.items():
            # update(): a status the calendar moved is no edit, so it makes no history row.
            Certification.objects.filter(pk__in=pks).update(indexed_status=status)
        for organisation_pk in sorted(organisations):
            _schedule_organisation(organisation_pk)


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


# --- contact relay --------------------------------------------------------------------------------

# At most this many messages per window (seconds): from one visitor's address, to one organisation.
# The counters live in the project's cache, which every web process shares (settings.CACHES).
CONTACT_LIMIT_PER_IP = (5, 60 * 60)
CONTACT_LIMIT_PER_ORGANISATION = (20, 24 * 60 * 60)


class ContactRefused(Exception):
    """The message was not sent; ``str(error)`` says why, in words for the visitor."""


def _counter_key(scope: str, value: str, window: int) -> str:
    # The visitor's address is kept in the cache only as a keyed hash, for one window.
    digest = salted_hmac("directory.contact", value).hexdigest()[:32]
    bucket = int(timezone.now().timestamp()) // window
    return f"directory:contact:{scope}:{digest}:{bucket}"


def _count(key: str, window: int) -> int:
    """Add one to the counter ``key`` (created for ``window`` seconds) and return the count."""
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


@transaction.atomic
def contact_relay(
    *,
    profile: ImpactProfile,
    sender_name: str,
    sender_email: str,
    message: str,
    client_ip: str,
) -> None:
    """Send a visitor's message to the organisation by e-mail, with Reply-To the visitor.

    The visitor never sees the organisation's address (the message goes to the organisation's own
    address, or else to its owners'); the organisation sees the visitor's address because the
    visitor gave it to be answered. Impactplein keeps no copy of its own: the message exists only
    in the queued mail, whose task result the daily housekeeping removes (``prune_db_task_results``,
    docs/deployment.md), and the rate-limit counters hold a keyed hash of the visitor's network
    address for one window, never the address itself. Raises :class:`ContactRefused`
    when the profile is not published, nobody can receive the message, or a rate limit is reached.
    """
    if profile.status != ProfileStatus.PUBLISHED:
        raise ContactRefused(_("Deze onderneming staat niet (meer) in de etalage."))
    organisation = profile.organisation
    recipients = selectors.contact_recipients(organisation=organisation)
    if not recipients:
        raise ContactRefused(
            _("Deze onderneming kan op dit moment geen berichten via Impactplein ontvangen.")
        )
    limit, window = CONTACT_LIMIT_PER_IP
    if _count(_counter_key("ip", client_ip, window), window) > limit:
        raise ContactRefused(
            _(
                "U hebt het afgelopen uur al veel berichten verstuurd. Probeer het over een uur "
                "opnieuw; uw bericht staat nog in het formulier."
            )
        )
    limit, window = CONTACT_LIMIT_PER_ORGANISATION
    if _count(_counter_key("organisation", str(organisation.pk), window), window) > limit:
        raise ContactRefused(
            _(
                "Deze onderneming heeft vandaag al veel berichten gekregen. Probeer het morgen "
                "opnieuw; uw bericht staat nog in het formulier."
            )
        )
    context = {
        "organisation": organisation.name,
        "sender_name": sender_name,
        "sender_email": sender_email,
        "message": message,
        "site_url": settings.SITE_URL,
    }
    with translation.override("nl"):
        subject = render_to_string("directory/profile/contact_subject.txt", context)
        body = render_to_string("directory/profile/contact_email.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[formataddr((sender_name, sender_email))],
    ).send()


# --- stories -------------------------------------------------------------------------------------

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
STORY_FIELDS = ("title", "lead", "body")
CONSENT_BLOCKS = _(
    "Dit verhaal kan nog niet worden gepubliceerd: voor de foto “%(alt)s” ontbreekt de "
    "toestemming voor de website van de mensen op de foto."
)


class StaleStoryError(Exception):
    """The edit was made on an older version; nothing was saved. ``current`` is the newer one."""

    def __init__(self, current: Story) -> None:
        super().__init__(f"Story {current.pk} is at version {current.version}.")
        self.current = current


def _story_slug(title: str) -> str:
    return slugify(title)[:160].strip("-") or "verhaal"


def _locked_story(story: Story, expected_version: int | None) -> Story:
    current = Story.objects.select_for_update().get(pk=story.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleStoryError(current)
    return current


def _save_story(story: Story, actor: Model | None) -> Story:
    story.version += 1
    story._history_user = actor  # type: ignore[attr-defined]
    story.save()
    schedule_story(story)
    return story


def _require(actor: Model, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):  # type: ignore[attr-defined]
        raise PermissionDenied


@transaction.atomic
def story_create(
    *,
    actor: Model | None,
    organisations: Iterable[Organisation],
    title: str,
    lead: str,
    body: str,
) -> Story:
    """Start a story (a draft) about ``organisations``; ``actor`` is its author."""
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(
            {"organisations": _("Kies de organisatie waar dit verhaal over gaat.")},
            code="required",
        )
    story = Story(title=title.strip(), lead=lead.strip(), body=body.strip(), author=actor)
    story.slug = _story_slug(story.title)
    story.full_clean(exclude=["author"])
    story._history_user = actor  # type: ignore[attr-defined]
    story.save()
    story.organisations.set(organisations)
    return story


@transaction.atomic
def story_update(
    *,
    actor: Model | None,
    story: Story,
    expected_version: int,
    organisations: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Story:
    """Change the text (and the organisations) of a story edited on ``expected_version``."""
    unknown = set(fields) - set(STORY_FIELDS)
    if unknown:
        raise TypeError(f"Not an editable story field: {', '.join(sorted(unknown))}")
    current = _locked_story(story, expected_version)
    for name, value in fields.items():
        setattr(current, name, (value or "").strip())
    if "title" in fields:
        current.slug = _story_slug(current.title)
    current.full_clean(exclude=["author"])
    if organisations is not None:
        organisations = list(organisations)
        if not organisations:
            raise ValidationError(
                {"organisations": _("Kies de organisatie waar dit verhaal over gaat.")},
                code="required",
            )
        current.organisations.set(organisations)
    return _save_story(current, actor)


def _check_consent(story: Story) -> None:
    missing = selectors.story_photos_without_consent(story)
    if missing:
        raise ValidationError(
            [
                ValidationError(CONSENT_BLOCKS, code="consent", params={"alt": photo.alt_text})
                for photo in missing
            ]
        )


@transaction.atomic
def story_submit(*, actor: Model, story: Story, expected_version: int) -> Story:
    """Hand a draft (or a story sent back) to the editors for review."""
    current = _locked_story(story, expected_version)
    if current.status not in (StoryStatus.DRAFT, StoryStatus.CHANGES_REQUESTED):
        raise ValidationError(_("Dit verhaal is al ingediend of gepubliceerd."), code="status")
    _check_consent(current)
    current.status = StoryStatus.SUBMITTED
    return _save_story(current, actor)


@transaction.atomic
def story_publish(*, actor: Model, story: Story, expected_version: int) -> Story:
    """Publish the story (editors only); refused while a photo of people lacks consent."""
    _require(actor, "directory.review_story", story)
    current = _locked_story(story, expected_version)
    _check_consent(current)
    current.status = StoryStatus.PUBLISHED
    current.review_message = ""
    current.published_at = current.published_at or timezone.now()
    return _save_story(current, actor)


@transaction.atomic
def story_request_changes(
    *, actor: Model, story: Story, expected_version: int, message: str
) -> Story:
    """Send the story back to its writers with ``message``; a published story goes offline."""
    _require(actor, "directory.review_story", story)
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            {"message": _("Schrijf wat er aan het verhaal moet veranderen.")}, code="required"
        )
    current = _locked_story(story, expected_version)
    current.status = StoryStatus.CHANGES_REQUESTED
    current.review_message = message
    _save_story(current, actor)
    author = current.author
    if author is not None and author.is_active and author.email:  # type: ignore[attr-defined]
        path = reverse("directory:story_edit", kwargs={"pk": current.pk})
        send_mail(
            str(
                _("De redactie vraagt wijzigingen in uw verhaal “%(title)s”")
                % {"title": current.title}
            ),
            str(
                _("%(message)s\n\nPas het verhaal aan op %(url)s")
                % {"message": message, "url": settings.SITE_URL.rstrip("/") + path}
            ),
            None,
            [author.email],  # type: ignore[attr-defined]
        )
    return current


CONSENT_FIELDS = ("consent_given_by", "consent_given_on", "consent_scope", "consent_method")


def _apply_consent(photo: StoryPhoto, values: Mapping[str, Any]) -> None:
    photo.consent_given_by = (values.get("consent_given_by") or "").strip()
    photo.consent_given_on = values.get("consent_given_on")
    photo.consent_scope = sorted(set(values.get("consent_scope") or []))
    photo.consent_method = values.get("consent_method") or ""
    if not photo.shows_people:
        return
    given = [name for name in CONSENT_FIELDS if getattr(photo, name)]
    if given and len(given) < len(CONSENT_FIELDS):
        raise ValidationError(
            {
                name: _("Vul dit ook in: de toestemming is pas vastgelegd als alles bekend is.")
                for name in CONSENT_FIELDS
                if not getattr(photo, name)
            },
            code="incomplete",
        )
    if photo.consent_given_on and photo.consent_given_on > timezone.localdate():
        raise ValidationError(
            {"consent_given_on": _("Deze datum ligt in de toekomst.")}, code="future"
        )


@transaction.atomic
def story_photo_add(
    *,
    actor: Model | None,
    story: Story,
    image: Any,
    alt_text: str,
    caption: str = "",
    shows_people: bool = True,
    consent_evidence: Any = None,
    **consent_values: Any,
) -> StoryPhoto:
    """Add a photo to a story: re-encoded without metadata, with the consent of who is on it.

    A photo of people may be added before the consent is recorded, but the story cannot be
    published until it is. ``consent_values`` are the ``CONSENT_FIELDS``.
    """
    unknown = set(consent_values) - set(CONSENT_FIELDS)
    if unknown:
        raise TypeError(f"Not a consent field: {', '.join(sorted(unknown))}")
    photo = StoryPhoto(
        story=story,
        alt_text=(alt_text or "").strip(),
        caption=(caption or "").strip(),
        shows_people=bool(shows_people),
        position=story.photos.count(),
    )
    if not shows_people:
        consent_values = {}
    _apply_consent(photo, consent_values)
    photo.full_clean(exclude=["story", "image", "consent_evidence"])
    try:
        cleaned = clean_image(
            image, max_bytes=PHOTO_MAX_BYTES, max_pixels=PHOTO_MAX_PIXELS, name_prefix="foto"
        )
    except ValidationError as error:
        raise ValidationError({"image": error.messages}, code="invalid") from error
    if consent_evidence is not None and shows_people:
        photo.consent_evidence = clean_evidence(consent_evidence, field="consent_evidence")  # type: ignore[assignment]
    photo.width, photo.height = get_image_dimensions(cleaned)
    photo.image = cleaned  # type: ignore[assignment]
    photo._history_user = actor  # type: ignore[attr-defined]
    photo.save()
    return photo


@transaction.atomic
def story_photo_consent_record(
    *, actor: Model | None, photo: StoryPhoto, consent_evidence: Any = None, **consent_values: Any
) -> StoryPhoto:
    """Record (or correct) the consent for a photo of people whose consent is not withdrawn."""
    photo = StoryPhoto.objects.select_for_update().get(pk=photo.pk)
    if photo.consent_withdrawn_at is not None:
        raise ValidationError(
            _("De toestemming voor deze foto is ingetrokken; de foto is verwijderd."),
            code="withdrawn",
        )
    photo.shows_people = True
    _apply_consent(photo, consent_values)
    if not all(getattr(photo, name) for name in CONSENT_FIELDS):
        raise ValidationError(
            {
                name: _("Vul dit in om de toestemming vast te leggen.")
                for name in CONSENT_FIELDS
                if not getattr(photo, name)
            },
            code="required",
        )
    photo.full_clean(exclude=["story", "image", "consent_evidence"])
    if consent_evidence is not None:
        _delete_file_after_commit(photo.consent_evidence)
        photo.consent_evidence = clean_evidence(consent_evidence, field="consent_evidence")  # type: ignore[assignment]
    photo._history_user = actor  # type: ignore[attr-defined]
    photo.save()
    return photo


@transaction.atomic
def story_photo_consent_withdraw(*, actor: Model | None, photo: StoryPhoto) -> StoryPhoto:
    """The people on the photo withdrew their consent: it leaves every page now, its file goes.

    The record of the consent and of its withdrawal stays (without the picture).
    """
    photo = StoryPhoto.objects.select_for_update().get(pk=photo.pk)
    if photo.consent_withdrawn_at is not None:
        return photo
    _delete_file_after_commit(photo.image)
    photo.image = ""  # type: ignore[assignment]
    photo.consent_withdrawn_at = timezone.now()
    photo._history_user = actor  # type: ignore[attr-defined]
    photo.save()
    return photo


@transaction.atomic
def story_photo_remove(*, actor: Model | None, photo: StoryPhoto) -> None:
    """Take a photo out of a story and delete its files."""
    photo = StoryPhoto.objects.select_for_update().get(pk=photo.pk)
    _delete_file_after_commit(photo.image)
    _delete_file_after_commit(photo.consent_evidence)
    photo._history_user = actor  # type: ignore[attr-defined]
    photo.delete()
