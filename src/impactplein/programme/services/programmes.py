"""Yearly action programmes and their activities: drafting, copying, adopting, updating."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core.history import record_written
from impactplein.programme.constants import OPEN_STATUSES, ActivityStatus, ProgrammeStatus
from impactplein.programme.models import ActionProgramme, Activity, Partnership, TimelineEntry

# What the coordinator may set on an activity, in the order of forms and the export.
ACTIVITY_FIELDS: tuple[str, ...] = (
    "objective",
    "partner",
    "title",
    "description",
    "planned_start",
    "planned_end",
    "status",
    "progress",
    "weight",
)
# What a member of the activity's partner may set (besides adding timeline entries).
PROGRESS_FIELDS: tuple[str, ...] = ("status", "progress")


class StaleActivityError(Exception):
    """The edit was made on an older version of the activity; nothing was saved."""

    def __init__(self, current: Activity) -> None:
        super().__init__(f"Activity {current.pk} is at version {current.version}")
        self.current = current


class StaleProgrammeError(Exception):
    def __init__(self, current: ActionProgramme) -> None:
        super().__init__(f"Programme {current.pk} is at version {current.version}")
        self.current = current


def _in_period(partnership: Partnership, year: int) -> None:
    if year not in partnership.years:
        raise ValidationError(
            {
                "year": _(
                    "%(year)s valt buiten de looptijd van de samenwerking (%(start)s–%(end)s)."
                )
                % {"year": year, "start": partnership.start_year, "end": partnership.end_year}
            }
        )


def _year_taken(partnership: Partnership, year: int) -> None:
    if ActionProgramme.objects.filter(partnership=partnership, year=year).exists():
        raise ValidationError(
            {"year": _("Er is al een actieprogramma voor %(year)s.") % {"year": year}}
        )


@transaction.atomic
def programme_create(
    *, actor: Model | None, partnership: Partnership, year: int, introduction: str = ""
) -> ActionProgramme:
    """An empty draft programme for ``year`` (the first year starts this way)."""
    _in_period(partnership, year)
    _year_taken(partnership, year)
    programme = ActionProgramme(partnership=partnership, year=year, introduction=introduction)
    programme.full_clean()
    programme._history_user = actor  # type: ignore[attr-defined]
    programme.save()
    return programme


def _carried_dates(activity: Activity, year: int) -> tuple[date | None, date | None]:
    """Last year's planning as far as it still lies ahead: nothing before 1 January of ``year``."""
    first = date(year, 1, 1)
    end = activity.planned_end if activity.planned_end and activity.planned_end >= first else None
    start = activity.planned_start
    if start is not None and start < first:
        start = first
    if start is not None and end is not None and end < start:
        start = None
    return start, end


@transaction.atomic
def programme_for_next_year(
    *,
    actor: Model | None,
    partnership: Partnership,
    year: int,
    leave_out_objective_ids: frozenset[int] = frozenset(),
) -> ActionProgramme:
    """Draft the programme of ``year`` with the open activities of the year before.

    An activity is open while it is planned, running or postponed; done and stopped activities
    stay behind, and so do those of the objectives in ``leave_out_objective_ids`` (the yearly
    evaluation decided to stop them). Each copy keeps its objective, partner, texts, progress
    and weight, links to the activity it continues (``continues``), and starts as running when
    it was running, else as planned. Refused when ``year`` lies outside the partnership or
    already has a programme, or when the year before has none.
    """
    _in_period(partnership, year)
    _year_taken(partnership, year)
    previous = ActionProgramme.objects.filter(partnership=partnership, year=year - 1).first()
    if previous is None:
        raise ValidationError(
            {
                "year": _("Er is geen actieprogramma voor %(year)s om op voort te bouwen.")
                % {"year": year - 1}
            }
        )
    programme = programme_create(actor=actor, partnership=partnership, year=year)
    carried = previous.activities.filter(status__in=OPEN_STATUSES).exclude(
        objective_id__in=leave_out_objective_ids
    )
    for old in carried.order_by("pk"):
        start, end = _carried_dates(old, year)
        copy = Activity(
            programme=programme,
            objective_id=old.objective_id,
            partner_id=old.partner_id,
            title=old.title,
            description=old.description,
            planned_start=start,
            planned_end=end,
            status=(
                ActivityStatus.RUNNING
                if old.status == ActivityStatus.RUNNING
                else ActivityStatus.PLANNED
            ),
            progress=old.progress,
            weight=old.weight,
            continues=old,
        )
        copy._history_user = actor  # type: ignore[attr-defined]
        copy.save()
    return programme


