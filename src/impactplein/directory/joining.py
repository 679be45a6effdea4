"""Services of the join flow: claiming an organisation, keeping its impact profile, the review and
the yearly "is this still right?" confirmation. One function per use case, each in one
transaction; the general profile services (``profile_create``, ``profile_update``,
``profile_publish``) live in ``services.py`` and are used here.

The state machine of a profile::

    draft ──submit──► submitted ──approve──► published
      ▲                  │  │                   │ edit: a ProfileRevision (pending) that the
      └──── changes_requested ◄┘  └─reject─► rejected       review approves, sends back or rejects

A profile that is already published is never changed by its members directly: an edit becomes a
:class:`ProfileRevision`, and the published version stays online until a reviewer approves the
revision, which is then applied through ``profile_update`` with the version it was made on.
Reviewers need ``directory.review_impactprofile`` and never review what they submitted or a
profile of an organisation they are a member of. Members are mailed about every decision.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Theme
from impactplein.directory import duplicates, indexing
from impactplein.directory.constants import (
    ClaimStatus,
    FigureKind,
    ImpactModel,
    ProfileStatus,
    RevisionStatus,
)
from impactplein.directory.models import (
    ImpactFigure,
    ImpactProfile,
    OrganisationClaim,
    ProfilePhoto,
    ProfileRevision,
)
from impactplein.directory.services import (
    EDITABLE_FIELDS,
    StaleProfileError,
    profile_create,
    profile_publish,
    profile_update,
)
from impactplein.organisations.constants import MembershipRole
from impactplein.organisations.models import Membership, Organisation
from impactplein.organisations.services import membership_add

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


# --- helpers ---------------------------------------------------------------------------------


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


# --- claims ----------------------------------------------------------------------------------


@transaction.atomic
def claim_request(
    *, actor: Any, organisation: Organisation, motivation: str = ""
) -> OrganisationClaim:
    """Ask to become owner of a registered organisation; its owners (if any) are mailed."""
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise ValidationError(ALREADY_MEMBER, code="member")
    if OrganisationClaim.objects.filter(
        user=actor, organisation=organisation, status=ClaimStatus.PENDING
    ).exists():
        raise ValidationError(CLAIM_PENDING, code="pending")
    claim = OrganisationClaim(organisation=organisation, user=actor, motivation=motivation.strip())
    claim.full_clean()
    claim._history_user = actor  # type: ignore[attr-defined]
    claim.save()
    owners = members_of(organisation, role=MembershipRole.OWNER)
    _mail(
        owners,
        template="directory/review/mail/claim_requested",
        context={
            "claim": claim,
            "organisation": organisation,
            "url": _site_url("review_claim", pk=claim.pk),
        },
    )
    return claim


def _decide_claim(actor: Any, claim: OrganisationClaim) -> OrganisationClaim:
    claim = (
        OrganisationClaim.objects.select_for_update()
        .select_related("organisation")
        .get(pk=claim.pk)
    )
    if claim.user_id == actor.pk:
        raise PermissionDenied(OWN_CLAIM)
    if not actor.has_perm("directory.decide_organisationclaim", claim):
        raise PermissionDenied(_("U mag niet over deze aanvraag beslissen."))
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(CLAIM_DECIDED, code="decided")
    return claim


@transaction.atomic
def claim_approve(*, actor: Any, claim: OrganisationClaim, message: str = "") -> OrganisationClaim:
    """Make the claimant an owner of the organisation and tell them."""
    claim = _decide_claim(actor, claim)
    if not Membership.objects.filter(user=claim.user, organisation=claim.organisation).exists():
        membership_add(
            actor=actor, organisation=claim.organisation, user=claim.user, role=MembershipRole.OWNER
        )
    return _close_claim(actor, claim, ClaimStatus.APPROVED, message)


@transaction.atomic
def claim_reject(*, actor: Any, claim: OrganisationClaim, message: str) -> OrganisationClaim:
    claim = _decide_claim(actor, claim)
    if not message.strip():
        raise ValidationError({"message": MESSAGE_REQUIRED}, code="required")
    return _close_claim(actor, claim, ClaimStatus.REJECTED, message)


def _close_claim(
    actor: Any, claim: OrganisationClaim, status: str, message: str
) -> OrganisationClaim:
    claim.status = status
    claim.message = message.strip()
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim._history_user = actor  # type: ignore[attr-defined]
    claim.save()
    _mail(
        [claim.user],
        template="directory/review/mail/claim_decided",
        context={
            "claim": claim,
            "organisation": claim.organisation,
            "approved": status == ClaimStatus.APPROVED,
            "url": _site_url("profile_edit", organisation_pk=claim.organisation_id),
            "join_url": _site_url("join"),
        },
    )
    return claim


# --- keeping the profile ---------------------------------------------------------------------


def _proposal(data: ProfileInput) -> dict[str, Any]:
    return {
        "fields": {name: data.fields.get(name) for name in EDITABLE_FIELDS},
        "themes": sorted(theme.pk for theme in data.themes),
        "sdgs": sorted(sdg.pk for sdg in data.sdgs),
        "figures": _figure_rows(data.figures),
        "remove_logo": bool(data.remove_logo),
        "remove_photos": sorted(int(pk) for pk in data.remove_photos),
        "photo_alt_texts": {
            str(pk): text.strip() for pk, text in data.photo_alt_texts.items() if text.strip()
        },
    }


def _validate_fields(profile: ImpactProfile, fields: Mapping[str, Any]) -> None:
    """Check proposed values the way ``profile_update`` would, without writing anything."""
    probe = ImpactProfile.objects.get(pk=profile.pk)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(probe, name, value.strip() if isinstance(value, str) else value)
    probe.full_clean(exclude=["organisation", "logo"])


@transaction.atomic
def profile_save(
    *,
    actor: Any,
    organisation: Organisation,
    expected_version: int | None,
    data: ProfileInput,
    submit: bool = False,
) -> SaveResult:
    """Save what a member typed: a new draft, an edit of an unpublished profile, or (for a
    published profile) a revision for the review. With ``submit`` an unpublished profile is
    submitted for review in the same step.

    Raises ``StaleProfileError`` when someone saved since ``expected_version`` (nothing is
    written) and ``ValidationError`` per field.
    """
    profile = ImpactProfile.objects.select_for_update().filter(organisation=organisation).first()
    if profile is None:
        profile = profile_create(
            actor=actor,
            organisation=organisation,
            themes=data.themes,
            sdgs=data.sdgs,
            **{name: data.fields[name] for name in EDITABLE_FIELDS if name in data.fields},
        )
        _check_photo_count(profile, data)
        _replace_figures(profile, data.figures)
        _apply_media(profile, data)
        if submit:
            profile = profile_submit(actor=actor, profile=profile, expected_version=profile.version)
        return SaveResult(profile)

    if expected_version is None or profile.version != expected_version:
        raise StaleProfileError(profile)
    if profile.status == ProfileStatus.PUBLISHED:
        return SaveResult(profile, _revision_save(actor, profile, expected_version, data))

    _check_photo_count(profile, data)
    profile = profile_update(
        actor=actor,
        profile=profile,
        expected_version=expected_version,
        themes=data.themes,
        sdgs=data.sdgs,
        **{name: data.fields[name] for name in EDITABLE_FIELDS if name in data.fields},
    )
    figures_changed = _replace_figures(profile, data.figures)
    media_changed = _apply_media(profile, data)
    if (figures_changed or media_changed) and profile.version == expected_version:
        _bump_version(profile, expected_version)
        ImpactProfile.history.bulk_history_create(  # type: ignore[attr-defined]
            [profile], update=True, default_user=actor
        )
    if submit:
        profile = profile_submit(actor=actor, profile=profile, expected_version=profile.version)
    elif figures_changed or media_changed:
        indexing.schedule_profile(profile)
    return SaveResult(profile)


def _revision_save(
    actor: Any, profile: ImpactProfile, expected_version: int, data: ProfileInput
) -> ProfileRevision | None:
    """Record the proposed state of a published profile; the profile itself stays as it is."""
    _validate_fields(profile, data.fields)
    _figure_records(data.figures)
    revision = pending_revision(profile)
    pending_photos = revision.photos.count() if revision is not None else 0
    _check_photo_count(profile, data, pending=pending_photos)
    proposal = _proposal(data)
    if (
        revision is None
        and data.logo is None
        and not data.new_photos
        and not _differs(profile, proposal)
    ):
        return None
    if revision is None:
        revision = ProfileRevision(profile=profile, base_version=expected_version)
    revision.changes = proposal
    revision.author = actor
    if data.logo is not None:
        revision.logo = data.logo  # type: ignore[assignment]
    # Raising the version makes a second tab that still shows the old state stale, as for any edit.
    revision.base_version = _bump_version(profile, expected_version)
    revision._history_user = actor  # type: ignore[attr-defined]
    revision.save()
    _add_photos(profile=None, revision=revision, photos=data.new_photos)
    return revision


def current_state(profile: ImpactProfile) -> dict[str, Any]:
    """The published state in the shape of a revision's ``changes``."""
    return {
        "fields": {name: getattr(profile, name) for name in EDITABLE_FIELDS},
        "themes": sorted(profile.themes.values_list("pk", flat=True)),
        "sdgs": sorted(profile.sdgs.values_list("pk", flat=True)),
        "figures": figure_rows_of(profile),
        "remove_logo": False,
        "remove_photos": [],
        "photo_alt_texts": {},
    }


