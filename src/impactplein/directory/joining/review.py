"""The review: approve, ask for changes or reject a submission or a revision."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from impactplein.core.models import SDG, Theme
from impactplein.directory import indexing
from impactplein.directory.constants import (
    ProfileStatus,
    RevisionStatus,
)
from impactplein.directory.joining.common import (
    MESSAGE_REQUIRED,
    NOTHING_TO_REVIEW,
    REVISION_OUTDATED,
    _bump_version,
    _mail,
    _replace_figures,
    _require_reviewer,
    _site_url,
    members_of,
    pending_revision,
)
from impactplein.directory.models import (
    ImpactProfile,
    ProfileRevision,
)
from impactplein.directory.services import (
    EDITABLE_FIELDS,
    StaleProfileError,
    profile_publish,
    profile_update,
)


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
