"""The governance chain in a real browser, from planning a meeting to its progress report.

The coordinator plans today's overlegtafel, records a decision that creates an activity and two
action items (one for each partner), and corrects a KPI value entered earlier. A member of the
partner that owns the first action closes it; the coordinator sees it as done on the meeting and
produces the meeting's progress report: the decision and the new activity are in it, the closed
action is not among the open actions while the other one is, the KPI shows the corrected value
(which now meets its target), and the PDF and Excel links answer with their files. Forms are
submitted with the keyboard; every page on the way has no axe-core violations.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.programme.models import (
    ActionItem,
    ActionStatus,
    Activity,
    Decision,
    KpiValue,
    Meeting,
)
from impactplein.programme.services import kpis as kpi_services
from tests.browser.axe import assert_no_axe_violations
from tests.programme.factories import activity, member, setup


@pytest.fixture
def chain_world(transactional_db: None, settings: Any) -> Any:
    settings.STAFF_MFA_REQUIRED = False
    today = date.today()
    made = setup(start_year=today.year)
    activity(made, title="Etalage van impactondernemers", progress=40)
    made.kpi = kpi_services.kpi_definition_create(  # type: ignore[attr-defined]
        actor=None,
        partnership=made.partnership,
        objective=made.objectives["O4"],
        name="Plaatsingen via het WSP",
        unit="count",
    )
    kpi_services.kpi_target_set(
        actor=None,
        definition=made.kpi,  # type: ignore[attr-defined]
        year=today.year,
        value=Decimal("15"),
    )
    made.entry = kpi_services.kpi_value_add(  # type: ignore[attr-defined]
        actor=None,
        definition=made.kpi,  # type: ignore[attr-defined]
        date=today,
        value=Decimal("12"),
        note="telling WSP",
    )
    made.wsp_member = member(made.partners["WSP"].organisation)  # type: ignore[attr-defined]
    return made


def submit_by_keyboard(page: Any, button_name: str) -> None:
    """Focus the form's submit button and press Enter, as a keyboard user does."""
    page.get_by_role("button", name=button_name).focus()
    page.keyboard.press("Enter")


