"""The budget of the letter: EUR 150,000 a year, covered for two years by three sources with a
surplus of EUR 5,000; the funding is re-evaluated after the second year.

Figures come from the selectors: committed − budget is the surplus, received − spent the cash in
hand; the multi-year view flags the third year as the first after the re-evaluation. Evidence is
checked by content and kept privately.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from impactplein.programme import selectors, services
from impactplein.programme.constants import BudgetCategory, FundingKind
from impactplein.programme.models import Expenditure
from tests.programme.factories import setup

pytestmark = pytest.mark.django_db

LETTER_FUNDING = (
    (FundingKind.BUSINESS, "Bijdrage bedrijfsleven", Decimal("50000")),
    (FundingKind.LABOUR_MARKET, "Middelen arbeidsmarktbeleid", Decimal("30000")),
    (FundingKind.PARTICIPATION, "Participatiemiddelen", Decimal("75000")),
)


def letter_budget(partnership, year: int):  # type: ignore[no-untyped-def]
    budget = services.budget_create(actor=None, partnership=partnership, year=year)
    services.budget_line_add(
        actor=None,
        budget=budget,
        category=BudgetCategory.STAFF,
        description="Uitvoering Stichting MBO Dordrecht",
        amount=Decimal("110000"),
    )
    services.budget_line_add(
        actor=None,
        budget=budget,
        category=BudgetCategory.ACTIVITIES,
        description="Bijeenkomsten",
        amount=Decimal("40000"),
    )
    for kind, name, amount in LETTER_FUNDING:
        services.funding_source_add(
            actor=None, budget=budget, kind=kind, name=name, committed=amount
        )
    return budget


def test_the_letters_budget_leaves_a_surplus_of_5000() -> None:
    made = setup()
    figures = selectors.budget_figures(budget=letter_budget(made.partnership, 2026))
    assert figures.budgeted == Decimal("150000.00")
    assert figures.committed == Decimal("155000.00")
    assert figures.surplus == Decimal("5000.00")
    assert all(isinstance(v, Decimal) for v in (figures.budgeted, figures.surplus))


def test_cash_is_received_minus_spent() -> None:
    made = setup()
    budget = letter_budget(made.partnership, 2026)
    source = budget.funding.get(kind=FundingKind.BUSINESS)
    services.funding_source_update(
        actor=None, source=source, committed=source.committed, received=Decimal("25000")
    )
    services.expenditure_add(
        actor=None,
        budget=budget,
        date=date(2026, 3, 1),
        category=BudgetCategory.ACTIVITIES,
        description="Zaalhuur startbijeenkomst",
        amount=Decimal("1250.50"),
    )
    figures = selectors.budget_figures(budget=budget)
    assert (figures.received, figures.spent, figures.cash) == (
        Decimal("25000.00"),
        Decimal("1250.50"),
        Decimal("23749.50"),
    )
    activities = next(c for c in figures.categories if c.category == BudgetCategory.ACTIVITIES)
    assert activities.remaining == Decimal("38749.50")


def test_the_multi_year_view_flags_the_reevaluation_in_year_three() -> None:
    made = setup()
    letter_budget(made.partnership, 2026)
    letter_budget(made.partnership, 2027)
    overview = selectors.multi_year(partnership=made.partnership)

    assert [y.year for y in overview.years] == [2026, 2027, 2028, 2029, 2030]
    assert [y.is_reevaluation_year for y in overview.years] == [False, False, True, False, False]
    assert [y.funding_secured for y in overview.years] == [True, True, False, False, False]
    assert overview.years[2].figures is None
    assert overview.totals.surplus == Decimal("10000.00")


def test_a_budget_outside_the_period_or_twice_is_refused() -> None:
    made = setup()
    letter_budget(made.partnership, 2026)
    with pytest.raises(ValidationError, match="al een begroting"):
        services.budget_create(actor=None, partnership=made.partnership, year=2026)
    with pytest.raises(ValidationError, match="buiten de looptijd"):
        services.budget_create(actor=None, partnership=made.partnership, year=2031)


def test_evidence_is_checked_by_content_and_stored_privately(settings) -> None:  # type: ignore[no-untyped-def]
    made = setup()
    budget = letter_budget(made.partnership, 2026)
    fake = SimpleUploadedFile("factuur.pdf", b"MZ this is a program")
    with pytest.raises(ValidationError, match="PDF-, PNG- of JPEG"):
        services.expenditure_add(
            actor=None,
            budget=budget,
            date=date(2026, 3, 1),
            category=BudgetCategory.OTHER,
            description="Iets",
            amount=Decimal("10"),
            evidence=fake,
        )
    assert not Expenditure.objects.exists()
    real = SimpleUploadedFile("factuur.pdf", b"%PDF-1.4 test")
    spent = services.expenditure_add(
        actor=None,
        budget=budget,
        date=date(2026, 3, 1),
        category=BudgetCategory.OTHER,
        description="Iets",
        amount=Decimal("10"),
        evidence=real,
    )
    assert spent.evidence.name.startswith("programme/evidence/")
    assert spent.evidence.name.endswith(".pdf")
    assert str(settings.PRIVATE_MEDIA_ROOT) in spent.evidence.path
    assert spent.evidence_name == "factuur.pdf"


def test_an_expense_outside_the_budget_year_is_refused() -> None:
    made = setup()
    budget = letter_budget(made.partnership, 2026)
    with pytest.raises(ValidationError, match="niet in 2026"):
        services.expenditure_add(
            actor=None,
            budget=budget,
            date=date(2027, 1, 2),
            category=BudgetCategory.OTHER,
            description="Iets",
            amount=Decimal("10"),
        )
    assert not Expenditure.objects.exists()
