"""The public profile, the contact form and the impact scan in a real browser.

A visitor reads a published profile with its certifications, figures and impact-scan chart, and
the page has zero axe-core violations (WCAG 2.1 AA). The contact form too, also when it refuses a
message, and a message sent reaches the enterprise. A member fills in the 22 questions of the
impact scan by keyboard alone, sees the level with its chart and table, and the page has zero
axe-core violations before and after.
"""

import re
from datetime import date
from typing import Any

from django.core import mail

import pytest
from playwright.sync_api import expect

from impactplein.directory import scan
from impactplein.directory.constants import CertificationKind, FigureKind, ImpactModel
from impactplein.directory.models import ImpactFigure, ImpactScan
from impactplein.directory.services import profile_publish, scan_record
from tests.browser.axe import assert_no_axe_violations
from tests.directory.factories import (
    OrganisationFactory,
    UserFactory,
    answers,
    certification,
    member,
    profile,
)

NOT_APPLICABLE = {15, 16, 17, 18}


@pytest.fixture
def organisation(transactional_db: None) -> Any:
    return OrganisationFactory(
        name="Fietsfabriek Dordt",
        website="https://fietsfabriek.example.nl",
        email="info@fietsfabriek.example.nl",
    )


@pytest.fixture
def enterprise(organisation: Any) -> Any:
    item = profile(
        organisation,
        impact_models=[ImpactModel.EMPLOYMENT],
        sells_to_buyers=True,
        offer="Onderhoud van dienstfietsen.",
    )
    ImpactFigure.objects.create(profile=item, year=2025, kind=FigureKind.TARGET_GROUP_JOBS, value=7)
    certification(organisation, kind=CertificationKind.B_CORP, valid_until=date(2099, 1, 1))
    certification(
        organisation,
        kind=CertificationKind.ISO_26000,
        valid_from=date(2020, 1, 1),
        valid_until=date(2021, 1, 1),
    )
    scan_record(actor=None, organisation=organisation, answers=answers(2, q6=4, q15=None))
    return profile_publish(actor=None, profile=item)


def test_the_profile_page_has_no_axe_violations(browser_page: Any, enterprise: Any) -> None:
    page = browser_page
    page.goto(enterprise.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Fietsfabriek Dordt")
    expect(page.get_by_role("img", name=re.compile("^Score per onderdeel"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Score per onderdeel"))
    expect(table.get_by_role("row", name=re.compile("Mens & werk"))).to_contain_text("62,5")
    certifications = page.get_by_role("table", name="Certificeringen met hun status van vandaag")
    expect(certifications.get_by_role("row", name=re.compile("ISO 26000"))).to_contain_text(
        "Verlopen"
    )
    assert_no_axe_violations(page)


def test_a_visitor_sends_a_message_through_the_contact_form(
    browser_page: Any, enterprise: Any
) -> None:
    page = browser_page
    page.goto(enterprise.get_absolute_url())
    page.get_by_role("link", name="Stuur Fietsfabriek Dordt een bericht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bericht aan Fietsfabriek Dordt")
    assert_no_axe_violations(page)

    page.get_by_label("Uw naam").fill("Jan Jansen")
    page.get_by_label("Uw e-mailadres").fill("geen-adres")
    page.get_by_label("Uw bericht").fill("Kunt u onze dienstfietsen onderhouden?")
    page.wait_for_timeout(3200)  # a person takes a few seconds; faster is refused
    page.get_by_role("button", name="Bericht versturen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Uw bericht")).to_have_value("Kunt u onze dienstfietsen onderhouden?")
    assert_no_axe_violations(page)

    page.get_by_label("Uw e-mailadres").fill("jan@example.org")
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Uw bericht is doorgestuurd naar Fietsfabriek Dordt."
    )
    assert [message.to for message in mail.outbox] == [["info@fietsfabriek.example.nl"]]
    assert mail.outbox[0].reply_to == ["Jan Jansen <jan@example.org>"]


def tab_to(page: Any, target: Any, *, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")


def test_a_member_takes_the_scan_by_keyboard_and_sees_the_result(
    browser_page: Any, live_server: Any, login_in_browser: Any, organisation: Any
) -> None:
    user = member(organisation, email="anna@example.org")
    page = browser_page
    login_in_browser(page, live_server, user)
    page.goto(f"/etalage/{organisation.pk}/impactscan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Impactscan van Fietsfabriek Dordt")
    assert_no_axe_violations(page)

    # Into the first question's radio group; then per question: choose, and Tab to the next.
    tab_to(page, page.locator("#id_q1_0"))
    for question in scan.QUESTIONS:
        page.keyboard.press("Space")  # choose the first answer (0) ...
        steps = 5 if question.number in NOT_APPLICABLE else 3
        for _ in range(steps):  # ... and move on to 3, or to "not applicable"
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="Scan opslaan en resultaat bekijken")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("Uw impactscan is opgeslagen.")
    expect(page.locator(".impactplein-scan-level")).to_contain_text("Niveau Koploper")
    expect(page.get_by_role("img", name=re.compile("^Score per onderdeel"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Score per onderdeel"))
    expect(table.get_by_role("row", name=re.compile("Milieu & klimaat"))).to_contain_text(
        "niet van toepassing"
    )
    expect(table.get_by_role("row", name=re.compile("Mens & werk"))).to_contain_text("75,0")
    assert_no_axe_violations(page)

    record = ImpactScan.objects.get(organisation=organisation)
    assert record.level == "koploper"
    assert record.answers_by_number == {
        q.number: None if q.number in NOT_APPLICABLE else 3 for q in scan.QUESTIONS
    }
    assert record.taken_by == user


def test_a_scan_with_a_missing_answer_leads_to_the_question(
    browser_page: Any, live_server: Any, login_in_browser: Any, organisation: Any
) -> None:
    page = browser_page
    login_in_browser(page, live_server, member(organisation))
    page.goto(f"/etalage/{organisation.pk}/impactscan/")
    page.get_by_role("button", name="Scan opslaan en resultaat bekijken").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(len(scan.QUESTIONS))
    assert_no_axe_violations(page)
    summary.get_by_role("link", name=re.compile("^7\\. ")).click()
    expect(page.locator("#id_q7_0")).to_be_focused()
    assert not ImpactScan.objects.exists()


def test_members_of_other_organisations_get_the_forbidden_page(
    browser_page: Any, live_server: Any, login_in_browser: Any, organisation: Any
) -> None:
    page = browser_page
    login_in_browser(page, live_server, UserFactory())
    response = page.goto(f"/etalage/{organisation.pk}/impactscan/")
    assert response.status == 403
