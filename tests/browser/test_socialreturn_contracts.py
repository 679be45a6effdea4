"""The contract and scheme pages in a real browser: an officer registers a contract through the
form (the supplier typed by name; two organisations fit, so the form offers both as radio buttons
and the officer picks one, without JavaScript), sees its obligation on the detail page and in the
list, and checks an import file; the list, detail, form (also with its supplier choice), import
preview, scheme list, scheme detail and scheme edit pages have zero axe-core violations."""

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.socialreturn.models import Contract, ValuationScheme
from tests.browser.axe import assert_no_axe_violations
from tests.organisations.factories import OrganisationFactory, UserFactory

IMPORT = (
    "kenmerk;omschrijving;afdeling;kvk_opdrachtnemer;soort;opdrachtwaarde;gegund_op;startdatum;"
    "einddatum\r\n"
    "DR-IMP-1;Straatreiniging;Stadsbeheer;87654321;diensten;600000;2025-12-01;2026-01-01;"
    "2026-12-31\r\n"
)


@pytest.fixture
def officer() -> Any:
    user = UserFactory(display_name="Ilse van Inkoop")
    user_grant_role(user=user, role_slug="procurement-officer")
    TOTP.activate(user, generate_totp_secret())
    return user


def test_an_officer_registers_a_contract_and_every_page_is_accessible(
    browser_page: Any, live_server: Any, login_in_browser: Any, officer: Any
) -> None:
    OrganisationFactory(name="Drechtgroen BV", kvk_number="87654321")
    OrganisationFactory(name="Drechtgroen Zuid BV", kvk_number="87654322")
    page = browser_page
    login_in_browser(page, live_server, officer)

    page.goto("/social-return/contracten/nieuw/")
    assert_no_axe_violations(page)
    page.locator("#id_reference").fill("DR-2026-500")
    page.locator("#id_title").fill("Groenonderhoud Wielwijk")
    page.locator("#id_buyer_department").fill("Stadsbeheer")
    page.get_by_label("Opdrachtnemer (verplicht)").fill("drechtgroen")
    page.locator("#id_contract_type").select_option("services")
    page.locator("#id_value").fill("1000000")
    page.locator("#id_awarded_on").fill("2025-12-01")
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2027-12-31")
    scheme = ValuationScheme.objects.get(slug="den-haag-2023")
    page.locator("#id_scheme").select_option(str(scheme.pk))
    page.get_by_role("button", name="Contract opslaan").click()

    expect(page.locator("#id_supplier_error")).to_contain_text(
        "Meerdere organisaties passen bij “drechtgroen”; kies er een."
    )
    assert not Contract.objects.filter(reference="DR-2026-500").exists()
    assert_no_axe_violations(page)
    choice = page.get_by_role("group", name="Welke organisatie bedoelt u?")
    choice.get_by_label("Drechtgroen BV — KvK 87654321", exact=False).check()
    page.get_by_role("button", name="Contract opslaan").click()

    expect(page.locator("h1")).to_contain_text("DR-2026-500")
    expect(page.locator("[data-obligation]")).to_contain_text("€ 50.000")
    saved = Contract.objects.get(reference="DR-2026-500")
    assert (saved.obligation, saved.supplier.kvk_number) == (50000, "87654321")
    assert_no_axe_violations(page)

    page.goto("/social-return/contracten/")
    expect(page.locator("tr[data-contract='DR-2026-500']")).to_contain_text("50.000")
    assert_no_axe_violations(page)

    page.goto("/social-return/contracten/import/")
    page.locator("input[name=file]").first.set_input_files(
        {"name": "contracten.csv", "mimeType": "text/csv", "buffer": IMPORT.encode()}
    )
    page.get_by_role("button", name="Bestand controleren").first.click()
    expect(page.locator("[data-import-summary]")).to_contain_text("1 nieuw")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Importeren bevestigen").click()
    expect(page.locator("tr[data-contract='DR-IMP-1']")).to_be_visible()

    page.goto("/social-return/modellen/")
    assert_no_axe_violations(page)
    page.goto(f"/social-return/modellen/{scheme.pk}/")
    expect(page.locator("tr[data-block]").first).to_be_visible()
    assert_no_axe_violations(page)
    draft = ValuationScheme.objects.get(slug="drechtsteden")
    page.goto(f"/social-return/modellen/{draft.pk}/wijzigen/")
    assert_no_axe_violations(page)
    page.locator("#id_definition").fill('{"slug": "drechtsteden"}')
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator("[data-scheme-problems]")).to_contain_text("is verplicht")
    assert_no_axe_violations(page)
