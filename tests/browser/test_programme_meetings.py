"""The overlegtafel in a real browser: the coordinator plans a meeting with an agenda item,
records a decision and an action, closes the action with its one button and sees it leave the
open-actions list; every page of the area (list, detail, forms, actions list) without axe-core
violations."""

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.programme.models import ActionItem, ActionStatus, Decision, Meeting
from tests.browser.axe import assert_no_axe_violations
from tests.programme.factories import activity, setup


@pytest.fixture
def meetings_world(transactional_db: None, settings: Any) -> Any:
    settings.STAFF_MFA_REQUIRED = False
    made = setup(start_year=date.today().year)
    made.own = activity(made, title="Etalage van impactondernemers", progress=40)  # type: ignore[attr-defined]
    return made


def test_the_coordinator_runs_a_meeting_from_agenda_to_closed_action(
    browser_page: Any,
    live_server: Any,
    login_in_browser: Any,
    verified_user: Any,
    meetings_world: Any,
) -> None:
    made = meetings_world
    user_grant_role(user=verified_user, role_slug="programme-coordinator")
    page = browser_page
    login_in_browser(page, live_server, verified_user)

    page.goto("/programma/overleg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overlegtafel")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Overleg plannen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overleg plannen")
    assert_no_axe_violations(page)
    day = date.today() + timedelta(days=10)
    page.locator("#id_title").fill("Overlegtafel najaar")
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_start").fill("15:00")
    page.locator("#id_end").fill("17:00")
    page.get_by_label("Plaats").fill("Stadskantoor, Spuiboulevard 300")
    page.locator("#id_agenda-0-title").fill("Voortgang etalage")
    page.locator("#id_agenda-0-activity").select_option(
        label=f"{made.programme.year}: Etalage van impactondernemers"
    )
    page.get_by_role("button", name="Overleg plannen").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("1. Overlegtafel najaar")
    expect(page.locator("#agenda + ol")).to_contain_text("Voortgang etalage")
    assert_no_axe_violations(page)
    meeting = Meeting.objects.get(title="Overlegtafel najaar")

    for link, heading in (
        ("Overleg en agenda bewerken", "Overleg bewerken"),
        ("Aanwezigheid vastleggen", "Aanwezigheid vastleggen"),
        ("Verslag vastleggen", "Verslag vastleggen"),
    ):
        page.goto(f"/programma/overleg/{meeting.pk}/")
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_axe_violations(page)

    page.goto(f"/programma/overleg/{meeting.pk}/")
    page.get_by_role("link", name="Besluit vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Besluit vastleggen")
    assert_no_axe_violations(page)
    page.locator("#id_text").fill("De etalage loopt door tot het einde van het jaar.")
    page.get_by_label("een bestaande activiteit wijzigen").check()
    page.get_by_label("Te wijzigen activiteit").select_option(
        label=f"{made.programme.year}: Etalage van impactondernemers"
    )
    page.get_by_label("Nieuwe voortgang (%)").fill("55")
    page.get_by_role("button", name="Besluit vastleggen").press("Enter")
    expect(page.locator("#besluiten + ol")).to_contain_text("De etalage loopt door")
    assert Decision.objects.get(meeting=meeting).changed_activity_id == made.own.pk
    made.own.refresh_from_db()
    assert made.own.progress == 55

    page.get_by_role("link", name="Actiepunt toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actiepunt toevoegen")
    assert_no_axe_violations(page)
    page.locator("#id_description").fill("Nieuwe deelnemers voor de etalage werven")
    page.locator("#id_owner_partner").select_option(label="MBO")
    page.get_by_label("Uitvoerder").fill("M. Bos")
    page.locator("#id_due_date").fill((day + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Actiepunt toevoegen").press("Enter")
    expect(page.locator("#meeting-actions")).to_contain_text("Nieuwe deelnemers")
    action = ActionItem.objects.get(meeting=meeting)

    page.goto("/programma/overleg/acties/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Openstaande actiepunten")
    expect(page.locator("#open-actions")).to_contain_text("Nieuwe deelnemers")
    assert_no_axe_violations(page)
    button = page.locator(f"#actie-{action.pk}").get_by_role("button", name="Afronden")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("is afgerond")).to_be_visible()
    expect(page.get_by_text("Er staan geen actiepunten open.")).to_be_visible()
    assert_no_axe_violations(page)
    assert ActionItem.objects.get(pk=action.pk).status == ActionStatus.DONE