@transaction.atomic
def programme_adopt(
    *,
    actor: Model | None,
    programme: ActionProgramme,
    expected_version: int,
    on: date | None = None,
) -> ActionProgramme:
    """Record that the overlegtafel adopted the draft (once; it needs at least one activity)."""
    current = ActionProgramme.objects.select_for_update().get(pk=programme.pk)
    if current.version != expected_version:
        raise StaleProgrammeError(current)
    if current.status == ProgrammeStatus.ADOPTED:
        raise ValidationError(_("Dit actieprogramma is al vastgesteld."))
    if not current.activities.exists():
        raise ValidationError(
            _("Een actieprogramma zonder activiteiten kan niet worden vastgesteld.")
        )
    current.status = ProgrammeStatus.ADOPTED
    current.adopted_on = on or timezone.localdate()
    current.adopted_by = actor  # type: ignore[assignment]
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


def _check_names(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not an editable activity field: {', '.join(sorted(unknown))}")


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    for name in ("title", "description"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    return values


@transaction.atomic
def activity_create(*, actor: Model | None, programme: ActionProgramme, **fields: Any) -> Activity:
    """Add an activity to ``programme``; raises ``ValidationError`` per field."""
    _check_names(fields, ACTIVITY_FIELDS)
    activity = Activity(programme=programme, **_clean_text(fields))
    activity.full_clean()
    activity._history_user = actor  # type: ignore[attr-defined]
    activity.save()
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: Model | None,
    activity: Activity,
    expected_version: int,
    allowed: tuple[str, ...] = ACTIVITY_FIELDS,
    **fields: Any,
) -> Activity:
    """Change an activity, but only if nobody saved it since ``expected_version``.

    ``allowed`` narrows what this caller may change (a partner's member: ``PROGRESS_FIELDS``).
    One guarded ``UPDATE ... WHERE version = expected_version`` writes and raises the version, so
    of two concurrent saves exactly one wins; the other gets :class:`StaleActivityError` with the
    current activity and nothing of it is written. Nothing changed: nothing written.
    """
    _check_names(fields, allowed)
    current = Activity.objects.select_related("programme", "objective", "partner").get(
        pk=activity.pk
    )
    if current.version != expected_version:
        raise StaleActivityError(current)
    values = _clean_text(fields)
    changed = {name: value for name, value in values.items() if getattr(current, name) != value}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean()
    now = timezone.now()
    written = Activity.objects.filter(pk=current.pk, version=expected_version).update(
        **changed, version=expected_version + 1, updated_at=now
    )
    if written != 1:
        raise StaleActivityError(Activity.objects.get(pk=current.pk))
    current.version = expected_version + 1
    current.updated_at = now
    # ``update()`` bypasses the history signals, so the historical row is written here.
    record_written([current], actor=actor, when=now, update=True)
    return current


@transaction.atomic
def timeline_entry_add(
    *,
    actor: Model | None,
    activity: Activity,
    date: date,
    title: str,
    description: str = "",
) -> TimelineEntry:
    """Add a dated entry to the activity's timeline, written by ``actor``."""
    entry = TimelineEntry(
        activity=activity,
        date=date,
        title=title.strip(),
        description=description.strip(),
        author=actor,
    )
    entry.full_clean()
    entry.save()
    return entry
