"""Reads of the overlegtafel's meetings and their open actions."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet

from impactplein.programme.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingFeedToken,
    Partnership,
)


def meetings_upcoming(*, partnership: Partnership, now: datetime) -> QuerySet[Meeting]:
    """Meetings that have not ended yet, soonest first."""
    return partnership.meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")


def meetings_past(*, partnership: Partnership, now: datetime) -> QuerySet[Meeting]:
    """Meetings that have ended, latest first."""
    return partnership.meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


def meeting_get(*, pk: int) -> Meeting:
    """One meeting with its agenda, attendance, decisions and actions; ``DoesNotExist`` else."""
    return (
        Meeting.objects.select_related("partnership")
        .prefetch_related(
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.select_related(
                    "objective", "activity__programme", "kpi__objective"
                ).order_by("order", "pk"),
            ),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("partner").order_by(
                    "partner__order", "partner__short_name"
                ),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "agenda_item", "created_activity__programme", "changed_activity__programme"
                ).order_by("pk"),
            ),
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related("owner_partner", "agenda_item").order_by(
                    "due_date", "pk"
                ),
            ),
        )
        .get(pk=pk)
    )


def action_get(*, pk: int) -> ActionItem:
    return ActionItem.objects.select_related(
        "meeting__partnership", "owner_partner__organisation"
    ).get(pk=pk)


@dataclass(frozen=True)
class OpenAction:
    action: ActionItem
    overdue: bool


def open_actions(
    *, partnership: Partnership, today: date, partner_id: int | None = None
) -> list[OpenAction]:
    """Every open action of the partnership's meetings: overdue ones first, then by due date."""
    actions = ActionItem.objects.filter(
        meeting__partnership=partnership, status=ActionStatus.OPEN
    ).select_related("meeting", "owner_partner", "agenda_item")
    if partner_id is not None:
        actions = actions.filter(owner_partner_id=partner_id)
    rows = [OpenAction(action, action.due_date < today) for action in actions]
    rows.sort(key=lambda row: (not row.overdue, row.action.due_date, row.action.pk))
    return rows


def meetings_for_feed(*, partnership: Partnership) -> QuerySet[Meeting]:
    return partnership.meetings.order_by("starts_at", "pk")


def feed_token_user_id(*, token: str) -> int | None:
    """The user whose calendar key this is, if it still exists."""
    if not token:
        return None
    return (
        MeetingFeedToken.objects.filter(token=token, user__is_active=True)
        .values_list("user_id", flat=True)
        .first()
    )


def feed_token_of(*, user_id: int) -> MeetingFeedToken | None:
    return MeetingFeedToken.objects.filter(user_id=user_id).first()
