"""What the join flow's modules share: messages, the profile form's input, mail and checks."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Theme
from impactplein.directory.constants import (
    FigureKind,
    RevisionStatus,
)
from impactplein.directory.models import (
    ImpactFigure,
    ImpactProfile,
    ProfilePhoto,
    ProfileRevision,
)
from impactplein.directory.services import (
    StaleProfileError,
)
from impactplein.organisations.models import Membership, Organisation

REVIEW_PERMISSION = "directory.review_impactprofile"
# A published profile is asked "is this still right?" this long after its last confirmation.
CONFIRMATION_INTERVAL = timedelta(days=365)
MAX_PHOTOS = 8

NOTHING_TO_REVIEW = _("Er is bij dit profiel niets te beoordelen.")
MESSAGE_REQUIRED = _("Schrijf de organisatie waarom, zodat zij weet wat er moet gebeuren.")
OWN_SUBMISSION = _("U kunt niet beoordelen wat u zelf heeft ingediend.")
OWN_ORGANISATION = _("U bent lid van deze organisatie en kunt haar profiel niet beoordelen.")
REVISION_OUTDATED = _(
    "Het profiel is gewijzigd nadat deze wijziging werd voorgesteld. Vraag de organisatie de "
    "wijziging opnieuw in te dienen."
)
ALREADY_SUBMITTED = _("Dit profiel is al ingediend en wacht op beoordeling.")
REJECTED_FINAL = _(
    "Dit profiel is afgewezen en kan niet opnieuw worden ingediend. Neem contact op met het "
    "programmateam als u denkt dat dit niet klopt."
)
TOO_MANY_PHOTOS = _("Een profiel heeft hoogstens %(max)s foto's.")
ALREADY_MEMBER = _("U bent al lid van deze organisatie.")
CLAIM_PENDING = _("U heeft deze organisatie al aangevraagd; de aanvraag wacht op beoordeling.")
CLAIM_DECIDED = _("Over deze aanvraag is al beslist.")
OWN_CLAIM = _("U kunt niet beslissen over uw eigen aanvraag.")


@dataclass
class ProfileInput:
    """Everything the profile form sends, cleaned: the fields, the choices and the uploads."""

    fields: dict[str, Any]
    themes: Sequence[Theme] = ()
    sdgs: Sequence[SDG] = ()
    # Rows of {"year": int, "kind": str, "label": str, "value": Decimal}.
    figures: Sequence[Mapping[str, Any]] = ()
    logo: File | None = None
    remove_logo: bool = False
    new_photos: Sequence[tuple[File, str]] = ()
    remove_photos: Sequence[int] = ()
    photo_alt_texts: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SaveResult:
    profile: ImpactProfile
    revision: ProfileRevision | None = None


def _site_url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(f"directory:{name}", kwargs=kwargs)


def _figure_rows(figures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Figures as JSON-ready rows, sorted as the profile shows them (newest year first)."""
    rows = [
        {
            "year": int(row["year"]),
            "kind": str(row["kind"]),
            "label": str(row.get("label") or "").strip(),
            "value": str(Decimal(str(row["value"])).normalize()),
        }
        for row in figures
    ]
    return sorted(rows, key=lambda row: (-row["year"], row["kind"], row["label"]))


def figure_rows_of(profile: ImpactProfile) -> list[dict[str, Any]]:
    return _figure_rows(profile.figures.values("year", "kind", "label", "value"))


def _figure_records(
    figures: Iterable[Mapping[str, Any]], profile: ImpactProfile | None = None
) -> list[ImpactFigure]:
    """Validated (unsaved) figures; the same figure twice for one year is refused."""
    records = []
    seen: set[tuple[int, str, str]] = set()
    for row in _figure_rows(figures):
        record = ImpactFigure(
            year=row["year"],
            kind=row["kind"],
            label=row["label"] if row["kind"] == FigureKind.OTHER else "",
            value=Decimal(row["value"]),
        )
        if profile is not None:
            record.profile = profile
        record.full_clean(exclude=["profile"], validate_unique=False, validate_constraints=False)
        key = (record.year, record.kind, record.label)
        if key in seen:
            raise ValidationError(
                {
                    "figures": ValidationError(
                        _("Het cijfer %(kind)s voor %(year)s staat er twee keer."),
                        code="duplicate",
                        params={"kind": record.get_kind_display(), "year": record.year},
                    )
                }
            )
        seen.add(key)
        records.append(record)
    return records


def _replace_figures(profile: ImpactProfile, figures: Iterable[Mapping[str, Any]]) -> bool:
    figures = list(figures)
    if _figure_rows(figures) == figure_rows_of(profile):
        return False
    records = _figure_records(figures, profile)
    profile.figures.all().delete()
    ImpactFigure.objects.bulk_create(records)
    return True


