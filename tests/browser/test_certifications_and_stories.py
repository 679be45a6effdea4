"""Certifications and stories in a real browser, with zero axe-core violations on every page.

A member adds a certification with a PDF as evidence (after a refused attempt: the error summary
takes the focus), sees it on the list with its status, writes a story, adds a photo with the
recorded consent of the person on it and submits the story; an editor publishes it from the
review queue, and a visitor reads it on the public list and the story page.
"""

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.directory.models import Story
from tests.browser.axe import assert_no_axe_violations
from tests.directory.uploads import PDF, image_bytes
from tests.organisations.factories import OrganisationFactory, UserFactory, grant

EDITOR_PERMS = (
    "directory.view_story",
    "directory.add_story",
    "directory.change_story",
    "directory.review_story",
)


#: The image's natural width once it has loaded; 0 when it fails to.
LOADED_WIDTH = """image => image.complete ? image.naturalWidth : new Promise(done => {
    image.addEventListener("load", () => done(image.naturalWidth));
    image.addEventListener("error", () => done(0));
})"""


@pytest.fixture(autouse=True)
def _private_root(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def owner(transactional_db: None) -> Any:
    return UserFactory(email="anna@example.org", display_name="Anna de Vries")


@pytest.fixture
def organisation(owner: Any) -> Any:
    return OrganisationFactory(owner=owner, name="Fietsenmakerij De Spaak")


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def test_a_member_adds_a_certification_with_evidence(
    browser_page, live_server, login_in_browser, owner, organisation
):
    page = browser_page
    login_in_browser(page, live_server, owner)
    page.goto(f"/etalage/{organisation.pk}/certificeringen/")
    expect(heading(page)).to_have_text("Certificeringen van Fietsenmakerij De Spaak")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Certificering toevoegen").click()
    expect(heading(page)).to_have_text("Certificering toevoegen")
    assert_no_axe_violations(page)

    # A PSO without level and a script as evidence: refused, the input kept.
    page.get_by_label("Soort certificering").select_option(
        label="Prestatieladder Socialer Ondernemen (PSO)"
    )
    page.get_by_label("Geldig vanaf").fill("2026-01-01")
    page.get_by_label("Geldig tot en met").fill("2028-12-31")
    page.get_by_label("Bewijs").set_input_files(
        {"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": b"#!/bin/sh\necho\n"}
    )
    page.get_by_role("button", name="Certificering toevoegen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Kies het niveau van deze certificering.")
    expect(summary).to_contain_text("geen PDF, JPEG of PNG")
    expect(page.get_by_label("Geldig vanaf")).to_have_value("2026-01-01")
    assert_no_axe_violations(page)

    page.get_by_label("Niveau").select_option(label="PSO trede 2")
    page.get_by_label("Bewijs").set_input_files(
        {"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Certificering toevoegen").click()
    expect(page.get_by_role("status")).to_have_text("De certificering is toegevoegd.")
    row = page.get_by_role("row", name=re.compile("PSO trede 2"))
    expect(row).to_contain_text("Geldig")
    expect(row).to_contain_text("wacht op controle")
    assert_no_axe_violations(page)


def test_a_story_with_a_photo_and_consent_is_published_by_an_editor(
    browser, live_server, login_in_browser, owner, organisation
):
    writer = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = writer.new_page()
    login_in_browser(page, live_server, owner)

    page.goto("/etalage/verhalen/")
    expect(heading(page)).to_have_text("Mijn verhalen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Verhaal schrijven").click()
    assert_no_axe_violations(page)
    page.get_by_label("Fietsenmakerij De Spaak").check()
    page.get_by_label("Titel").fill("Van fietswrak tot baan")
    page.get_by_label("Inleiding").fill("Hoe een fietsenmakerij mensen aan werk helpt.")
    page.locator("#id_body").fill("Het begon met één werkplaats.\n\nNu zijn het er drie.")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(heading(page)).to_have_text("Van fietswrak tot baan")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Foto toevoegen").click()
    expect(heading(page)).to_have_text("Foto toevoegen")
    assert_no_axe_violations(page)
    page.locator("#id_image").set_input_files(
        {"name": "werkplaats.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (80, 60))}
    )
    page.get_by_label("Tekstalternatief").fill("Monteur Samir zet een wiel in een fietsframe")
    page.get_by_label("Toestemming gegeven door").fill("Samir Haddou")
    page.get_by_label("Datum van de toestemming").fill(date(2026, 5, 1).isoformat())
    page.get_by_role("checkbox", name="website").check()
    page.get_by_label("Manier waarop de toestemming is gegeven").select_option(
        label="ondertekend toestemmingsformulier"
    )
    page.get_by_role("button", name="Foto toevoegen").click()
    expect(page.get_by_role("status")).to_have_text("De foto is toegevoegd.")
    expect(page.get_by_text("toestemming van Samir Haddou")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Indienen bij de redactie").click()
    expect(page.locator("[data-story-status]")).to_have_text("ingediend")
    writer.close()

    editor = grant(UserFactory(email="redactie@example.org"), *EDITOR_PERMS)
    review = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = review.new_page()
    login_in_browser(page, live_server, editor)
    page.goto("/etalage/verhalen/beoordelen/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Van fietswrak tot baan").click()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("status")).to_have_text("Het verhaal is gepubliceerd.")
    review.close()

    visitor = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = visitor.new_page()
    page.goto("/verhalen/")
    expect(heading(page)).to_have_text("Verhalen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Van fietswrak tot baan").click()
    expect(heading(page)).to_have_text("Van fietswrak tot baan")
    photo = page.get_by_role("img", name="Monteur Samir zet een wiel in een fietsframe")
    expect(photo).to_be_visible()
    # Visible is laid out, not yet loaded: wait for the load (or its failure) before measuring.
    assert photo.evaluate(LOADED_WIDTH) == 80
    assert_no_axe_violations(page)
    visitor.close()
    assert Story.objects.get().status == "published"
