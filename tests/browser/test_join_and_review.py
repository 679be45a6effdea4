"""The whole join flow and its review in a real browser, without axe-core violations.

A visitor who wants to join is sent to sign up, follows the link to log in and comes back to the
join page; finds no registered organisation, registers a new one and becomes its owner; fills in
the impact profile (pitch, theme, impact model, figure, logo) and submits it. A programme
coordinator with an authenticator app opens the review queue, approves the profile, and the
profile is then public for every visitor. An edit of a published profile waits for the review,
which shows it as a visible diff, while the published version stays online. Each page (join,
new organisation, profile form, queue, review) has zero axe-core violations, also the profile
form with refused input.
"""

import io
import re
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from PIL import Image
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.core.models import Theme
from impactplein.directory import joining
from impactplein.directory.constants import ImpactModel, ProfileStatus
from impactplein.directory.models import ImpactProfile
from impactplein.organisations.models import Organisation
from tests.browser.auth import DEFAULT_PASSWORD
from tests.browser.axe import assert_no_axe_violations
from tests.organisations.factories import OrganisationFactory, UserFactory

PITCH = "Wij knappen fietsen op met mensen die werk zoeken, midden in Dordrecht."


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def coordinator(transactional_db: None) -> Any:
    user = UserFactory(email="carla@example.org", display_name="Carla Coördinator")
    user_grant_role(user=user, role_slug="programme-coordinator")
    TOTP.activate(user, generate_totp_secret())
    return user


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (20, 110, 70)).save(buffer, "PNG")
    return buffer.getvalue()


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def test_an_entrepreneur_joins_and_a_coordinator_publishes_the_profile(
    browser_page, browser_context, live_server, login_in_browser, verified_user, coordinator
):
    page = browser_page
    theme = Theme.objects.order_by("position", "pk").first()

    # A visitor is sent to sign up, and can log in from there instead.
    page.goto("/etalage/aanmelden/")
    expect(page).to_have_url(re.compile(r"/account/signup/\?next=%2Fetalage%2Faanmelden%2F$"))
    page.get_by_role("link", name="Log dan in").click()
    page.get_by_label("E-mailadres").fill(verified_user.email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/etalage/aanmelden/$"))
    expect(heading(page)).to_have_text("Aanmelden voor de etalage")
    assert_no_axe_violations(page)

    # Step 1: nothing found, so a new organisation.
    search = page.get_by_role("form", name="Zoek uw organisatie")
    search.get_by_label("Naam van de organisatie").fill("Fietsfabriek Dordrecht")
    search.get_by_label("Gemeente").select_option(label="Dordrecht")
    search.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("main")).to_contain_text(
        "We vonden geen organisatie met deze gegevens."
    )
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Mijn organisatie staat er niet bij: nieuw aanmelden").click()

    expect(heading(page)).to_have_text("Nieuwe organisatie aanmelden")
    expect(page.get_by_label("Naam (verplicht)")).to_have_value("Fietsfabriek Dordrecht")
    assert_no_axe_violations(page)
    page.get_by_label("Soort organisatie").select_option(label="sociale onderneming")
    page.get_by_label("Rechtsvorm").select_option(index=1)
    page.get_by_label("KvK-nummer").fill("1234 5678")
    page.get_by_role("button", name="Organisatie aanmelden").click()

    # Step 2: the profile, first with a mistake.
    organisation = Organisation.objects.get(name="Fietsfabriek Dordrecht")
    expect(page).to_have_url(re.compile(rf"/etalage/{organisation.pk}/profiel/$"))
    expect(heading(page)).to_have_text("Impactprofiel van Fietsfabriek Dordrecht")
    assert_no_axe_violations(page)

    page.get_by_label("Pitch").fill(PITCH)
    # The hint counts along while typing (and shows the saved count without JavaScript).
    expect(page.locator("#id_pitch_helptext")).to_contain_text(
        f"Nog {280 - len(PITCH)} tekens over."
    )
    page.get_by_label("Wij leveren aan inkopers (Buy Social)").check()
    page.get_by_role("button", name="Opslaan als concept").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Beschrijf wat u aan inkopers levert.")
    expect(page.get_by_label("Pitch")).to_have_value(PITCH)
    assert_no_axe_violations(page)

    page.get_by_label("Aanbod voor inkopers").fill("Fietsen voor medewerkers en onderhoud.")
    page.get_by_label("werk voor mensen met een afstand tot de arbeidsmarkt").check()
    page.get_by_label(str(theme), exact=True).check()
    page.locator("#id_figures-0-year").fill("2025")
    page.locator("#id_figures-0-kind").select_option(label="banen voor doelgroepen")
    page.locator("#id_figures-0-value").fill("12")
    page.get_by_label("Logo", exact=True).set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_logo()}]
    )
    page.get_by_role("button", name="Indienen ter beoordeling").click()

    expect(page.get_by_role("status")).to_contain_text("Het profiel is ingediend ter beoordeling.")
    expect(page.locator("#profile-status")).to_contain_text("ingediend")
    assert_no_axe_violations(page)
    profile = ImpactProfile.objects.get(organisation=organisation)
    assert profile.status == ProfileStatus.SUBMITTED
    assert profile.logo

    # The coordinator reviews in a browser of their own.
    staff_context = browser_context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    staff_page = staff_context.new_page()
    login_in_browser(staff_page, live_server, coordinator)
    staff_page.goto("/etalage/beoordelen/")
    expect(staff_page).to_have_url(re.compile(r"/etalage/beoordelen/$"))
    expect(heading(staff_page)).to_have_text("Etalage beoordelen")
    assert_no_axe_violations(staff_page)
    staff_page.get_by_role("link", name="Fietsfabriek Dordrecht").click()

    expect(heading(staff_page)).to_have_text("Fietsfabriek Dordrecht beoordelen")
    expect(staff_page.get_by_role("main")).to_contain_text(PITCH)
    assert_no_axe_violations(staff_page)
    staff_page.get_by_label("Goedkeuren en publiceren").check()
    staff_page.get_by_role("button", name="Besluit vastleggen").click()

    expect(staff_page.get_by_role("status")).to_contain_text("Goedgekeurd.")
    expect(staff_page.get_by_role("main")).to_contain_text("Niets te beoordelen")
    assert ImpactProfile.objects.get(pk=profile.pk).status == ProfileStatus.PUBLISHED

    # The profile is public now, for any visitor.
    staff_context.close()
    visitor_context = browser_context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    visitor = visitor_context.new_page()
    response = visitor.goto(f"/ondernemers/{profile.pk}/")
    assert response is not None
    assert response.ok
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Fietsfabriek Dordrecht")
    expect(visitor.get_by_role("main")).to_contain_text(PITCH)
    visitor_context.close()