def _differs(profile: ImpactProfile, proposal: Mapping[str, Any]) -> bool:
    state = current_state(profile)
    if proposal["remove_logo"] and profile.logo:
        return True
    if proposal["remove_photos"]:
        return True
    alts = dict(profile.photos.values_list("pk", "alt_text"))
    if any(alts.get(int(pk), text) != text for pk, text in proposal["photo_alt_texts"].items()):
        return True
    return any(proposal[key] != state[key] for key in ("fields", "themes", "sdgs", "figures"))


@transaction.atomic
def profile_submit(*, actor: Any, profile: ImpactProfile, expected_version: int) -> ImpactProfile:
    """Hand a draft (or a profile sent back for changes) to the review."""
    current = ImpactProfile.objects.select_for_update().get(pk=profile.pk)
    if current.version != expected_version:
        raise StaleProfileError(current)
    if current.status == ProfileStatus.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED, code="submitted")
    if current.status == ProfileStatus.REJECTED:
        raise ValidationError(REJECTED_FINAL, code="rejected")
    if current.status == ProfileStatus.PUBLISHED:
        raise ValidationError(
            _("Dit profiel is al gepubliceerd; een wijziging wordt vanzelf beoordeeld."),
            code="published",
        )
    problems = submission_problems(current)
    if problems:
        raise ValidationError(problems, code="incomplete")
    current.status = ProfileStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = actor
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(update_fields=["status", "submitted_at", "submitted_by", "version", "updated_at"])
    indexing.schedule_profile(current)
    return current


