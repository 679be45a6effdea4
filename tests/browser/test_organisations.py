"""The organisation pages in a real browser: accessible, usable by keyboard, and no edit is lost.

A member sees "my organisations", the organisation with its change history, the edit form and
the register form, each with zero axe-core violations (WCAG 2.1 AA), also once the form has
refused bad input: the error summary then takes the focus and its links move the focus to the
fields. A member changes the name and postcode by keyboard alone and sees them on the page and
in the history. Of two tabs that edit the same version, the second save is refused with a clear
message, the newer data in the form and the user's own input beside it, and the database keeps
the first save. A member of another organisation gets the friendly 403 page, a visitor the login
page, and a programme coordinator the staff list with its filters.
"""

import re
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.organisations.constants import LegalForm, OrganisationKind
from impactplein.organisations.models import Organisation
from tests.browser.axe import assert_no_axe_violations
from tests.organisations.factories import OrganisationFactory, UserFactory, municipality

SAVE = "Wijzigingen opslaan"


@pytest.fixture
def owner() -> Any:
    return UserFactory(email="anna@example.org", display_name="Anna de Vries")


@pytest.fixture
def organisation(owner: Any) -> Organisation:
    return OrganisationFactory(
        owner=owner,
        name="Buurtkracht",
        kind=OrganisationKind.SOCIAL_ORGANISATION,
        legal_form=LegalForm.STICHTING,
        kvk_number="12345678",
        postcode="3311 AB",
        city="Dordrecht",
    )


@pytest.fixture
def as_owner(browser_page: Any, live_server: Any, login_in_browser: Any, owner: Any) -> Any:
    """The owner's browser page, logged in."""
    login_in_browser(browser_page, live_server, owner)
    return browser_page


def edit_url(organisation: Organisation) -> str:
    return f"/organisaties/{organisation.pk}/wijzigen/"


def detail_url(organisation: Organisation) -> str:
    return f"/organisaties/{organisation.pk}/"


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def history_rows(page: Any) -> Any:
    table = page.get_by_role("table", name="Wie wat wanneer heeft gewijzigd, nieuwste eerst")
    return table.locator("tbody tr")


def tab_to(page: Any, target: Any, *, limit: int = 100) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")


def replace_by_keyboard(page: Any, field: Any, text: str) -> None:
    tab_to(page, field)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


# --- accessibility of the member's pages ---------------------------------------------------------


def test_my_organisations_has_no_axe_violations(as_owner, organisation):
    as_owner.goto("/organisaties/mijn/")
    expect(heading(as_owner)).to_have_text("Mijn organisaties")
    mine = as_owner.get_by_role("table", name="Organisaties waarvan u lid bent")
    expect(mine.get_by_role("row", name=re.compile("Buurtkracht"))).to_contain_text("eigenaar")
    assert_no_axe_violations(as_owner)


def test_the_organisation_page_with_its_history_has_no_axe_violations(
    as_owner, owner, organisation
):
    as_owner.goto(edit_url(organisation))
    as_owner.get_by_label("Telefoonnummer").fill("078 765 43 21")
    as_owner.get_by_role("button", name=SAVE).click()

    expect(as_owner).to_have_url(re.compile(f"{detail_url(organisation)}$"))
    expect(heading(as_owner)).to_have_text("Buurtkracht")
    expect(as_owner.get_by_role("status")).to_have_text("De wijzigingen zijn opgeslagen.")
    expect(history_rows(as_owner)).to_have_count(2)
    expect(history_rows(as_owner).first).to_contain_text("Anna de Vries")
    expect(history_rows(as_owner).first).to_contain_text("telefoonnummer")
    assert_no_axe_violations(as_owner)


def test_the_edit_page_has_no_axe_violations(as_owner, organisation):
    as_owner.goto(edit_url(organisation))
    expect(heading(as_owner)).to_have_text("Buurtkracht wijzigen")
    expect(as_owner.get_by_label("Naam")).to_have_value("Buurtkracht")
    expect(as_owner.locator("[data-error-summary]")).to_have_count(0)
    assert_no_axe_violations(as_owner)


def test_the_register_page_has_no_axe_violations_also_with_errors(as_owner, owner):
    as_owner.goto("/organisaties/aanmelden/")
    expect(heading(as_owner)).to_have_text("Organisatie aanmelden")
    assert_no_axe_violations(as_owner)

    as_owner.get_by_role("button", name="Organisatie aanmelden").click()
    summary = as_owner.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Naam"))).to_be_visible()
    assert_no_axe_violations(as_owner)
    assert not Organisation.objects.exists()


