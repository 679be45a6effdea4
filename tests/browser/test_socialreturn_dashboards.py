"""The dashboards in a real browser: an officer goes from the portfolio (lagging contract first)
to the contract's progress page with its warning, then to its fulfilment options; imports a
spend file through its preview and sees the Buy Social overview. The portfolio, progress, spend
overview, spend import preview and options pages have zero axe-core violations."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.directory.constants import CertificationKind
from impactplein.directory.services import profile_publish
from impactplein.organisations.constants import OrganisationKind
from impactplein.socialreturn.constants import EntryStatus
from tests.browser.axe import assert_no_axe_violations
from tests.directory.factories import certification, profile
from tests.organisations.factories import OrganisationFactory, UserFactory
from tests.socialreturn import factories

SPEND = (
    "kvk_nummer;naam;bedrag\r\n"
    "44556677;Drechtwerk Catering;12.500,00\r\n"
    "99887766;Bouwbedrijf Elders BV;37.500,00\r\n"
)


@pytest.fixture
def officer() -> Any:
    user = UserFactory(display_name="Ilse van Inkoop")
    user_grant_role(user=user, role_slug="procurement-officer")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def contracts(transactional_db: None) -> Any:
    """One contract well past half its term with 10% approved, and one on schedule."""
    today = timezone.localdate()
    start = today - timedelta(days=300)
    end = start + timedelta(days=364)
    lagging = factories.contract(
        reference="DR-ACHTER-1",
        title="Groenonderhoud Sterrenburg",
        start_date=start,
        end_date=end,
        awarded_on=start - timedelta(days=30),
        obligation=Decimal("50000"),
    )
    factories.entry(lagging, status=EntryStatus.APPROVED, value=Decimal("5000"))
    factories.entry(lagging, status=EntryStatus.SUBMITTED, value=Decimal("2500"))
    fine = factories.contract(
        reference="DR-OPSCHEMA-2",
        start_date=start,
        end_date=end,
        awarded_on=start - timedelta(days=30),
        obligation=Decimal("10000"),
    )
    factories.entry(fine, status=EntryStatus.APPROVED, value=Decimal("9000"))
    seller = OrganisationFactory(
        name="Drechtwerk Catering", kvk_number="44556677", kind=OrganisationKind.SOCIAL_ENTERPRISE
    )
    profile_publish(
        actor=None,
        profile=profile(seller, sells_to_buyers=True, offer="Lunches en catering voor kantoren"),
    )
    certification(
        seller,
        kind=CertificationKind.CODE_SOCIALE_ONDERNEMINGEN,
        valid_from=date(2024, 1, 1),
        valid_until=today + timedelta(days=400),
    )
    return lagging


def test_portfolio_to_progress_to_options_and_the_spend_import(
    browser_page: Any, live_server: Any, login_in_browser: Any, officer: Any, contracts: Any
) -> None:
    page = browser_page
    login_in_browser(page, live_server, officer)

    page.goto("/social-return/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portefeuille social return")
    first = page.locator("table[data-table=contracts] tbody tr").first
    expect(first).to_contain_text("DR-ACHTER-1")
    expect(first).to_contain_text("achterstand")
    assert_no_axe_violations(page)

    page.get_by_label("Afdeling", exact=True).select_option("Stadsbeheer")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page).to_have_url(
        f"{live_server.url}/social-return/?jaar=&afdeling=Stadsbeheer&opdrachtnemer=&status="
    )

    page.get_by_role("link", name="DR-ACHTER-1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voortgang van DR-ACHTER-1")
    expect(page.locator("[data-progress-warning]")).to_be_visible()
    expect(page.locator("[data-figure=remaining]")).to_have_text("€ 45.000")
    expect(page.locator("[data-figure=pending]")).to_have_text("€ 2.500")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Mogelijkheden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mogelijkheden voor DR-ACHTER-1")
    row = page.locator("tr[data-option='Drechtwerk Catering']")
    expect(row.locator("[data-value]")).to_have_text("€ 45.000")
    page.get_by_label("Bedrag van een inkoop (euro, excl. btw)").fill("10000")
    page.get_by_role("button", name="Berekenen").click()
    expect(row.locator("[data-value]")).to_have_text("€ 10.000")
    assert_no_axe_violations(page)

    page.goto("/social-return/inkoop/import/")
    page.get_by_label("Omschrijving").fill("Inkoop 2025")
    page.get_by_label("Periode vanaf").fill("2025-01-01")
    page.get_by_label("Periode tot en met").fill("2025-12-31")
    page.locator("input[name=file]").set_input_files(
        {"name": "uitgaven.csv", "mimeType": "text/csv", "buffer": SPEND.encode("utf-8")}
    )
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", name="Het bestand klopt")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Importeren bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Buy Social: inkoopuitgaven bij sociale ondernemingen"
    )
    expect(page.locator("[data-figure=social]")).to_contain_text("€ 12.500 (25,0%)")
    expect(page.locator("[data-unmatched]")).to_contain_text("99887766")
    assert_no_axe_violations(page)
