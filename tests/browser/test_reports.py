"""The reports in a real browser: a member of the overlegtafel produces the report for a meeting
from the reports page by keyboard, opens the page and its PDF and Excel links, and the public
monitor; no axe-core violations on the reports page, the report and the monitor."""

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.programme import services as programme_services
from impactplein.programme.models import EvaluationDecision
from impactplein.programme.services import evaluation as evaluation_services
from impactplein.programme.services import kpis as kpi_services
from tests.browser.axe import assert_no_axe_violations
from tests.reports.world import build


@pytest.fixture
def reports_world(transactional_db: None, settings: Any) -> Any:
    settings.STAFF_MFA_REQUIRED = False
    world = build()
    # A KPI below its target too, so the report shows both a met and a missed status badge.
    missed = kpi_services.kpi_definition_create(
        actor=None,
        objective=world.made.objectives["O4"],
        name="Werkgevers met een banenafspraakplaats",
        unit="count",
        direction="higher",
    )
    kpi_services.kpi_target_set(actor=None, definition=missed, year=world.year, value=Decimal(50))
    kpi_services.kpi_value_add(
        actor=None, definition=missed, date=world.second.starts_at.date(), value=Decimal(3)
    )
    # A closed yearly evaluation, so the monitor shows its decisions too.
    programme = world.made.programme
    programme_services.programme_adopt(actor=None, programme=programme, expected_version=1)
    evaluation = evaluation_services.evaluation_start(actor=None, programme=programme)
    for objective in world.made.objectives.values():
        evaluation_services.objective_evaluation_update(
            actor=None,
            evaluation=evaluation,
            objective=objective,
            expected_version=1,
            narrative="Bereikt.",
            decision=EvaluationDecision.CONTINUE,
        )
    evaluation.refresh_from_db()
    evaluation_services.evaluation_close(
        actor=None, evaluation=evaluation, expected_version=evaluation.version
    )
    return world


def test_a_member_produces_the_report_and_opens_page_pdf_and_excel(
    browser_page: Any,
    live_server: Any,
    login_in_browser: Any,
    verified_user: Any,
    reports_world: Any,
) -> None:
    world = reports_world
    user_grant_role(user=verified_user, role_slug="overlegtafel-member")
    page = browser_page
    login_in_browser(page, live_server, verified_user)

    page.goto("/rapportages/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages")
    assert_no_axe_violations(page)
    page.get_by_label("Overleg", exact=True).select_option(str(world.second.pk))
    page.get_by_role("button", name="Rapportage voor dit overleg maken").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Voortgangsrapportage voor overleg {world.second}"
    )
    for heading in ("KPI's", "Activiteiten", "Besluiten en acties", "Begroting"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.locator(f"#report-budget-{world.year}")).to_contain_text("€\xa0155.000")
    expect(page.locator(".utrecht-status-badge--danger").first).to_be_visible()
    assert_no_axe_violations(page)

    pdf_href = page.get_by_role("link", name="Rapportage als PDF").get_attribute("href")
    pdf = page.request.get(pdf_href)
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="Rapportage als Excel-bestand").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto("/monitor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitor Impact Ondernemen")
    expect(page.locator("#evaluaties")).to_have_text("Besluiten van de jaarevaluaties")
    assert_no_axe_violations(page)
