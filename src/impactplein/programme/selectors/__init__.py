"""Reads of the programme that pages, exports and (later) reports and the monitor share."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from impactplein.programme import rollup
from impactplein.programme.constants import BudgetCategory
from impactplein.programme.models import (
    ActionProgramme,
    Activity,
    Budget,
    Expenditure,
    Objective,
    Partner,
    Partnership,
    TeamMember,
)

ZERO = Decimal("0.00")


# --- partnership ---------------------------------------------------------------------------------


def partnership_current() -> Partnership | None:
    """The partnership the pages show: the one that started last."""
    return Partnership.objects.order_by("-start_year", "-pk").first()


def partners_of(*, partnership: Partnership) -> QuerySet[Partner]:
    return partnership.partners.select_related("organisation").order_by("order", "short_name")


def objectives_of(*, partnership: Partnership) -> QuerySet[Objective]:
    return partnership.objectives.prefetch_related(
        Prefetch("owners", queryset=Partner.objects.order_by("order", "short_name"))
    ).order_by("order", "code")


def team_of(*, partnership: Partnership) -> QuerySet[TeamMember]:
    return partnership.team.select_related("partner", "user").order_by("order", "pk")


def partner_organisation_ids(*, partnership_id: int) -> set[int]:
    return set(
        Partner.objects.filter(partnership_id=partnership_id).values_list(
            "organisation_id", flat=True
        )
    )


# --- programmes and activities -------------------------------------------------------------------


def programmes_of(*, partnership: Partnership) -> QuerySet[ActionProgramme]:
    return partnership.programmes.order_by("year")


def programme_get(*, partnership: Partnership, year: int) -> ActionProgramme:
    return ActionProgramme.objects.select_related("partnership").get(
        partnership=partnership, year=year
    )


def programme_for_year(*, partnership: Partnership, year: int) -> ActionProgramme | None:
    """The programme of ``year``, else the latest one before it (else the first one)."""
    programmes = partnership.programmes.order_by("-year")
    return (
        programmes.filter(year__lte=year).first() or partnership.programmes.order_by("year").first()
    )


def activities_of(*, programme: ActionProgramme) -> QuerySet[Activity]:
    return programme.activities.select_related(
        "objective", "partner", "partner__organisation", "continues__programme"
    ).order_by("objective__order", "objective__code", "title", "pk")


def activity_get(*, pk: int) -> Activity:
    return Activity.objects.select_related(
        "programme",
        "programme__partnership",
        "objective",
        "partner",
        "partner__organisation",
        "continues",
        "continues__programme",
    ).get(pk=pk)


def activity_timeline(*, activity: Activity) -> QuerySet:
    return activity.timeline.select_related("author").order_by("-date", "-pk")


@dataclass(frozen=True)
class ObjectiveProgress:
    """An objective with its activities in one programme and the roll-up, with its parts."""

    objective: Objective
    activities: list[Activity]
    roll_up: rollup.RollUp

    @property
    def percentage(self) -> Decimal | None:
        return rollup.rounded(self.roll_up.value)

    @property
    def total_weight(self) -> Decimal:
        return rollup.as_decimal(self.roll_up.total_weight)

    @property
    def weighted_sum(self) -> Decimal:
        return rollup.as_decimal(self.roll_up.weighted_sum)


def objective_progress(*, programme: ActionProgramme) -> list[ObjectiveProgress]:
    """Per objective of the partnership (also those without activities this year), the weighted
    mean progress Σ(weight × progress) / Σ(weight) of its activities in ``programme``."""
    by_objective: dict[int, list[Activity]] = {}
    for activity in activities_of(programme=programme):
        by_objective.setdefault(activity.objective_id, []).append(activity)
    result = []
    for objective in objectives_of(partnership=programme.partnership):
        activities = by_objective.get(objective.pk, [])
        result.append(
            ObjectiveProgress(
                objective=objective,
                activities=activities,
                roll_up=rollup.roll_up((a.progress, a.weight) for a in activities),
            )
        )
    return result


# --- budget --------------------------------------------------------------------------------------


def budget_get(*, partnership: Partnership, year: int) -> Budget:
    return Budget.objects.select_related("partnership").get(partnership=partnership, year=year)


def _sum(queryset: QuerySet, name: str) -> Decimal:
    value = queryset.aggregate(total=Sum(name))["total"]
    return Decimal(value).quantize(ZERO) if value is not None else ZERO


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    label: str
    budgeted: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budgeted - self.spent


@dataclass(frozen=True)
class BudgetFigures:
    """One year's money. ``surplus`` = committed funding − budget (the letter's EUR 5,000);
    ``cash`` = received − spent (what is in hand now)."""

    year: int
    budgeted: Decimal
    committed: Decimal
    received: Decimal
    spent: Decimal
    categories: list[CategoryFigures] = field(default_factory=list)

    @property
    def surplus(self) -> Decimal:
        return self.committed - self.budgeted

    @property
    def cash(self) -> Decimal:
        return self.received - self.spent

    @property
    def not_yet_received(self) -> Decimal:
        return self.committed - self.received


def budget_figures(*, budget: Budget) -> BudgetFigures:
    budgeted_by: dict[str, Decimal] = {
        row["category"]: Decimal(row["total"])
        for row in budget.lines.values("category").annotate(total=Sum("amount"))
    }
    spent_by: dict[str, Decimal] = {
        row["category"]: Decimal(row["total"])
        for row in budget.expenditure.values("category").annotate(total=Sum("amount"))
    }
    categories = [
        CategoryFigures(
            category=value,
            label=str(label),
            budgeted=budgeted_by.get(value, ZERO).quantize(ZERO),
            spent=spent_by.get(value, ZERO).quantize(ZERO),
        )
        for value, label in BudgetCategory.choices
        if value in budgeted_by or value in spent_by
    ]
    return BudgetFigures(
        year=budget.year,
        budgeted=_sum(budget.lines.all(), "amount"),
        committed=_sum(budget.funding.all(), "committed"),
        received=_sum(budget.funding.all(), "received"),
        spent=_sum(budget.expenditure.all(), "amount"),
        categories=categories,
    )


def expenditure_of(*, budget: Budget) -> QuerySet[Expenditure]:
    return budget.expenditure.select_related("entered_by").order_by("-date", "-pk")


@dataclass(frozen=True)
class YearOverview:
    """One year of the partnership in the multi-year view."""

    year: int
    figures: BudgetFigures | None  # None: no budget for that year yet
    funding_secured: bool  # inside the years the letter's funding covers
    is_reevaluation_year: bool  # the first year whose funding follows from the re-evaluation


@dataclass(frozen=True)
class MultiYear:
    partnership: Partnership
    years: list[YearOverview]

    @property
    def totals(self) -> BudgetFigures:
        present = [y.figures for y in self.years if y.figures is not None]
        return BudgetFigures(
            year=0,
            budgeted=sum((f.budgeted for f in present), ZERO),
            committed=sum((f.committed for f in present), ZERO),
            received=sum((f.received for f in present), ZERO),
            spent=sum((f.spent for f in present), ZERO),
        )


def multi_year(*, partnership: Partnership) -> MultiYear:
    """Every year of the partnership's period with its budget figures; years from the
    re-evaluation on are flagged, as their funding is decided there."""
    budgets = {budget.year: budget for budget in partnership.budgets.all()}
    years = []
    for year in partnership.years:
        budget = budgets.get(year)
        years.append(
            YearOverview(
                year=year,
                figures=budget_figures(budget=budget) if budget is not None else None,
                funding_secured=year < partnership.reevaluation_year,
                is_reevaluation_year=year == partnership.reevaluation_year,
            )
        )
    return MultiYear(partnership=partnership, years=years)