def submission_problems(profile: ImpactProfile) -> list[ValidationError]:
    """What a profile still needs before the review can look at it."""
    problems = []
    if len(profile.pitch.strip()) < 20:
        problems.append(
            ValidationError(_("Schrijf een pitch van minstens 20 tekens."), code="pitch")
        )
    if not profile.impact_models:
        problems.append(ValidationError(_("Kies minstens één impactmodel."), code="impact_models"))
    if not profile.themes.exists():
        problems.append(ValidationError(_("Kies minstens één thema."), code="themes"))
    return problems


# --- the review ------------------------------------------------------------------------------


def _mail_decision(profile: ImpactProfile, decision: str, message: str, revision: bool) -> None:
    _mail(
        members_of(profile.organisation),
        template="directory/review/mail/decision",
        context={
            "profile": profile,
            "organisation": profile.organisation,
            "decision": decision,
            "message": message,
            "revision": revision,
            "edit_url": _site_url("profile_edit", organisation_pk=profile.organisation_id),
        },
    )


def _locked_for_review(actor: Any, profile: ImpactProfile) -> tuple[ImpactProfile, Any]:
    current = (
        ImpactProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)
    )
    revision = pending_revision(current)
    if revision is None and current.status != ProfileStatus.SUBMITTED:
        raise ValidationError(NOTHING_TO_REVIEW, code="nothing")
    submitter = revision.author if revision is not None else current.submitted_by
    _require_reviewer(actor, current, submitter)
    return current, revision


@transaction.atomic
def profile_approve(*, actor: Any, profile: ImpactProfile, message: str = "") -> ImpactProfile:
    """Publish a submitted profile, or apply the pending revision of a published one."""
    current, revision = _locked_for_review(actor, profile)
    if revision is not None:
        current = _apply_revision(actor, current, revision)
        _close_revision(actor, revision, RevisionStatus.APPROVED, message)
    else:
        current = profile_publish(actor=actor, profile=current)
    current.review_message = message.strip()
    current.confirmed_at = timezone.now()
    current.reminded_at = None
    ImpactProfile.objects.filter(pk=current.pk).update(
        review_message=current.review_message,
        confirmed_at=current.confirmed_at,
        reminded_at=None,
    )
    indexing.schedule_profile(current)
    _mail_decision(current, "approved", message.strip(), revision is not None)
    return current


