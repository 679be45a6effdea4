"""The programme's pages in a real browser: overview, a year's programme, an activity (progress
updated and a timeline entry added by keyboard), the budget pages and the bulk-update page, each
without axe-core violations; the overview in English too."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus, BudgetCategory, FundingKind
from impactplein.programme.models import Activity
from tests.browser.axe import assert_no_axe_violations
from tests.programme.factories import activity, setup


@pytest.fixture
def programme_world(transactional_db: None, settings: Any) -> Any:
    settings.STAFF_MFA_REQUIRED = False
    made = setup(start_year=date.today().year)
    made.own = activity(made, title="Etalage van impactondernemers", progress=40)  # type: ignore[attr-defined]
    activity(
        made,
        title="Werkgeversontbijt",
        objective=made.objectives["O4"],
        partner=made.partners["WSP"],
        status=ActivityStatus.RUNNING,
        progress=20,
        weight=Decimal("2"),
    )
    budget = services.budget_create(
        actor=None, partnership=made.partnership, year=made.programme.year
    )
    services.budget_line_add(
        actor=None,
        budget=budget,
        category=BudgetCategory.STAFF,
        description="Uitvoering",
        amount=Decimal("150000"),
    )
    for kind, amount in (
        (FundingKind.BUSINESS, "50000"),
        (FundingKind.LABOUR_MARKET, "30000"),
        (FundingKind.PARTICIPATION, "75000"),
    ):
        services.funding_source_add(
            actor=None, budget=budget, kind=kind, name=str(kind.label), committed=Decimal(amount)
        )
    return made


def test_programme_pages_are_accessible_and_progress_is_kept_by_keyboard(
    browser_page: Any,
    live_server: Any,
    login_in_browser: Any,
    verified_user: Any,
    programme_world: Any,
) -> None:
    made = programme_world
    user_grant_role(user=verified_user, role_slug="programme-coordinator")
    page = browser_page
    login_in_browser(page, live_server, verified_user)
    year = made.programme.year

    page.goto("/programma/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programma Ondernemen met impact")
    expect(page.get_by_text("alle partners samen")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(f"/programma/{year}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Actieprogramma {year}")
    assert_no_axe_violations(page)

    link = page.get_by_role("link", name="Etalage van impactondernemers")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Etalage van impactondernemers")
    assert_no_axe_violations(page)

    page.get_by_label("Voortgang (%)").fill("65")
    page.get_by_label("Voortgang (%)").press("Enter")
    expect(page.locator("#activity-progress")).to_have_text("65%")
    assert Activity.objects.get(pk=made.own.pk).progress == 65

    page.get_by_label("Titel").fill("Eerste tien ondernemers online")
    page.get_by_label("Beschrijving").fill("Samen met DOV geworven.")
    page.get_by_role("button", name="Bericht toevoegen").press("Enter")
    expect(page.get_by_role("heading", name="Eerste tien ondernemers online")).to_be_visible()
    assert_no_axe_violations(page)

    for url in (
        f"/programma/activiteit/{made.own.pk}/bewerken/",
        f"/programma/{year}/activiteit/nieuw/",
        f"/programma/{year}/volgend-jaar/",
        f"/programma/{year}/vaststellen/",
        f"/programma/{year}/import/",
    ):
        page.goto(url)
        assert_no_axe_violations(page)

    page.goto("/programma/begroting/")
    expect(page.locator(f"#jaar-{year + 2}")).to_contain_text("herijking na jaar 2")
    assert_no_axe_violations(page)

    page.goto(f"/programma/begroting/{year}/")
    expect(page.locator("#figure-surplus")).to_have_text("€\xa05.000,00")
    assert_no_axe_violations(page)

    page.goto(f"/programma/begroting/{year}/uitgave/")
    assert_no_axe_violations(page)

    page.goto(f"/programma/begroting/{year}/")
    page.get_by_role("link", name="Bijdrage bedrijfsleven").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bedrijfsleven bijwerken")
    assert_no_axe_violations(page)

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/programma/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme Impact Entrepreneurship")
    assert_no_axe_violations(page)
