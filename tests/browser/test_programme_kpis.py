"""The KPI pages in a real browser: the list per objective, a computed KPI's page with its chart
and data table, a manual KPI's page where the coordinator enters a value by keyboard, the
definition and narrative forms, each without axe-core violations; the list in English too."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.directory.services import profile_publish
from impactplein.programme.models import KpiUnit, KpiValue
from impactplein.programme.services import kpis as services
from tests.browser.axe import assert_no_axe_violations
from tests.directory.factories import profile
from tests.programme.factories import setup


@pytest.fixture
def kpi_world(transactional_db: None, settings: Any) -> Any:
    settings.STAFF_MFA_REQUIRED = False
    year = date.today().year
    made = setup(start_year=year - 1)
    for day in (2, 3):
        profile_publish(
            actor=None, profile=profile(), published_at=datetime(year, 1, day, 12, tzinfo=UTC)
        )
    made.computed = services.kpi_definition_create(  # type: ignore[attr-defined]
        actor=None,
        objective=made.objectives["O1"],
        name="Impactondernemers in de etalage",
        unit=KpiUnit.COUNT,
        source_key="directory.published_profiles",
    )
    services.kpi_target_set(
        actor=None,
        definition=made.computed,
        year=year,
        value=Decimal("10"),  # type: ignore[attr-defined]
    )
    made.manual = services.kpi_definition_create(  # type: ignore[attr-defined]
        actor=None,
        objective=made.objectives["O4"],
        name="Plaatsingen via het WSP",
        unit=KpiUnit.COUNT,
    )
    return made


def test_kpi_pages_are_accessible_and_a_value_is_entered_by_keyboard(
    browser_page: Any,
    live_server: Any,
    login_in_browser: Any,
    verified_user: Any,
    kpi_world: Any,
) -> None:
    made = kpi_world
    year = date.today().year
    user_grant_role(user=verified_user, role_slug="programme-coordinator")
    page = browser_page
    login_in_browser(page, live_server, verified_user)

    page.goto("/programma/")
    page.get_by_role("link", name="KPI's: resultaten tegenover de streefwaarden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"KPI's in {year}")
    expect(page.locator(f"#kpi-row-{made.computed.pk} [data-kpi-value]")).to_have_text("2")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Impactondernemers in de etalage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impactondernemers in de etalage")
    expect(page.locator("#kpi-year-value")).to_have_text("2")
    expect(page.locator("#kpi-status")).to_have_text("nog niet gehaald")
    expect(page.locator("svg.impactplein-chart")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(f"/programma/kpi/{made.manual.pk}/?jaar={year}")
    expect(page.locator("#kpi-year-value")).to_have_text("–")
    assert_no_axe_violations(page)
    form = page.locator("#value-form")
    form.get_by_label("Datum van de meting").fill(date.today().isoformat())
    form.get_by_label("Waarde").fill("7")
    form.get_by_label("Toelichting").fill("Telling van het WSP")
    form.get_by_role("button", name="Waarde opslaan").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#kpi-year-value")).to_have_text("7")
    assert KpiValue.objects.get(definition=made.manual).value == 7
    assert_no_axe_violations(page)

    for url in (
        "/programma/kpis/nieuw/",
        f"/programma/kpi/{made.manual.pk}/bewerken/",
        f"/programma/kpi/{made.manual.pk}/verhaal/{year}/",
        f"/programma/kpi/{made.manual.pk}/verhaal/{year}/1/",
    ):
        page.goto(url)
        assert_no_axe_violations(page)

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/programma/kpis/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"KPIs in {year}")
    assert_no_axe_violations(page)
