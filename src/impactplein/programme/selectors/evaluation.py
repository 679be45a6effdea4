"""What a year's evaluation shows per objective: progress, KPIs against targets, the decision.

An open evaluation reads the figures live, from the same functions as the programme and KPI
pages (``objective_progress``, ``kpi_table``), so they agree; a closed one reads the figures kept
on the day it closed.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from impactplein.programme.constants import OPEN_STATUSES
from impactplein.programme.models import (
    ActionProgramme,
    EvaluationDecision,
    EvaluationStatus,
    Objective,
    ObjectiveEvaluation,
    Partnership,
    YearEvaluation,
)
from impactplein.programme.selectors import objective_progress
from impactplein.programme.selectors.kpis import KpiSeries, kpi_table


@dataclass(frozen=True)
class KpiResult:
    name: str
    unit: str
    direction: str
    computed: bool
    value: Decimal | None
    target: Decimal | None
    met: bool | None
    definition_id: int | None


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    row: ObjectiveEvaluation | None
    progress: Decimal | None
    activities: int
    open_activities: int  # carried into next year's draft unless the objective stops
    kpis: list[KpiResult] = field(default_factory=list)

    @property
    def decision(self) -> str:
        return self.row.decision if self.row else ""

    @property
    def kpis_met(self) -> int:
        return sum(1 for kpi in self.kpis if kpi.met is True)

    @property
    def kpis_with_target(self) -> int:
        return sum(1 for kpi in self.kpis if kpi.met is not None)


@dataclass(frozen=True)
class EvaluationResults:
    programme: ActionProgramme
    evaluation: YearEvaluation | None
    objectives: list[ObjectiveResult]

    @property
    def live(self) -> bool:
        """Figures read from today's data rather than kept at closing."""
        return self.evaluation is None or not self.evaluation.is_closed

    @property
    def undecided(self) -> list[Objective]:
        return [result.objective for result in self.objectives if not result.decision]

    @property
    def carried_activities(self) -> int:
        """How many open activities closing would carry into next year's draft."""
        return sum(
            result.open_activities
            for result in self.objectives
            if result.decision != EvaluationDecision.STOP
        )


def evaluation_of(*, programme: ActionProgramme) -> YearEvaluation | None:
    return (
        YearEvaluation.objects.select_related("programme", "closed_by", "next_programme")
        .filter(programme=programme)
        .first()
    )


def evaluation_results(
    *, programme: ActionProgramme, evaluation: YearEvaluation | None, today: date | None = None
) -> EvaluationResults:
    """Per objective of the partnership its results in ``programme``'s year and its row."""
    rows: dict[int, ObjectiveEvaluation] = {}
    if evaluation is not None:
        rows = {
            row.objective_id: row
            for row in evaluation.objectives.select_related("updated_by").prefetch_related("kpis")
        }
    progress = {item.objective.pk: item for item in objective_progress(programme=programme)}
    closed = evaluation is not None and evaluation.is_closed
    # A closed evaluation reads its kept figures; today's KPI values are only computed for what
    # it did not keep (an objective added after it closed) or while it is open.
    live: dict[int, list[KpiSeries]] = {}
    if not closed or any(pk not in rows for pk in progress):
        table = kpi_table(partnership=programme.partnership, year=programme.year, today=today)
        live = {group.objective.pk: group.rows for group in table}
    results = []
    for item in progress.values():
        objective = item.objective
        row = rows.get(objective.pk)
        statuses = Counter(activity.status for activity in progress[objective.pk].activities)
        if closed and row is not None:
            kpis = [
                KpiResult(
                    k.name,
                    k.unit,
                    k.direction,
                    k.computed,
                    k.value,
                    k.target,
                    k.met,
                    k.definition_id,
                )
                for k in row.kpis.all()
            ]
            percentage = row.progress
        else:
            kpis = [
                KpiResult(
                    series.definition.name,
                    series.definition.unit,
                    series.definition.direction,
                    series.definition.is_computed,
                    series.total.value,
                    series.target,
                    series.met,
                    series.definition.pk,
                )
                for series in live[objective.pk]
            ]
            percentage = progress[objective.pk].percentage
        results.append(
            ObjectiveResult(
                objective=objective,
                row=row,
                progress=percentage,
                activities=sum(statuses.values()),
                open_activities=sum(statuses[status] for status in OPEN_STATUSES),
                kpis=kpis,
            )
        )
    return EvaluationResults(programme=programme, evaluation=evaluation, objectives=results)


def closed_evaluations(*, partnership: Partnership) -> list[YearEvaluation]:
    """The closed evaluations of ``partnership`` by year, with their objectives' rows."""
    return list(
        YearEvaluation.objects.filter(
            programme__partnership=partnership, status=EvaluationStatus.CLOSED
        )
        .select_related("programme")
        .prefetch_related("objectives__objective")
        .order_by("programme__year")
    )
