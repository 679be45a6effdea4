"""The yearly "is this still right?" question for published profiles."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.directory.constants import (
    ProfileStatus,
)
from impactplein.directory.joining.common import (
    CONFIRMATION_INTERVAL,
    _mail,
    _site_url,
    members_of,
)
from impactplein.directory.models import (
    ImpactProfile,
)


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