def test_refused_input_gets_a_focused_error_summary_that_leads_to_the_fields(
    as_owner, organisation
):
    as_owner.goto(edit_url(organisation))
    as_owner.get_by_label("KvK-nummer").fill("1234")
    as_owner.get_by_label("Postcode").fill("0123 AB")
    as_owner.get_by_role("button", name=SAVE).click()

    summary = as_owner.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Controleer de volgende punten")
    kvk = as_owner.get_by_label("KvK-nummer")
    postcode = as_owner.get_by_label("Postcode")
    # The typed values stay, and each field says why it was refused.
    expect(kvk).to_have_value("1234")
    expect(kvk).to_have_attribute("aria-invalid", "true")
    expect(postcode).to_have_value("0123 AB")
    expect(postcode).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(as_owner)

    summary.get_by_role("link", name=re.compile("^KvK-nummer")).click()
    expect(kvk).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Postcode")).click()
    expect(postcode).to_be_focused()

    organisation.refresh_from_db()
    assert (organisation.kvk_number, organisation.postcode, organisation.version) == (
        "12345678",
        "3311 AB",
        1,
    )


# --- editing by keyboard -------------------------------------------------------------------------


def test_a_member_edits_name_and_postcode_by_keyboard_alone(as_owner, organisation):
    as_owner.goto(detail_url(organisation))
    tab_to(as_owner, as_owner.get_by_role("link", name="Gegevens wijzigen"))
    as_owner.keyboard.press("Enter")
    expect(heading(as_owner)).to_have_text("Buurtkracht wijzigen")

    replace_by_keyboard(as_owner, as_owner.get_by_label("Naam"), "Buurtkracht Dordrecht")
    replace_by_keyboard(as_owner, as_owner.get_by_label("Postcode"), "3312cd")
    as_owner.keyboard.press("Enter")

    expect(as_owner).to_have_url(re.compile(f"{detail_url(organisation)}$"))
    expect(heading(as_owner)).to_have_text("Buurtkracht Dordrecht")
    address = as_owner.locator(".utrecht-data-list__item", has_text="Bezoekadres")
    expect(address).to_contain_text("3312 CD Dordrecht")
    newest = history_rows(as_owner).first
    expect(newest).to_contain_text("Anna de Vries")
    expect(newest).to_contain_text("naam: van “Buurtkracht” naar “Buurtkracht Dordrecht”")
    expect(newest).to_contain_text("postcode: van “3311 AB” naar “3312 CD”")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.postcode, organisation.version) == (
        "Buurtkracht Dordrecht",
        "3312 CD",
        2,
    )


# --- a stale edit --------------------------------------------------------------------------------


def test_a_stale_edit_from_a_second_tab_is_refused_and_nothing_is_lost(
    as_owner, browser_context, organisation
):
    first, second = as_owner, browser_context.new_page()
    first.goto(edit_url(organisation))
    second.goto(edit_url(organisation))

    first.get_by_label("Naam").fill("Buurtkracht Dordrecht")
    first.get_by_role("button", name=SAVE).click()
    expect(first.get_by_role("status")).to_have_text("De wijzigingen zijn opgeslagen.")

    second.get_by_label("Plaats").fill("Zwijndrecht")
    with second.expect_response(lambda response: response.request.method == "POST") as posted:
        second.get_by_role("button", name=SAVE).click()
    assert posted.value.status == 409

    # A clear message that has the focus...
    message = second.locator("#stale-edit")
    expect(message).to_be_focused()
    expect(message).to_contain_text("Iemand anders heeft deze organisatie intussen gewijzigd")
    expect(message).to_contain_text("Uw wijzigingen zijn niet opgeslagen")
    # ...the form holds the newer saved data...
    expect(second.get_by_label("Naam")).to_have_value("Buurtkracht Dordrecht")
    expect(second.get_by_label("Plaats")).to_have_value("Dordrecht")
    # ...and the user's own input is shown beside it, in the table and at the field.
    conflicts = second.get_by_role("table", name="Uw invoer naast de nieuwste gegevens")
    city_row = conflicts.get_by_role("row", name=re.compile("^Plaats"))
    expect(city_row.get_by_role("cell")).to_have_text(["Dordrecht", "Zwijndrecht"])
    expect(second.locator("#id_city_helptext")).to_have_text(
        "Uw invoer (niet opgeslagen): Zwijndrecht"
    )
    assert_no_axe_violations(second)

    organisation.refresh_from_db()
    assert (organisation.name, organisation.city, organisation.version) == (
        "Buurtkracht Dordrecht",
        "Dordrecht",
        2,
    )

    # Taking the input over and saving again keeps both changes.
    conflicts.get_by_role("link", name="Plaats").click()
    expect(second.get_by_label("Plaats")).to_be_focused()
    second.get_by_label("Plaats").fill("Zwijndrecht")
    second.get_by_role("button", name=SAVE).click()
    expect(second.get_by_role("status")).to_have_text("De wijzigingen zijn opgeslagen.")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city, organisation.version) == (
        "Buurtkracht Dordrecht",
        "Zwijndrecht",
        3,
    )


