"""The numbers of the programme's KPIs: one function decides a period's value, every page,
export and report asks it.

- :func:`kpi_value` is *the* value of a KPI for a period (start and end inclusive): a computed
  KPI asks its source in ``core.kpis`` (a stock on the period's last day, a flow within the
  period); a manual KPI takes the latest value entered with a date within the period (the one
  entered last when two share that date). ``None`` when there is nothing to show.
- :func:`kpi_series` gives a year's four quarters and the year itself, each from
  :func:`kpi_value`, with the year's target and whether it is met. A quarter that has not begun
  has no value yet.
- :func:`target_met` compares direction-aware: "higher is better" is met at or above the
  target, "lower is better" at or below it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core import kpis as registry
from impactplein.programme.models import (
    KpiDefinition,
    KpiDirection,
    KpiNarrative,
    KpiTarget,
    KpiUnit,
    KpiValue,
    Objective,
    Partnership,
)

QUARTER_MONTHS = ((1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31))
PLACES = {
    KpiUnit.COUNT: Decimal("0.01"),
    KpiUnit.EURO: Decimal("0.01"),
    KpiUnit.PERCENT: Decimal("0.1"),
}


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None  # None: the whole year
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return f"Q{self.quarter} {self.year}"


def year_period(year: int) -> Period:
    return Period(year, None, date(year, 1, 1), date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    first, last, last_day = QUARTER_MONTHS[quarter - 1]
    return Period(year, quarter, date(year, first, 1), date(year, last, last_day))


def quarter_periods(year: int) -> list[Period]:
    return [quarter_period(year, quarter) for quarter in (1, 2, 3, 4)]


def target_met(value: Decimal | None, target: Decimal | None, direction: str) -> bool | None:
    """Whether ``value`` meets ``target``; ``None`` when either is missing."""
    if value is None or target is None:
        return None
    if direction == KpiDirection.LOWER:
        return value <= target
    return value >= target


def source_of(definition: KpiDefinition) -> registry.KpiSource | None:
    return registry.source(definition.source_key) if definition.source_key else None


def source_choices() -> list[tuple[str, str]]:
    """The registered sources for a form: (key, "label (app)")."""
    return [(source.key, f"{source.label} ({source.app})") for source in registry.sources()]


def _rounded(value: Decimal, unit: str) -> Decimal:
    return value.quantize(PLACES.get(unit, Decimal("0.01")), rounding=ROUND_HALF_UP)  # type: ignore[call-overload]


def kpi_value(definition: KpiDefinition, start: date, end: date) -> Decimal | None:
    """The value of ``definition`` for the period ``start``–``end`` (inclusive); see the module."""
    if definition.source_key:
        source = source_of(definition)
        if source is None:
            return None
        return _rounded(source.value(start, end), definition.unit)
    latest = (
        KpiValue.objects.filter(definition=definition, date__gte=start, date__lte=end)
        .order_by("-date", "-created_at", "-pk")
        .values_list("value", flat=True)
        .first()
    )
    return None if latest is None else _rounded(latest, definition.unit)


@dataclass(frozen=True)
class KpiPoint:
    period: Period
    value: Decimal | None


@dataclass(frozen=True)
class KpiSeries:
    definition: KpiDefinition
    year: int
    quarters: list[KpiPoint]
    total: KpiPoint  # the whole year
    target: Decimal | None

    @property
    def met(self) -> bool | None:
        return target_met(self.total.value, self.target, self.definition.direction)

    @property
    def points(self) -> list[KpiPoint]:
        return [*self.quarters, self.total]


def target_of(definition: KpiDefinition, year: int) -> Decimal | None:
    return (
        KpiTarget.objects.filter(definition=definition, year=year)
        .values_list("value", flat=True)
        .first()
    )


def kpi_series(definition: KpiDefinition, year: int, *, today: date | None = None) -> KpiSeries:
    """The four quarters and the year of ``definition`` in ``year``, with the year's target."""
    today = today or timezone.localdate()
    quarters = [
        KpiPoint(
            period,
            kpi_value(definition, period.start, period.end) if period.start <= today else None,
        )
        for period in quarter_periods(year)
    ]
    whole = year_period(year)
    total = KpiPoint(
        whole, kpi_value(definition, whole.start, whole.end) if whole.start <= today else None
    )
    return KpiSeries(definition, year, quarters, total, target_of(definition, year))


# --- lists ---------------------------------------------------------------------------------------


def kpis_of(*, partnership: Partnership) -> QuerySet[KpiDefinition]:
    return (
        KpiDefinition.objects.filter(objective__partnership=partnership)
        .select_related("objective")
        .order_by("objective__order", "objective__code", "order", "name", "pk")
    )


def kpi_get(*, pk: int) -> KpiDefinition:
    return KpiDefinition.objects.select_related("objective", "objective__partnership").get(pk=pk)


@dataclass(frozen=True)
class ObjectiveKpis:
    objective: Objective
    rows: list[KpiSeries]


def kpi_table(
    *, partnership: Partnership, year: int, today: date | None = None
) -> list[ObjectiveKpis]:
    """Per objective (also those without KPIs) its KPIs' series of ``year``: the list page and
    the export read this, so they show the same numbers."""
    by_objective: dict[int, list[KpiSeries]] = {}
    for definition in kpis_of(partnership=partnership):
        by_objective.setdefault(definition.objective_id, []).append(
            kpi_series(definition, year, today=today)
        )
    objectives = partnership.objectives.order_by("order", "code")
    return [
        ObjectiveKpis(objective, by_objective.get(objective.pk, [])) for objective in objectives
    ]


def values_of(definition: KpiDefinition) -> QuerySet[KpiValue]:
    return definition.values.select_related("entered_by").order_by("-date", "-created_at", "-pk")


def targets_of(definition: KpiDefinition) -> QuerySet[KpiTarget]:
    return definition.targets.order_by("year")


def narratives_of(definition: KpiDefinition, *, year: int | None = None) -> QuerySet[KpiNarrative]:
    narratives = definition.narratives.select_related("updated_by")
    if year is not None:
        narratives = narratives.filter(year=year)
    return narratives.order_by("-year", "quarter")


def narrative_get(
    definition: KpiDefinition, *, year: int, quarter: int | None
) -> KpiNarrative | None:
    return KpiNarrative.objects.filter(definition=definition, year=year, quarter=quarter).first()


STATUS_LABELS = {
    True: _("gehaald"),
    False: _("nog niet gehaald"),
    None: _("geen streefwaarde of waarde"),
}
