"""An entry's way from the supplier to the officers and back: submitting, and approving or
rejecting under the four-eyes rule."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import FulfilmentEntry
from impactplein.socialreturn.services.fulfilment.common import (
    check_version,
    finish,
    locked_entry,
    save_entry,
)

NOT_SUBMITTABLE = _("Alleen een concept of een afgewezen invulling kan worden ingediend.")
NOT_DECIDABLE = _("Alleen een ingediende invulling kan worden goedgekeurd of afgewezen.")
FOUR_EYES = _(
    "U kunt deze invulling niet beoordelen, omdat u haar zelf hebt ingevoerd of als laatste hebt "
    "gewijzigd of ingediend. Een andere medewerker moet haar goedkeuren of afwijzen."
)
REASON_REQUIRED = _("Geef de reden van de afwijzing, zodat de opdrachtnemer weet wat er mist.")


def _submit(current: FulfilmentEntry, actor: Model) -> None:
    if current.status not in (EntryStatus.DRAFT, EntryStatus.REJECTED):
        raise ValidationError(NOT_SUBMITTABLE, code="not_submittable")
    current.status = EntryStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.decided_by = None
    current.decided_at = None
    current.version += 1
    save_entry(current, actor, "submitted")


@transaction.atomic
def entry_submit(*, actor: Model, entry: FulfilmentEntry, version: int | None) -> FulfilmentEntry:
    """Hand a draft (or a corrected rejected entry) to the officers for approval."""
    current = locked_entry(entry.pk)
    check_version(current, version)
    _submit(current, actor)
    return finish(current, actor)


def last_author_ids(entry: FulfilmentEntry) -> set[int]:
    """The users who may not decide on ``entry``: who entered it, who last changed its data and
    who last submitted it."""
    ids = {entry.entered_by_id} if entry.entered_by_id else set()
    for reasons in (("created", "changed"), ("submitted",)):
        last = (
            entry.history.filter(history_change_reason__in=reasons)
            .order_by("-history_date", "-history_id")
            .values_list("history_user_id", flat=True)
            .first()
        )
        if last is not None:
            ids.add(last)
    return ids


def may_decide(actor: Model, entry: FulfilmentEntry) -> bool:
    """Whether the four-eyes rule lets ``actor`` decide on ``entry`` (permission aside)."""
    return actor.pk not in last_author_ids(entry)


def _decide(current: FulfilmentEntry, actor: Model, version: int | None) -> None:
    check_version(current, version)
    if not actor.has_perm("socialreturn.approve_fulfilmententry", current):  # type: ignore[attr-defined]
        raise PermissionDenied
    if current.status != EntryStatus.SUBMITTED:
        raise ValidationError(NOT_DECIDABLE, code="not_submitted")
    if not may_decide(actor, current):
        raise ValidationError(FOUR_EYES, code="four_eyes")


@transaction.atomic
def entry_approve(*, actor: Model, entry: FulfilmentEntry, version: int | None) -> FulfilmentEntry:
    """Approve a submitted entry: it counts as realised and is locked from now on."""
    current = locked_entry(entry.pk)
    _decide(current, actor, version)
    current.status = EntryStatus.APPROVED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.rejection_reason = ""
    current.version += 1
    save_entry(current, actor, "approved")
    return finish(current, actor)


@transaction.atomic
def entry_reject(
    *, actor: Model, entry: FulfilmentEntry, version: int | None, reason: str
) -> FulfilmentEntry:
    """Send a submitted entry back with ``reason`` (required); the supplier may correct it."""
    current = locked_entry(entry.pk)
    _decide(current, actor, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, code="required")})
    current.status = EntryStatus.REJECTED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.rejection_reason = reason
    current.version += 1
    save_entry(current, actor, "rejected")
    return finish(current, actor)


def submit_drafts(*, actor: Model, entries: list[FulfilmentEntry]) -> int:
    """Submit these drafts in the caller's transaction (a period report); returns how many."""
    count = 0
    for entry in entries:
        current = locked_entry(entry.pk)
        if current.status != EntryStatus.DRAFT:
            continue
        _submit(current, actor)
        count += 1
    return count
