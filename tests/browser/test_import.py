"""Staff import in a real browser: a file with an error shows the bad row and writes nothing; the
fixed file shows the preview, and the confirmation imports it. A large file shows the worker's
state and updates itself (by a link without JavaScript). Every step of the import pages has zero
axe-core violations (WCAG 2.1 AA)."""

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from impactplein.directory.models import ImportBatch
from impactplein.organisations.models import Organisation
from tests.browser.auth import login_in_browser
from tests.browser.axe import assert_no_axe_violations
from tests.organisations.factories import OrganisationFactory, UserFactory

HEADER = "naam;soort;rechtsvorm;gemeente_cbs_code;kvk_nummer;pitch\r\n"
BAD = HEADER + "Fietsfabriek;fietsenmaker;bv;GM0505;;Wij maken fietsen\r\n"
FIXED = HEADER + "Fietsfabriek;social_enterprise;bv;GM0505;;Wij maken fietsen\r\n"
FIXED += "Bakkerij De Korenaar;company;bv;GM0505;11223344;Brood met een verhaal\r\n"


@pytest.fixture
def coordinator() -> Any:
    """A programme coordinator (who may import) with an authenticator app, as staff must."""
    user = UserFactory(display_name="Carla Coördinator")
    user_grant_role(user=user, role_slug="programme-coordinator")
    TOTP.activate(user, generate_totp_secret())
    return user


def choose_file(page: Any, name: str, text: str) -> None:
    page.locator("input[name=file]").first.set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )
    page.get_by_role("button", name="Bestand controleren").first.click()


def test_upload_a_bad_file_then_the_fixed_one_and_confirm(
    browser_page: Any, live_server: Any, login_in_browser: Any, coordinator: Any
) -> None:
    OrganisationFactory(name="Bakkerij Korenaar", kvk_number=None)
    page = browser_page
    login_in_browser(page, live_server, coordinator)

    page.goto("/etalage/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Organisaties en impactprofielen importeren"
    )
    assert_no_axe_violations(page)

    choose_file(page, "lijst.csv", BAD)
    expect(page.get_by_role("heading", name="Het bestand heeft fouten")).to_be_visible()
    row = page.locator("#rij-2")
    expect(row).to_contain_text("soort")
    expect(row).to_contain_text("'fietsenmaker' is geen van de mogelijke waarden")
    expect(page.get_by_role("button", name="Importeren bevestigen")).to_have_count(0)
    assert_no_axe_violations(page)
    assert not Organisation.objects.filter(name="Fietsfabriek").exists()

    choose_file(page, "lijst-verbeterd.csv", FIXED)
    expect(page.get_by_role("heading", name="Het bestand klopt")).to_be_visible()
    expect(page.locator("[data-import-summary]")).to_contain_text("2 nieuw")
    expect(page.locator("#rij-3")).to_contain_text("Bakkerij Korenaar")  # a possible duplicate
    assert_no_axe_violations(page)
    assert not Organisation.objects.filter(name="Fietsfabriek").exists()

    page.get_by_role("button", name="Importeren bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het importbestand is verwerkt")
    expect(page.locator("[data-import-done]")).to_contain_text("2 nieuw")
    assert_no_axe_violations(page)
    assert Organisation.objects.filter(name="Fietsfabriek").exists()
    assert Organisation.objects.get(kvk_number="11223344").impact_profile.pitch == (
        "Brood met een verhaal"
    )

    page.get_by_role("link", name="Een ander bestand importeren").click()
    expect(page.locator("[data-import-batches] a")).to_have_count(2)  # the bad and the fixed file
    assert_no_axe_violations(page)


def test_the_page_of_a_file_in_the_worker_says_so_and_refreshes_itself(
    browser_page: Any, live_server: Any, login_in_browser: Any, coordinator: Any
) -> None:
    batch = ImportBatch.objects.create(
        uploaded_by=coordinator,
        filename="groot.csv",
        sha256="0" * 64,
        content=FIXED.encode(),
        row_count=5000,
        status=ImportBatch.Status.CHECKING,
    )
    page = browser_page
    login_in_browser(page, live_server, coordinator)

    page.goto(f"/etalage/import/{batch.pk}/")
    expect(page.get_by_role("status")).to_contain_text("groot.csv (5000 rijen) wordt gecontroleerd")
    assert_no_axe_violations(page)

    # The worker finishes: the page shows it by itself, without a reload of the whole page.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, message="De controle van het bestand is mislukt."
    )
    expect(page.get_by_role("alert")).to_contain_text(
        "De controle van het bestand is mislukt.", timeout=15_000
    )
    assert_no_axe_violations(page)


def test_without_javascript_the_working_page_refreshes_by_a_link(
    browser: Any, live_server: Any, coordinator: Any
) -> None:
    batch = ImportBatch.objects.create(
        uploaded_by=coordinator,
        filename="groot.csv",
        sha256="0" * 64,
        content=FIXED.encode(),
        row_count=5000,
        status=ImportBatch.Status.CHECKING,
    )
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    login_in_browser(page, live_server, coordinator)
    page.goto(f"/etalage/import/{batch.pk}/")
    expect(page.get_by_role("status")).to_contain_text("wordt gecontroleerd")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, message="De controle van het bestand is mislukt."
    )
    page.get_by_role("link", name="Nu vernieuwen").click()
    expect(page.get_by_role("alert")).to_contain_text("De controle van het bestand is mislukt.")
    context.close()