def _apply_revision(actor: Any, profile: ImpactProfile, revision: ProfileRevision) -> ImpactProfile:
    changes = revision.changes
    try:
        updated = profile_update(
            actor=actor,
            profile=profile,
            expected_version=revision.base_version,
            themes=Theme.objects.filter(pk__in=changes.get("themes", [])),
            sdgs=SDG.objects.filter(pk__in=changes.get("sdgs", [])),
            **{
                name: value
                for name, value in changes.get("fields", {}).items()
                if name in EDITABLE_FIELDS
            },
        )
    except StaleProfileError as error:
        raise ValidationError(REVISION_OUTDATED, code="stale") from error
    _replace_figures(updated, changes.get("figures", []))
    if revision.logo:
        updated.logo = revision.logo
        updated.save(update_fields=["logo"])
    elif changes.get("remove_logo") and updated.logo:
        updated.logo = ""  # type: ignore[assignment]
        updated.save(update_fields=["logo"])
    updated.photos.filter(pk__in=changes.get("remove_photos", [])).delete()
    for pk, alt_text in changes.get("photo_alt_texts", {}).items():
        updated.photos.filter(pk=int(pk)).update(alt_text=alt_text)
    revision.photos.update(profile=updated, revision=None)
    if updated.version == revision.base_version:
        _bump_version(updated, revision.base_version)
    return updated


def _close_revision(actor: Any, revision: ProfileRevision, status: str, message: str) -> None:
    revision.status = status
    revision.reviewer = actor
    revision.message = message.strip()
    revision.decided_at = timezone.now()
    revision._history_user = actor  # type: ignore[attr-defined]
    revision.save()


def _send_back(
    actor: Any, profile: ImpactProfile, message: str, *, status: str, revision_status: str
) -> ImpactProfile:
    if not message.strip():
        raise ValidationError({"message": MESSAGE_REQUIRED}, code="required")
    current, revision = _locked_for_review(actor, profile)
    if revision is not None:
        # The published version stays online; only the proposal is sent back.
        _close_revision(actor, revision, revision_status, message)
        if revision_status == RevisionStatus.REJECTED:
            revision.photos.all().delete()
    else:
        current.status = status
        current.review_message = message.strip()
        current.version += 1
        current._history_user = actor  # type: ignore[attr-defined]
        current.save(update_fields=["status", "review_message", "version", "updated_at"])
        indexing.schedule_profile(current)
    _mail_decision(current, status, message.strip(), revision is not None)
    return current


@transaction.atomic
def profile_request_changes(*, actor: Any, profile: ImpactProfile, message: str) -> ImpactProfile:
    """Send the submission (or the pending revision) back with what needs to change."""
    return _send_back(
        actor,
        profile,
        message,
        status=ProfileStatus.CHANGES_REQUESTED,
        revision_status=RevisionStatus.CHANGES_REQUESTED,
    )


@transaction.atomic
def profile_reject(*, actor: Any, profile: ImpactProfile, message: str) -> ImpactProfile:
    """Refuse the submission (or the pending revision) with the reason."""
    return _send_back(
        actor,
        profile,
        message,
        status=ProfileStatus.REJECTED,
        revision_status=RevisionStatus.REJECTED,
    )


# --- the yearly confirmation -----------------------------------------------------------------


def profiles_due_for_confirmation(*, now: datetime | None = None) -> QuerySet[ImpactProfile]:
    """Published profiles last confirmed over a year ago and not reminded within the year."""
    now = now or timezone.now()
    cutoff = now - CONFIRMATION_INTERVAL
    return (
        ImpactProfile.objects.filter(status=ProfileStatus.PUBLISHED)
        .annotate(last_confirmed=Coalesce("confirmed_at", "published_at"))
        .filter(last_confirmed__lte=cutoff)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
        .select_related("organisation")
        .order_by("pk")
    )