# --- who may reach the pages ---------------------------------------------------------------------


def test_a_member_of_another_organisation_gets_the_friendly_403_page(
    browser_page, live_server, login_in_browser, organisation
):
    outsider = UserFactory(display_name="Bram Bakker")
    OrganisationFactory(owner=outsider, name="Bakkerij Bakker")
    login_in_browser(browser_page, live_server, outsider)

    response = browser_page.goto(edit_url(organisation))

    assert response.status == 403
    expect(heading(browser_page)).to_have_text("Geen toegang")
    expect(browser_page.get_by_role("main")).to_contain_text("Vraag het dan aan de beheerder")
    expect(browser_page.get_by_role("main")).not_to_contain_text("Buurtkracht")
    assert_no_axe_violations(browser_page)


def test_a_visitor_is_sent_to_the_login_page(browser_page, organisation):
    browser_page.goto(edit_url(organisation))

    expect(browser_page).to_have_url(
        re.compile(r"/account/login/\?next=" + re.escape(f"/organisaties/{organisation.pk}/"))
    )
    expect(browser_page.get_by_label("E-mailadres")).to_be_visible()
    expect(browser_page.get_by_role("main")).not_to_contain_text("Buurtkracht")


# --- the staff list ------------------------------------------------------------------------------


@pytest.fixture
def coordinator() -> Any:
    """A programme coordinator who has set up an authenticator app, as staff must."""
    user = UserFactory(display_name="Carla Coördinator")
    user_grant_role(user=user, role_slug="programme-coordinator")
    TOTP.activate(user, generate_totp_secret())
    return user


def test_a_coordinator_filters_the_staff_list_without_axe_violations(
    browser_page, live_server, login_in_browser, coordinator, organisation
):
    OrganisationFactory(
        name="Bakkerij Zwijndrecht",
        kind=OrganisationKind.COMPANY,
        municipality=municipality("GM0642"),
        postcode="3331 AA",
        city="Zwijndrecht",
    )
    OrganisationFactory(name="Drechtwerk", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    login_in_browser(browser_page, live_server, coordinator)

    browser_page.goto("/organisaties/")
    # With an authenticator app set up, staff are not sent to the multi-factor set-up.
    expect(browser_page).to_have_url(re.compile(r"/organisaties/$"))
    expect(heading(browser_page)).to_have_text("Organisaties")
    expect(browser_page.get_by_role("status")).to_have_text("3 organisaties gevonden.")
    assert_no_axe_violations(browser_page)

    search = browser_page.get_by_role("search", name="Organisaties zoeken")
    search.get_by_label("Soort organisatie").select_option(label="bedrijf")
    search.get_by_label("Gemeente").select_option(label="Zwijndrecht")
    search.get_by_role("button", name="Zoeken").click()

    expect(browser_page).to_have_url(re.compile(r"kind=company.*municipality=GM0642"))
    expect(browser_page.get_by_role("status")).to_have_text("1 organisatie gevonden.")
    rows = browser_page.get_by_role("table", name=re.compile("^Organisaties")).locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bakkerij Zwijndrecht")
    assert_no_axe_violations(browser_page)

    search.get_by_label("Zoek op naam, plaats of KvK-nummer").fill("Onbekend")
    search.get_by_role("button", name="Zoeken").click()
    expect(browser_page.get_by_role("status")).to_have_text("0 organisaties gevonden.")
    expect(browser_page.get_by_role("main")).to_contain_text("Geen organisaties gevonden")
    assert_no_axe_violations(browser_page)
