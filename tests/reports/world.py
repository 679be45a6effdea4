"""A small partnership with two past meetings, KPIs, activities and a budget as in the letter
(budget 150,000; funding committed 155,000, so a surplus of 5,000), built through the services."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from impactplein.programme.constants import BudgetCategory, FundingKind
from impactplein.programme.models import KpiDefinition, Meeting
from impactplein.programme.services import budget as budget_services
from impactplein.programme.services import kpis as kpi_services
from impactplein.programme.services import meetings as meeting_services
from tests.programme.factories import Setup, activity, setup


@dataclass
class World:
    made: Setup
    first: Meeting
    second: Meeting
    kpi: KpiDefinition
    year: int


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build(today: date | None = None) -> World:
    today = today or timezone.localdate()
    first_day = today - timedelta(days=40)
    second_day = today - timedelta(days=3)
    made = setup(start_year=first_day.year, year=second_day.year)
    year = second_day.year
    activity(made, title="Etalage van impactondernemers", progress=60, weight=Decimal("2"))
    activity(
        made,
        title="Netwerkbijeenkomst",
        progress=30,
        objective=made.objectives["O4"],
        partner=made.partners["WSP"],
    )

    first = meeting_services.meeting_create(
        actor=None,
        partnership=made.partnership,
        title="Startoverleg",
        starts_at=_at(first_day, 15),
        ends_at=_at(first_day, 17),
        place="Stadskantoor",
    )
    second = meeting_services.meeting_create(
        actor=None,
        partnership=made.partnership,
        title="Najaarsoverleg",
        starts_at=_at(second_day, 15),
        ends_at=_at(second_day, 17),
        place="Stadskantoor",
    )
    meeting_services.decision_add(actor=None, meeting=first, text="Besluit over de etalage")
    meeting_services.decision_add(actor=None, meeting=second, text="Besluit over de begroting")
    meeting_services.action_add(
        actor=None,
        meeting=second,
        description="Werkgevers benaderen",
        owner_partner=made.partners["WSP"],
        due_date=today + timedelta(days=14),
        owner_person="Jan Actiehouder",
    )

    kpi = kpi_services.kpi_definition_create(
        actor=None,
        partnership=made.partnership,
        objective=made.objectives["O4"],
        name="Werkzoekenden geplaatst",
        unit="count",
        direction="higher",
    )
    kpi_services.kpi_target_set(actor=None, definition=kpi, year=year, value=Decimal("40"))
    kpi_services.kpi_value_add(
        actor=None, definition=kpi, date=second_day, value=Decimal("1234"), note="telling"
    )

    budget = budget_services.budget_create(actor=None, partnership=made.partnership, year=year)
    budget_services.budget_line_add(
        actor=None,
        budget=budget,
        category=BudgetCategory.STAFF,
        description="Uitvoering",
        amount=Decimal("100000"),
    )
    budget_services.budget_line_add(
        actor=None,
        budget=budget,
        category=BudgetCategory.ACTIVITIES,
        description="Activiteiten",
        amount=Decimal("50000"),
    )
    for kind, amount, received in (
        (FundingKind.BUSINESS, "50000", "50000"),
        (FundingKind.LABOUR_MARKET, "30000", "30000"),
        (FundingKind.PARTICIPATION, "75000", "0"),
    ):
        budget_services.funding_source_add(
            actor=None,
            budget=budget,
            kind=kind,
            name=str(kind.label),
            committed=Decimal(amount),
            received=Decimal(received),
        )
    budget_services.expenditure_add(
        actor=None,
        budget=budget,
        date=second_day,
        category=BudgetCategory.STAFF,
        description="Adviseur",
        amount=Decimal("60000"),
    )
    return World(made, first, second, kpi, year)


def as_dict(world: World) -> dict[str, Any]:
    return {"partnership": world.made.partnership}
