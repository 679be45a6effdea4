"""Social-return fulfilment in a real browser, with zero axe-core violations on every page.

A supplier's member reports a placement (by candidate code) and a purchase from a social
enterprise, each with evidence, and submits both; an officer approves the placement and rejects
the purchase with a reason; the member sees both outcomes on the contract's entries. Before that,
the member deletes a draft they no longer need, after a confirmation page that shows it.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.directory.models import Certification
from impactplein.socialreturn.constants import EntryKind
from impactplein.socialreturn.services import fulfilment
from tests.browser.axe import assert_no_axe_violations
from tests.directory.uploads import PDF
from tests.organisations.factories import OrganisationFactory
from tests.socialreturn import factories as f


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STAFF_MFA_REQUIRED = False  # the second factor has its own browser test


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def test_a_supplier_reports_and_an_officer_decides(
    browser, live_server, login_in_browser, transactional_db
):
    contract = f.contract(reference="SR-2026-0042", title="Groenonderhoud Dordrecht-West")
    member = f.supplier_member(contract, email="planner@groen.example", display_name="Eva Groen")
    candidate = f.candidate("K-7F3Q2A")
    enterprise = OrganisationFactory(name="Drechtwerk Groen")
    Certification.objects.create(
        organisation=enterprise, kind="code_sociale_ondernemingen", valid_from=date(2025, 1, 1)
    )
    officer = f.officer(email="inkoper@dordrecht.example", display_name="Ilse Inkoop")
    mistake = fulfilment.entry_create(
        actor=member,
        contract=contract,
        kind=EntryKind.COST_ITEM,
        block="opleiding",
        amount=Decimal("750"),
        description="Per abuis ingevoerd",
    )

    supplier = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = supplier.new_page()
    login_in_browser(page, live_server, member)
    page.goto(f"/social-return/contracten/{contract.pk}/invulling/")
    expect(heading(page)).to_have_text("Invulling van contract SR-2026-0042")
    assert_no_axe_violations(page)

    # A draft entered by mistake is deleted, after a page that shows what goes.
    page.get_by_role("link", name=f"Verwijderen invulling #{mistake.pk}").click()
    expect(heading(page)).to_have_text(f"Invulling #{mistake.pk} verwijderen")
    expect(page.locator("#entry-to-delete")).to_contain_text("Per abuis ingevoerd")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Verwijderen").click()
    expect(heading(page)).to_have_text("Invulling van contract SR-2026-0042")
    expect(page.get_by_text(f"Invulling #{mistake.pk} is verwijderd.")).to_be_visible()
    expect(page.get_by_text("Per abuis ingevoerd")).to_have_count(0)
    assert_no_axe_violations(page)

    # A placement, under the code from the employer-services desk.
    page.get_by_role("link", name="Nieuwe plaatsing").click()
    expect(heading(page)).to_have_text("Nieuwe plaatsing")
    assert_no_axe_violations(page)
    page.get_by_label("Kandidaatcode").fill("K-7F3Q2B")  # a typo first
    page.get_by_label("Doelgroep").select_option("participatiewet")
    page.get_by_label("Uren per week").fill("18")
    page.get_by_label("Startdatum").fill("2026-01-01")
    page.get_by_label("Einddatum").fill("2026-06-30")
    page.get_by_role("button", name="Opslaan als concept").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Deze kandidaatcode kennen we niet")
    assert_no_axe_violations(page)
    page.get_by_label("Kandidaatcode").fill(candidate.code)
    page.get_by_label("Bewijsstuk").set_input_files(
        {"name": "arbeidsovereenkomst.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(heading(page)).to_have_text(re.compile(r"Invulling #\d+: plaatsing"))
    expect(page.get_by_text("Waarde: € 10.000", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="arbeidsovereenkomst.pdf")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#entry-status")).to_have_text("Ingediend")
    assert_no_axe_violations(page)

    # A purchase from a social enterprise, with the invoice as evidence.
    page.goto(f"/social-return/contracten/{contract.pk}/invulling/")
    page.get_by_role("link", name="Nieuwe inkoop bij sociale onderneming").click()
    assert_no_axe_violations(page)
    page.get_by_label("Factuurnummer").fill("DW-2026-017")
    page.get_by_label("Factuurdatum").fill("2026-03-15")
    page.get_by_label("Bedrag excl. btw").fill("4.250,00")
    page.get_by_label("Sociale onderneming").select_option(label="Drechtwerk Groen")
    page.get_by_label("Bewijsstuk").set_input_files(
        {"name": "factuur.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Waarde: € 4.250", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    # By keyboard: the button takes the focus and Enter submits.
    page.get_by_role("button", name="Indienen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#entry-status")).to_have_text("Ingediend")
    supplier.close()

    # The officer approves the placement and rejects the purchase with a reason.
    review = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = review.new_page()
    login_in_browser(page, live_server, officer)
    page.goto("/social-return/beoordelen/")
    expect(heading(page)).to_have_text("Invullingen beoordelen")
    expect(page.get_by_role("table")).to_contain_text("2 invullingen wachten op beoordeling")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("K-7F3Q2A")).click()
    expect(page.get_by_text("K-7F3Q2A").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator("#entry-status")).to_have_text("Goedgekeurd")
    assert_no_axe_violations(page)

    page.goto("/social-return/beoordelen/")
    page.get_by_role("link", name=re.compile("DW-2026-017")).click()
    page.get_by_role("button", name="Afwijzen").click()  # without a reason first
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Geef de reden van de afwijzing")
    assert_no_axe_violations(page)
    page.get_by_label("Reden van afwijzing").fill("Op de factuur ontbreekt het btw-bedrag.")
    page.get_by_role("button", name="Afwijzen").click()
    expect(page.locator("#entry-status")).to_have_text("Afgewezen")
    assert_no_axe_violations(page)
    review.close()

    # The supplier sees both outcomes.
    again = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = again.new_page()
    login_in_browser(page, live_server, member)
    page.goto(f"/social-return/contracten/{contract.pk}/invulling/")
    placement_row = page.get_by_role("row", name=re.compile("K-7F3Q2A"))
    expect(placement_row).to_contain_text("Goedgekeurd")
    purchase_row = page.get_by_role("row", name=re.compile("DW-2026-017"))
    expect(purchase_row).to_contain_text("Afgewezen")
    expect(purchase_row).to_contain_text("Op de factuur ontbreekt het btw-bedrag.")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("DW-2026-017")).click()
    expect(page.get_by_role("button", name="Opnieuw indienen")).to_be_visible()
    expect(page.locator("#entry-history")).to_contain_text("afgewezen (Ilse Inkoop)")
    assert_no_axe_violations(page)
    again.close()