def _add_photos(
    *, profile: ImpactProfile | None, revision: ProfileRevision | None, photos: Iterable[Any]
) -> None:
    photos = list(photos)
    if not photos:
        return
    owner = revision if revision is not None else profile
    assert owner is not None
    start = (owner.photos.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    for offset, (image, alt_text) in enumerate(photos):
        photo = ProfilePhoto(
            profile=profile if revision is None else None,
            revision=revision,
            alt_text=alt_text.strip(),
            position=start + offset,
        )
        photo.image = image  # type: ignore[assignment]
        photo.full_clean(exclude=["image"])
        photo.save()


def _check_photo_count(profile: ImpactProfile, data: ProfileInput, pending: int = 0) -> None:
    remaining = profile.photos.exclude(pk__in=list(data.remove_photos)).count()
    if remaining + pending + len(data.new_photos) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": ValidationError(TOO_MANY_PHOTOS, params={"max": MAX_PHOTOS})},
            code="too_many",
        )


def _apply_media(profile: ImpactProfile, data: ProfileInput) -> bool:
    """Logo and photos of a profile that is not published; True when anything changed."""
    changed = False
    if data.logo is not None or (data.remove_logo and profile.logo):
        profile.logo = data.logo if data.logo is not None else ""  # type: ignore[assignment]
        profile.save(update_fields=["logo"])
        changed = True
    if data.remove_photos:
        deleted, _rows = profile.photos.filter(pk__in=list(data.remove_photos)).delete()
        changed = changed or bool(deleted)
    for photo in profile.photos.filter(pk__in=list(data.photo_alt_texts)):
        alt_text = data.photo_alt_texts[photo.pk].strip()
        if alt_text and alt_text != photo.alt_text:
            photo.alt_text = alt_text
            photo.save(update_fields=["alt_text"])
            changed = True
    if data.new_photos:
        _add_photos(profile=profile, revision=None, photos=data.new_photos)
        changed = True
    return changed


def _bump_version(profile: ImpactProfile, expected_version: int) -> int:
    """Raise the version for a change that ``profile_update`` did not write (figures, media)."""
    written = ImpactProfile.objects.filter(pk=profile.pk, version=expected_version).update(
        version=expected_version + 1, updated_at=timezone.now()
    )
    if written != 1:
        raise StaleProfileError(ImpactProfile.objects.get(pk=profile.pk))
    profile.version = expected_version + 1
    return profile.version


def members_of(organisation: Organisation, *, role: str | None = None) -> list[Any]:
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    if role is not None:
        memberships = memberships.filter(role=role)
    return [m.user for m in memberships.order_by("user__email") if m.user.is_active]


def _mail(users: Iterable[Any], *, template: str, context: Mapping[str, Any]) -> int:
    """One mail per person: in Dutch, followed by their own language when they chose another.

    ``template`` names a pair ``<template>_subject.txt`` and ``<template>.txt``.
    """
    sent = 0
    for user in users:
        if not user.email:
            continue
        languages = ["nl"]
        own = getattr(user, "language", "") or ""
        if own and own != "nl" and own in dict(settings.LANGUAGES):
            languages.append(own)
        values = {**context, "user": user}
        with translation.override("nl"):
            subject = render_to_string(f"{template}_subject.txt", values).strip()
        bodies = []
        for language in languages:
            with translation.override(language):
                bodies.append(render_to_string(f"{template}.txt", values).strip())
        send_mail(subject, "\n\n---\n\n".join(bodies) + "\n", None, [user.email])
        sent += 1
    return sent


def _require_reviewer(actor: Any, profile: ImpactProfile, submitter: Any) -> None:
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(_("U mag impactprofielen niet beoordelen."))
    if submitter is not None and submitter.pk == actor.pk:
        raise PermissionDenied(OWN_SUBMISSION)
    if Membership.objects.filter(user=actor, organisation_id=profile.organisation_id).exists():
        raise PermissionDenied(OWN_ORGANISATION)


def may_review(actor: Any, profile: ImpactProfile) -> str:
    """Why ``actor`` may not review ``profile`` now (a message), or "" when they may."""
    revision = pending_revision(profile)
    submitter = revision.author if revision is not None else profile.submitted_by
    try:
        _require_reviewer(actor, profile, submitter)
    except PermissionDenied as error:
        return str(error)
    return ""


def pending_revision(profile: ImpactProfile) -> ProfileRevision | None:
    return profile.revisions.filter(status=RevisionStatus.PENDING).first()


def open_revision(profile: ImpactProfile) -> ProfileRevision | None:
    """The revision the members work on: pending, or sent back with a request for changes."""
    return (
        profile.revisions.filter(
            status__in=[RevisionStatus.PENDING, RevisionStatus.CHANGES_REQUESTED]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
