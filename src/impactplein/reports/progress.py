"""The progress report of the partnership for a meeting or a period: one object that the page, the
PDF and the workbook all read, so they cannot show different numbers.

- The period of a meeting runs from the day after the previous meeting (of the same
  partnership, not cancelled) up to and including the meeting's own day; the first meeting's period
  starts on 1 January of the partnership's first year.
- KPIs: per objective, the year of the period's end, as ``programme.selectors.kpis.kpi_table``
  gives it (the KPI pages and the KPI export read the same function), with the quarters that had
  begun by the period's end; the year's value is ``kpi_value`` from 1 January to the period's end,
  so a past meeting's report keeps the number of that day (for a period up to today it is the
  number the KPI page shows).
- Activities: per objective, the programme of the period's end year with its roll-up
  (``programme.selectors.objective_progress``: Σ(weight × progress) / Σ(weight)).
- Decisions taken at meetings within the period; the actions still open of meetings up to the
  period's end (overdue relative to that day).
- Budget: every year the period touches that has a budget (``programme.selectors.budget_figures``).
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from impactplein.programme import selectors
from impactplein.programme.models import (
    Decision,
    Meeting,
    MeetingStatus,
    Partnership,
)
from impactplein.programme.selectors import kpis as kpi_selectors
from impactplein.programme.selectors import meetings as meeting_selectors


class PeriodError(ValueError):
    """The period asked for cannot be reported on."""


@dataclass(frozen=True)
class ProgressReport:
    partnership: Partnership
    meeting: Meeting | None
    start: date
    end: date
    kpi_year: int
    kpis: list[kpi_selectors.ObjectiveKpis]
    programme_year: int | None
    activities: list[selectors.ObjectiveProgress]
    decisions: list[Decision]
    open_actions: list[meeting_selectors.OpenAction]
    budgets: list[selectors.BudgetFigures] = field(default_factory=list)

    @property
    def kpi_count(self) -> int:
        return sum(len(group.rows) for group in self.kpis)

    @property
    def activity_count(self) -> int:
        return sum(len(group.activities) for group in self.activities)


def meeting_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def meetings_for_choice(*, partnership: Partnership) -> QuerySet[Meeting]:
    """The meetings a report can be made for: not cancelled, latest first."""
    return partnership.meetings.exclude(status=MeetingStatus.CANCELLED).order_by(
        "-starts_at", "-pk"
    )


def meeting_period(meeting: Meeting) -> tuple[date, date]:
    """From the day after the previous (not cancelled) meeting up to the meeting's day."""
    previous = (
        Meeting.objects.filter(
            partnership_id=meeting.partnership_id, starts_at__lt=meeting.starts_at
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )
    end = meeting_day(meeting)
    if previous is None:
        return date(meeting.partnership.start_year, 1, 1), end
    return meeting_day(previous) + timedelta(days=1), end


def _as_of(group: kpi_selectors.ObjectiveKpis, end: date) -> kpi_selectors.ObjectiveKpis:
    """The year's value as it stood on ``end``: a value entered after a meeting is not in that
    meeting's report. Up to today this is the number the KPI pages show."""
    rows = []
    for series in group.rows:
        whole = series.total.period
        if whole.start > end:
            rows.append(series)
            continue
        period = kpi_selectors.Period(whole.year, None, whole.start, end)
        point = kpi_selectors.KpiPoint(
            whole, kpi_selectors.kpi_value(series.definition, period.start, period.end)
        )
        rows.append(replace(series, total=point))
    return kpi_selectors.ObjectiveKpis(group.objective, rows)


def progress_report(
    *,
    partnership: Partnership,
    meeting: Meeting | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> ProgressReport:
    if meeting is not None:
        start, end = meeting_period(meeting)
    else:
        if period_start is None or period_end is None:
            raise PeriodError("a meeting or both ends of the period are needed")
        if period_end < period_start:
            raise PeriodError("the period ends before it starts")
        start, end = period_start, period_end

    year = min(max(end.year, partnership.start_year), partnership.end_year)
    kpis = kpi_selectors.kpi_table(partnership=partnership, year=year, today=end)
    if end < date(year, 12, 31):
        kpis = [_as_of(group, end) for group in kpis]

    programme = selectors.programme_for_year(partnership=partnership, year=end.year)
    activities = selectors.objective_progress(programme=programme) if programme else []

    decisions = list(
        Decision.objects.filter(meeting__partnership=partnership)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting", "created_activity", "changed_activity")
        .order_by("meeting__starts_at", "pk")
    )
    decisions = [d for d in decisions if start <= meeting_day(d.meeting) <= end]

    actions = [
        row
        for row in meeting_selectors.open_actions(partnership=partnership, today=end)
        if meeting_day(row.action.meeting) <= end
    ]

    budgets_by_year = {budget.year: budget for budget in partnership.budgets.all()}
    budgets = [
        selectors.budget_figures(budget=budgets_by_year[y])
        for y in range(start.year, end.year + 1)
        if y in budgets_by_year
    ]
    return ProgressReport(
        partnership=partnership,
        meeting=meeting,
        start=start,
        end=end,
        kpi_year=year,
        kpis=kpis,
        programme_year=programme.year if programme else None,
        activities=activities,
        decisions=decisions,
        open_actions=actions,
        budgets=budgets,
    )
