"""The overlegtafel's meetings: plan them with an agenda, record attendance, minutes, decisions
and actions, close actions. A decision that creates or changes an activity does so through the
programme's own services, so the activity keeps its rules, its version and its history."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.programme.models import (
    ActionItem,
    ActionProgramme,
    ActionStatus,
    Activity,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingFeedToken,
    Partner,
    Partnership,
)
from impactplein.programme.services.programmes import activity_create, activity_update

MEETING_FIELDS: tuple[str, ...] = (
    "number",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "status",
    "minutes",
)
AGENDA_FIELDS: tuple[str, ...] = ("order", "title", "description", "objective", "activity", "kpi")
# What a decision may change on an existing activity.
DECISION_CHANGE_FIELDS: tuple[str, ...] = ("status", "progress", "planned_start", "planned_end")


class StaleMeetingError(Exception):
    """The meeting was saved by someone else since the form was opened; nothing was saved."""

    def __init__(self, current: Meeting) -> None:
        super().__init__(f"Meeting {current.pk} is at version {current.version}")
        self.current = current


class StaleActionError(Exception):
    def __init__(self, current: ActionItem) -> None:
        super().__init__(f"Action {current.pk} is at version {current.version}")
        self.current = current


def _check_names(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not an editable field: {', '.join(sorted(unknown))}")


def _strip(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _same_partnership(partnership_id: int, agenda: list[dict[str, Any]]) -> None:
    for row in agenda:
        objective, activity, kpi = row.get("objective"), row.get("activity"), row.get("kpi")
        if kpi is not None and kpi.objective.partnership_id != partnership_id:
            raise ValidationError({"agenda": _("Deze KPI hoort niet bij deze samenwerking.")})
        if objective is not None and objective.partnership_id != partnership_id:
            raise ValidationError({"agenda": _("Dit doel hoort niet bij deze samenwerking.")})
        if activity is not None and activity.programme.partnership_id != partnership_id:
            raise ValidationError(
                {"agenda": _("Deze activiteit hoort niet bij deze samenwerking.")}
            )


def _save_agenda(meeting: Meeting, agenda: list[dict[str, Any]]) -> None:
    """Rows with ``pk`` change that item (or delete it with ``delete``); rows without add one."""
    _same_partnership(meeting.partnership_id, agenda)
    existing = {item.pk: item for item in meeting.agenda.all()}
    for row in agenda:
        row = dict(row)
        pk, delete = row.pop("pk", None), row.pop("delete", False)
        _check_names(row, AGENDA_FIELDS)
        if pk is not None:
            item = existing.get(pk)
            if item is None:
                raise ValidationError({"agenda": _("Dit agendapunt hoort niet bij dit overleg.")})
            if delete:
                item.delete()
                continue
            for name, value in _strip(row).items():
                setattr(item, name, value)
        elif delete:
            continue
        else:
            item = AgendaItem(meeting=meeting, **_strip(row))
        item.full_clean()
        item.save()


def _next_number(partnership: Partnership) -> int:
    highest = partnership.meetings.aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def _number_free(meeting: Meeting) -> None:
    taken = Meeting.objects.filter(partnership_id=meeting.partnership_id, number=meeting.number)
    if meeting.pk:
        taken = taken.exclude(pk=meeting.pk)
    if taken.exists():
        raise ValidationError(
            {"number": _("Er is al een overleg met nummer %(n)s.") % {"n": meeting.number}}
        )


@transaction.atomic
def meeting_create(
    *,
    actor: Model | None,
    partnership: Partnership,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    agenda: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Meeting:
    """Plan a meeting with its agenda; its number is the next free one unless given."""
    _check_names(fields, MEETING_FIELDS)
    values = _strip(fields)
    if not values.get("number"):
        values["number"] = _next_number(partnership)
    meeting = Meeting(
        partnership=partnership, title=title.strip(), starts_at=starts_at, ends_at=ends_at, **values
    )
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    _number_free(meeting)
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save()
    _save_agenda(meeting, agenda or [])
    return meeting


def _locked(meeting: Meeting, expected_version: int) -> Meeting:
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.version != expected_version:
        raise StaleMeetingError(current)
    return current


def _bump(current: Meeting, actor: Model | None) -> Meeting:
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


@transaction.atomic
def meeting_update(
    *,
    actor: Model | None,
    meeting: Meeting,
    expected_version: int,
    agenda: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Meeting:
    """Change a meeting (and its agenda) unless someone saved it since ``expected_version``."""
    _check_names(fields, MEETING_FIELDS)
    if "number" in fields and not fields["number"]:
        del fields["number"]  # left empty: the meeting keeps its number
    current = _locked(meeting, expected_version)
    for name, value in _strip(fields).items():
        setattr(current, name, value)
    current.full_clean(validate_unique=False, validate_constraints=False)
    _number_free(current)
    if agenda is not None:
        _save_agenda(current, agenda)
    return _bump(current, actor)


@transaction.atomic
def attendance_record(
    *,
    actor: Model | None,
    meeting: Meeting,
    expected_version: int,
    rows: list[tuple[Partner, str, str]],
) -> Meeting:
    """Who was there: per partner a status and, as free text, the name(s) of who came."""
    current = _locked(meeting, expected_version)
    for partner, status, attendee in rows:
        if partner.partnership_id != current.partnership_id:
            raise ValidationError(_("Deze partner hoort niet bij deze samenwerking."))
        record = Attendance.objects.filter(meeting=current, partner=partner).first() or (
            Attendance(meeting=current, partner=partner)
        )
        record.status = status
        record.attendee = attendee.strip()
        record.full_clean(validate_unique=False, validate_constraints=False)
        record.save()
    return _bump(current, actor)


def _agenda_item_of(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Dit agendapunt hoort niet bij dit overleg.")})


@transaction.atomic
def decision_add(
    *,
    actor: Model | None,
    meeting: Meeting,
    text: str,
    agenda_item: AgendaItem | None = None,
    create_in: ActionProgramme | None = None,
    new_activity: dict[str, Any] | None = None,
    change: Activity | None = None,
    change_version: int | None = None,
    changes: dict[str, Any] | None = None,
) -> Decision:
    """Record a decision; it may create an activity in ``create_in`` (with ``new_activity``'s
    fields) or change ``change`` (``changes``: status, progress, planned dates), both through the
    programme's services. Either all of it is saved or nothing."""
    _agenda_item_of(meeting, agenda_item)
    if not text.strip():
        raise ValidationError({"text": _("Beschrijf het besluit.")})
    decision = Decision(meeting=meeting, agenda_item=agenda_item, text=text.strip())
    if create_in is not None:
        if create_in.partnership_id != meeting.partnership_id:
            raise ValidationError({"create_in": _("Dit programma hoort niet bij dit overleg.")})
        decision.created_activity = activity_create(
            actor=actor, programme=create_in, **(new_activity or {})
        )
    if change is not None:
        if change.programme.partnership_id != meeting.partnership_id:
            raise ValidationError({"change": _("Deze activiteit hoort niet bij dit overleg.")})
        wanted = {k: v for k, v in (changes or {}).items() if v not in (None, "")}
        _check_names(wanted, DECISION_CHANGE_FIELDS)
        if not wanted:
            raise ValidationError({"change": _("Kies wat er aan de activiteit verandert.")})
        before = {name: getattr(change, name) for name in wanted}
        updated = activity_update(
            actor=actor,
            activity=change,
            expected_version=change.version if change_version is None else change_version,
            **wanted,
        )
        decision.changed_activity = updated
        decision.change_summary = "; ".join(
            f"{name}: {before[name]} → {getattr(updated, name)}"
            for name in wanted
            if before[name] != getattr(updated, name)
        )
    decision.full_clean()
    decision._history_user = actor  # type: ignore[attr-defined]
    decision.save()
    return decision