def test_an_edit_of_a_published_profile_is_reviewed_as_a_visible_diff(
    browser_page, browser_context, live_server, login_in_browser, coordinator
):
    owner = UserFactory(email="eigenaar@example.org", display_name="Olga Eigenaar")
    organisation = OrganisationFactory(owner=owner, name="Kringloop Crabbehof")
    themes = list(Theme.objects.order_by("position", "pk")[:2])
    profile = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=None,
        data=joining.ProfileInput(
            fields={"pitch": PITCH, "impact_models": [ImpactModel.EMPLOYMENT]},
            themes=themes[:1],
        ),
        submit=True,
    ).profile
    joining.profile_approve(actor=coordinator, profile=profile)

    login_in_browser(browser_page, live_server, owner)
    browser_page.goto(f"/etalage/{organisation.pk}/profiel/")
    expect(browser_page.get_by_label("Pitch")).to_have_value(PITCH)
    assert_no_axe_violations(browser_page)
    browser_page.get_by_label("Pitch").fill(
        "Wij geven spullen een tweede leven, met buurtbewoners."
    )
    browser_page.get_by_label(str(themes[1]), exact=True).check()
    browser_page.get_by_role("button", name="Wijzigingen ter beoordeling indienen").click()
    expect(browser_page.get_by_role("status")).to_contain_text("Uw wijzigingen zijn ingediend.")
    assert ImpactProfile.objects.get(pk=profile.pk).pitch == PITCH  # still online as it was

    staff_context = browser_context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    staff_page = staff_context.new_page()
    login_in_browser(staff_page, live_server, coordinator)
    staff_page.goto(f"/etalage/beoordelen/{profile.pk}/")
    diff = staff_page.get_by_role("table", name="Gepubliceerd naast voorgesteld, per veld")
    expect(diff.locator('[data-diff="pitch"] del')).to_have_text(PITCH)
    expect(diff.locator('[data-diff="pitch"] ins')).to_contain_text("tweede leven")
    expect(diff.locator('[data-diff="themes"] ins')).to_have_text(str(themes[1]))
    assert_no_axe_violations(staff_page)

    staff_page.get_by_label("Goedkeuren en publiceren").check()
    staff_page.get_by_role("button", name="Besluit vastleggen").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Goedgekeurd.")
    staff_context.close()
    assert "tweede leven" in ImpactProfile.objects.get(pk=profile.pk).pitch