@transaction.atomic
def profile_remind(*, profile: ImpactProfile, now: datetime | None = None) -> bool:
    """Ask the members whether the profile is still right; False when it was not due (any more)."""
    now = now or timezone.now()
    due = profiles_due_for_confirmation(now=now).select_for_update(of=("self",))
    current = due.filter(pk=profile.pk).first()
    if current is None:
        return False
    ImpactProfile.objects.filter(pk=current.pk).update(reminded_at=now)
    _mail(
        members_of(current.organisation),
        template="directory/review/mail/confirmation_reminder",
        context={
            "profile": current,
            "organisation": current.organisation,
            "confirm_url": _site_url("profile_confirm", organisation_pk=current.organisation_id),
            "edit_url": _site_url("profile_edit", organisation_pk=current.organisation_id),
        },
    )
    return True


def confirmation_reminders_send(*, now: datetime | None = None) -> int:
    """The daily job: remind every profile that is due; returns how many were reminded."""
    now = now or timezone.now()
    sent = 0
    for pk in profiles_due_for_confirmation(now=now).values_list("pk", flat=True).iterator():
        if profile_remind(profile=ImpactProfile(pk=pk), now=now):
            sent += 1
    return sent


@transaction.atomic
def profile_confirm(*, actor: Any, profile: ImpactProfile) -> ImpactProfile:
    """A member says the published profile is still right: the next question comes in a year."""
    current = ImpactProfile.objects.select_for_update().get(pk=profile.pk)
    if current.status != ProfileStatus.PUBLISHED:
        raise ValidationError(
            _("Alleen een gepubliceerd profiel kan worden bevestigd."), code="not_published"
        )
    current.confirmed_at = timezone.now()
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(update_fields=["confirmed_at"])
    return current


# --- reads for the join and review pages -----------------------------------------------------


@dataclass(frozen=True)
class FoundOrganisation:
    organisation: Organisation
    reason: str  # "kvk_number", "similar_name" or "name_contains"
    has_members: bool
    has_profile: bool


def find_organisations(
    *, kvk_number: str = "", name: str = "", municipality: str = "", limit: int = 20
) -> list[FoundOrganisation]:
    """Registered organisations that may be the one a person is joining for.

    The same KvK number anywhere, a similar name in the same municipality (``duplicates``), and
    names that contain what was typed, best matches first.
    """
    query = Q(pk__in=[])
    if kvk_number:
        query |= Q(kvk_number=kvk_number)
    if municipality and name:
        query |= Q(municipality__cbs_code=municipality)
    rows = list(
        Organisation.objects.filter(query).values_list(
            "pk", "name", "municipality__cbs_code", "kvk_number"
        )
    )
    candidates = [
        duplicates.Candidate(key=str(pk), name=org_name, municipality=code, kvk_number=kvk)
        for pk, org_name, code, kvk in rows
    ]
    found = duplicates.possible_duplicates(
        name=name, municipality=municipality, kvk_number=kvk_number or None, candidates=candidates
    )
    reasons = {int(item.candidate.key): item.reason for item in found}
    typed = duplicates.normalise_name(name) if name else ""
    if typed:
        for pk, org_name, code, _kvk in rows:
            if (
                code == municipality
                and pk not in reasons
                and typed in duplicates.normalise_name(org_name)
            ):
                reasons[pk] = "name_contains"
    order = list(reasons)[:limit]
    organisations = Organisation.objects.in_bulk(order)
    with_members = set(
        Membership.objects.filter(organisation_id__in=order).values_list(
            "organisation_id", flat=True
        )
    )
    with_profile = set(
        ImpactProfile.objects.filter(organisation_id__in=order).values_list(
            "organisation_id", flat=True
        )
    )
    return [
        FoundOrganisation(organisations[pk], reasons[pk], pk in with_members, pk in with_profile)
        for pk in order
        if pk in organisations
    ]


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "submission", "revision" or "claim"
    organisation: Organisation
    since: datetime
    by: Any
    url: str