def test_from_meeting_to_decision_action_closed_action_and_progress_report(
    browser: Any,
    browser_page: Any,
    live_server: Any,
    login_in_browser: Any,
    verified_user: Any,
    chain_world: Any,
) -> None:
    made = chain_world
    today = date.today()
    year = today.year
    user_grant_role(user=verified_user, role_slug="programme-coordinator")
    page = browser_page
    login_in_browser(page, live_server, verified_user)

    # The coordinator plans today's meeting.
    page.goto("/programma/overleg/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Overleg plannen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overleg plannen")
    assert_no_axe_violations(page)
    page.locator("#id_title").fill("Overlegtafel winter")
    page.locator("#id_day").fill(today.isoformat())
    page.locator("#id_start").fill("09:00")
    page.locator("#id_end").fill("10:30")
    page.get_by_label("Plaats").fill("Stadskantoor")
    submit_by_keyboard(page, "Overleg plannen")
    expect(page.get_by_role("heading", level=1)).to_have_text("1. Overlegtafel winter")
    assert_no_axe_violations(page)
    meeting = Meeting.objects.get(title="Overlegtafel winter")

    # A decision that creates an activity in this year's programme.
    page.get_by_role("link", name="Besluit vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Besluit vastleggen")
    assert_no_axe_violations(page)
    page.locator("#id_text").fill("We organiseren een werkgeversontbijt met het WSP.")
    page.get_by_label("een nieuwe activiteit").check()
    page.get_by_label("Nieuwe activiteit in actieprogramma").select_option(label=str(year))
    page.get_by_label("Titel van de nieuwe activiteit").fill("Werkgeversontbijt")
    page.get_by_label("Doel van de nieuwe activiteit").select_option(
        label="O4 Inclusief werkgeverschap"
    )
    page.get_by_label("Trekker van de nieuwe activiteit").select_option(label="WSP")
    submit_by_keyboard(page, "Besluit vastleggen")
    expect(page.locator("#besluiten + ol")).to_contain_text("werkgeversontbijt")
    created = Activity.objects.get(title="Werkgeversontbijt")
    assert Decision.objects.get(meeting=meeting).created_activity_id == created.pk
    assert created.programme_id == made.programme.pk

    # Two action items: WSP's will be closed, MBO's stays open.
    for description, owner, days in (
        ("Werkgevers uitnodigen voor het ontbijt", "WSP", 14),
        ("Verslag rondsturen aan de partners", "MBO", 7),
    ):
        page.get_by_role("link", name="Actiepunt toevoegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Actiepunt toevoegen")
        assert_no_axe_violations(page)
        page.locator("#id_description").fill(description)
        page.locator("#id_owner_partner").select_option(label=owner)
        page.locator("#id_due_date").fill((today + timedelta(days=days)).isoformat())
        submit_by_keyboard(page, "Actiepunt toevoegen")
        expect(page.locator("#meeting-actions")).to_contain_text(description)
    invite = ActionItem.objects.get(meeting=meeting, owner_partner=made.partners["WSP"])
    report_back = ActionItem.objects.get(meeting=meeting, owner_partner=made.partners["MBO"])

    # The coordinator corrects the KPI value that was entered earlier.
    page.goto(f"/programma/kpi/{made.kpi.pk}/?jaar={year}")
    expect(page.locator("#kpi-year-value")).to_have_text("12")
    expect(page.locator("#kpi-status")).to_have_text("nog niet gehaald")
    page.get_by_role("region", name="Ingevoerde waarden").get_by_role(
        "link", name="Bewerken (waarde van"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waarde corrigeren")
    assert_no_axe_violations(page)
    page.get_by_label("Waarde").fill("15")
    page.get_by_label("Toelichting").fill("herteld na de winterronde")
    submit_by_keyboard(page, "Correctie opslaan")
    expect(page.get_by_text("De waarde is gecorrigeerd.")).to_be_visible()
    expect(page.locator("#kpi-year-value")).to_have_text("15")
    expect(page.locator("#kpi-status")).to_have_text("gehaald")
    assert_no_axe_violations(page)
    assert KpiValue.objects.get(pk=made.entry.pk).value == 15

    # A member of WSP, the owner, closes WSP's action; MBO's is not theirs to close.
    partner_context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 800}
    )
    try:
        partner_page = partner_context.new_page()
        login_in_browser(partner_page, live_server, made.wsp_member)
        partner_page.goto("/programma/overleg/acties/")
        expect(partner_page.locator("#open-actions")).to_contain_text("Werkgevers uitnodigen")
        expect(
            partner_page.locator(f"#actie-{report_back.pk}").get_by_role("button")
        ).to_have_count(0)
        assert_no_axe_violations(partner_page)
        close = partner_page.locator(f"#actie-{invite.pk}").get_by_role("button", name="Afronden")
        close.focus()
        partner_page.keyboard.press("Enter")
        expect(partner_page.get_by_text("is afgerond")).to_be_visible()
        expect(partner_page.locator(f"#actie-{invite.pk}")).to_have_count(0)
        expect(partner_page.locator(f"#actie-{report_back.pk}")).to_be_visible()
        assert_no_axe_violations(partner_page)
    finally:
        partner_context.close()
    assert ActionItem.objects.get(pk=invite.pk).status == ActionStatus.DONE

    # The coordinator sees the action as done on the meeting ...
    page.goto(f"/programma/overleg/{meeting.pk}/")
    expect(page.locator(f"#actie-{invite.pk}")).to_contain_text("Afgerond op")
    expect(page.locator(f"#actie-{report_back.pk}")).to_contain_text("Open")

    # ... and produces the meeting's progress report.
    page.goto("/rapportages/")
    assert_no_axe_violations(page)
    page.get_by_label("Overleg", exact=True).select_option(str(meeting.pk))
    submit_by_keyboard(page, "Rapportage voor dit overleg maken")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Voortgangsrapportage voor overleg {meeting}"
    )
    expect(page.locator("#besluiten ~ ul").first).to_contain_text(
        "We organiseren een werkgeversontbijt met het WSP."
    )
    expect(page.get_by_role("region", name="Activiteiten van O4")).to_contain_text(
        "Werkgeversontbijt"
    )
    open_actions = page.get_by_role("region", name="Acties die op")
    expect(open_actions).to_contain_text("Verslag rondsturen aan de partners")
    expect(open_actions).not_to_contain_text("Werkgevers uitnodigen")
    report_kpi = page.locator(f"#report-kpi-{made.kpi.pk}")
    expect(report_kpi.locator("[data-kpi-value]")).to_have_text("15")
    expect(report_kpi.locator(".utrecht-status-badge")).to_have_text("gehaald")
    assert_no_axe_violations(page)

    pdf_link = page.get_by_role("link", name="Rapportage als PDF")
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="Rapportage als Excel-bestand").click()
    assert download.value.suggested_filename.endswith(".xlsx")