@transaction.atomic
def action_add(
    *,
    actor: Model | None,
    meeting: Meeting,
    description: str,
    owner_partner: Partner,
    due_date: date,
    owner_person: str = "",
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    """An action agreed at ``meeting``; it stays on the open list until it is closed."""
    _agenda_item_of(meeting, agenda_item)
    if owner_partner.partnership_id != meeting.partnership_id:
        raise ValidationError({"owner_partner": _("Deze partner hoort niet bij dit overleg.")})
    action = ActionItem(
        meeting=meeting,
        agenda_item=agenda_item,
        description=description.strip(),
        owner_partner=owner_partner,
        owner_person=owner_person.strip(),
        due_date=due_date,
    )
    action.full_clean()
    action._history_user = actor  # type: ignore[attr-defined]
    action.save()
    return action


@transaction.atomic
def action_close(
    *,
    actor: Model | None,
    action: ActionItem,
    expected_version: int,
    on: date | None = None,
) -> ActionItem:
    """Close an open action, unless it changed since ``expected_version`` or is closed."""
    current = ActionItem.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise StaleActionError(current)
    if current.status == ActionStatus.DONE:
        raise ValidationError(_("Dit actiepunt is al afgerond."))
    current.status = ActionStatus.DONE
    current.done_on = on or timezone.localdate()
    current.done_by = actor  # type: ignore[assignment]
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


def feed_token_for(*, user: Model) -> MeetingFeedToken:
    """The user's calendar key, made on first use."""
    token, _created = MeetingFeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def feed_token_renew(*, user: Model) -> MeetingFeedToken:
    """A new key for the user; the old address stops working at once."""
    MeetingFeedToken.objects.filter(user=user).delete()
    return MeetingFeedToken.objects.create(user=user)