def review_queue(*, user: Any) -> list[QueueItem]:
    """What waits for a reviewer, oldest first: submissions, revisions and claims."""
    items: list[QueueItem] = []
    for profile in ImpactProfile.objects.filter(status=ProfileStatus.SUBMITTED).select_related(
        "organisation", "submitted_by"
    ):
        items.append(
            QueueItem(
                "submission",
                profile.organisation,
                profile.submitted_at or profile.updated_at,
                profile.submitted_by,
                reverse("directory:review", kwargs={"pk": profile.pk}),
            )
        )
    for revision in ProfileRevision.objects.filter(status=RevisionStatus.PENDING).select_related(
        "profile__organisation", "author"
    ):
        items.append(
            QueueItem(
                "revision",
                revision.profile.organisation,
                revision.created_at,
                revision.author,
                reverse("directory:review", kwargs={"pk": revision.profile_id}),
            )
        )
    for claim in OrganisationClaim.objects.filter(status=ClaimStatus.PENDING).select_related(
        "organisation", "user"
    ):
        items.append(
            QueueItem(
                "claim",
                claim.organisation,
                claim.created_at,
                claim.user,
                reverse("directory:review_claim", kwargs={"pk": claim.pk}),
            )
        )
    return sorted(items, key=lambda item: (item.since, item.organisation.name))


@dataclass(frozen=True)
class DiffRow:
    """One field of a proposed change: the old and new text, or what was added and removed."""

    name: str
    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed)


def _field_label(name: str) -> str:
    return str(ImpactProfile._meta.get_field(name).verbose_name).capitalize()


def _figure_text(row: Mapping[str, Any]) -> str:
    kind = row["label"] or str(FigureKind(row["kind"]).label)
    value = Decimal(str(row["value"])).normalize()
    return f"{row['year']}, {kind}: {value:f}".replace(".", ",")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    return str(value or "")


def revision_diff(profile: ImpactProfile, revision: ProfileRevision) -> list[DiffRow]:
    """The changes a revision proposes, field by field, against the published profile."""
    state = current_state(profile)
    proposal = revision.changes
    rows: list[DiffRow] = []
    old_fields, new_fields = state["fields"], proposal.get("fields", {})
    for name in EDITABLE_FIELDS:
        old, new = old_fields.get(name), new_fields.get(name, old_fields.get(name))
        if old == new:
            continue
        if name == "impact_models":
            labels = dict(ImpactModel.choices)
            rows.append(
                DiffRow(
                    name,
                    _field_label(name),
                    added=tuple(str(labels.get(v, v)) for v in new if v not in old),
                    removed=tuple(str(labels.get(v, v)) for v in old if v not in new),
                )
            )
        elif name == "target_groups":
            rows.append(
                DiffRow(
                    name,
                    _field_label(name),
                    added=tuple(v for v in new if v not in old),
                    removed=tuple(v for v in old if v not in new),
                )
            )
        else:
            rows.append(DiffRow(name, _field_label(name), old=_text(old), new=_text(new)))
    for name, model in (("themes", Theme), ("sdgs", SDG)):
        old_set, new_set = set(state[name]), set(proposal.get(name, state[name]))
        if old_set != new_set:
            names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=old_set | new_set)}
            rows.append(
                DiffRow(
                    name,
                    _field_label(name),
                    added=tuple(sorted(names[pk] for pk in new_set - old_set if pk in names)),
                    removed=tuple(sorted(names[pk] for pk in old_set - new_set if pk in names)),
                )
            )
    old_figures = [_figure_text(row) for row in state["figures"]]
    new_figures = [_figure_text(row) for row in proposal.get("figures", state["figures"])]
    if old_figures != new_figures:
        rows.append(
            DiffRow(
                "figures",
                str(_("Impactcijfers")),
                added=tuple(f for f in new_figures if f not in old_figures),
                removed=tuple(f for f in old_figures if f not in new_figures),
            )
        )
    if revision.logo or (proposal.get("remove_logo") and profile.logo):
        rows.append(
            DiffRow(
                "logo",
                str(_("Logo")),
                old=str(_("huidig logo")) if profile.logo else "",
                new=str(_("nieuw logo")) if revision.logo else str(_("geen logo")),
            )
        )
    removed_photos = tuple(
        profile.photos.filter(pk__in=proposal.get("remove_photos", [])).values_list(
            "alt_text", flat=True
        )
    )
    added_photos = tuple(revision.photos.values_list("alt_text", flat=True))
    if removed_photos or added_photos:
        rows.append(DiffRow("photos", str(_("Foto's")), added=added_photos, removed=removed_photos))
    return rows


def form_state(profile: ImpactProfile | None) -> dict[str, Any] | None:
    """What the edit form starts from: the open revision of a published profile, if any."""
    if profile is None:
        return None
    revision = open_revision(profile) if profile.status == ProfileStatus.PUBLISHED else None
    return revision.changes if revision is not None else current_state(profile)
