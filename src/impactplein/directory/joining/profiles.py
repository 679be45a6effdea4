"""Keeping the impact profile: drafts, submission, and revisions of a published profile."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core.history import record_written
from impactplein.directory import indexing
from impactplein.directory.constants import (
    ProfileStatus,
    RevisionStatus,
)
from impactplein.directory.joining.common import (
    ALREADY_SUBMITTED,
    REJECTED_FINAL,
    ProfileInput,
    SaveResult,
    _add_photos,
    _apply_media,
    _bump_version,
    _check_photo_count,
    _figure_records,
    _figure_rows,
    _replace_figures,
    figure_rows_of,
    open_revision,
)
from impactplein.directory.models import (
    ImpactProfile,
    ProfileRevision,
)
from impactplein.directory.services import (
    EDITABLE_FIELDS,
    StaleProfileError,
    profile_create,
    profile_update,
)
from impactplein.organisations.models import Organisation


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
        record_written([profile], actor=actor, when=timezone.now(), update=True)
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
    # A proposal sent back for changes is taken up again, with the photos and logo it holds.
    revision = open_revision(profile)
    if revision is not None and revision.status == RevisionStatus.CHANGES_REQUESTED:
        revision.status = RevisionStatus.PENDING
        revision.reviewer = None
        revision.decided_at = None
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
