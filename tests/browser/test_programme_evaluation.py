"""The yearly evaluation in a real browser: the coordinator begins it from the year's programme,
writes each objective's evaluation and decision by keyboard, closes it and lands on next year's
draft, which carries the open activities of the continued objective only; no axe-core violations
on any of its pages, in Dutch and in English."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus
from impactplein.programme.models import ActionProgramme, YearEvaluation
from tests.browser.axe import assert_no_axe_violations
from tests.programme.factories import activity, setup


@pytest.fixture
def evaluation_world(transactional_db: None, settings: Any) -> Any:
    settings.STAFF_MFA_REQUIRED = False
    year = date.today().year
    made = setup(start_year=year - 1, year=year)
    activity(made, title="Etalage bouwen", status=ActivityStatus.RUNNING, progress=50)
    activity(
        made,
        title="Werkgeversontbijt",
        objective=made.objectives["O4"],
        partner=made.partners["WSP"],
        status=ActivityStatus.PLANNED,
    )
    services.programme_adopt(actor=None, programme=made.programme, expected_version=1)
    return made


def write(page: Any, code: str, narrative: str, decision: str, adjustment: str = "") -> None:
    page.get_by_role("link", name=f"Evaluatie van {code} schrijven").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Evaluatie van {code}")
    assert_no_axe_violations(page)
    page.get_by_label("Wat is bereikt en wat niet").fill(narrative)
    page.get_by_label(decision, exact=True).check()
    if adjustment:
        page.get_by_label("Wat er verandert").fill(adjustment)
    page.get_by_role("button", name="Opslaan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jaarevaluatie")


def test_the_coordinator_evaluates_the_year_and_drafts_the_next(
    browser_page: Any,
    live_server: Any,
    login_in_browser: Any,
    verified_user: Any,
    evaluation_world: Any,
) -> None:
    year = date.today().year
    user_grant_role(user=verified_user, role_slug="programme-coordinator")
    page = browser_page
    login_in_browser(page, live_server, verified_user)

    page.goto(f"/programma/{year}/")
    page.get_by_role("link", name=f"Jaarevaluatie {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jaarevaluatie {year}")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Evaluatie beginnen").click()
    expect(page.locator("#evaluation-status")).to_contain_text("Open.")
    assert_no_axe_violations(page)

    # Adjusting without saying what changes is refused with a message at the field.
    page.get_by_role("link", name="Evaluatie van O1 schrijven").click()
    page.get_by_label("Wat is bereikt en wat niet").fill("De etalage staat.")
    page.get_by_label("bijstellen", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_contain_text(
        "Schrijf bij bijstellen wat er het volgende jaar verandert."
    )
    assert_no_axe_violations(page)
    page.goto(f"/programma/{year}/evaluatie/")

    write(page, "O1", "De etalage staat.", "bijstellen", "Ook de regio.")
    expect(page.locator("#doel-o1 ~ p [data-decision]").first).to_have_text("Bijstellen")
    write(page, "O4", "Geen werkgevers gevonden.", "stoppen")

    page.get_by_role("link", name="Samenvatting schrijven").click()
    assert_no_axe_violations(page)
    page.get_by_label("Samenvatting").fill("Een leerzaam jaar.")
    page.get_by_role("button", name="Samenvatting opslaan").click()
    expect(page.locator("#samenvatting + .impactplein-prose")).to_contain_text("Een leerzaam jaar.")

    page.get_by_role("link", name="Evaluatie afsluiten").click()
    expect(page.locator("#next-programme-note")).to_contain_text(
        f"concept-actieprogramma {year + 1} gemaakt met 1 open activiteit"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Evaluatie afsluiten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Actieprogramma {year + 1}")
    expect(page.locator("#drafted-by")).to_contain_text(f"jaarevaluatie {year}")
    assert_no_axe_violations(page)
    draft = ActionProgramme.objects.get(year=year + 1)
    assert list(draft.activities.values_list("title", flat=True)) == ["Etalage bouwen"]
    assert YearEvaluation.objects.get(programme__year=year).is_closed

    page.get_by_role("link", name=f"jaarevaluatie {year}").click()
    expect(page.locator("#evaluation-status")).to_contain_text("Afgesloten op")
    expect(page.get_by_role("link", name="Evaluatie afsluiten")).to_have_count(0)
    assert_no_axe_violations(page)

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual evaluation {year}")
    assert_no_axe_violations(page)
