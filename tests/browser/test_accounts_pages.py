"""The account pages a visitor meets (log in, sign up, password reset, "check your e-mail") pass
axe-core's WCAG 2.1 A/AA rules, also when a form comes back with mistakes, and the language
switch on the login page turns the page to English and back to Dutch."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

VISITOR_PAGES = [
    ("/account/login/", "Inloggen"),
    ("/account/signup/", "Account aanmaken"),
    ("/account/password/reset/", "Nieuw wachtwoord"),
    ("/account/confirm-email/", "Bevestig je e-mailadres"),
]


@pytest.mark.parametrize(("path", "heading"), VISITOR_PAGES)
def test_account_pages_for_visitors_have_no_axe_violations(browser_page, path, heading):
    response = browser_page.goto(path)

    assert response.status == 200
    expect(browser_page.locator("h1")).to_have_text(heading)
    expect(browser_page.locator("html")).to_have_attribute("lang", "nl")
    assert_no_axe_violations(browser_page)


def test_sign_up_with_mistakes_is_summarised_and_has_no_axe_violations(
    browser_page, transactional_db
):
    browser_page.goto("/account/signup/")
    browser_page.get_by_label("E-mailadres").fill("nieuw@example.org")
    browser_page.get_by_label("Wachtwoord (verplicht)").fill("12345")
    browser_page.get_by_label("Wachtwoord (bevestigen)").fill("54321")

    browser_page.get_by_role("button", name="Account aanmaken").click()

    summary = browser_page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Wachtwoord")
    expect(browser_page.get_by_label("Wachtwoord (verplicht)")).to_have_attribute(
        "aria-invalid", "true"
    )
    # What was typed in the address is kept; nobody has to type it twice.
    expect(browser_page.get_by_label("E-mailadres")).to_have_value("nieuw@example.org")
    assert_no_axe_violations(browser_page)


def test_an_empty_sign_up_names_every_required_field(browser_page, transactional_db):
    browser_page.goto("/account/signup/")

    browser_page.get_by_role("button", name="Account aanmaken").click()

    summary = browser_page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    for label in ("E-mailadres", "Wachtwoord", "Wachtwoord (bevestigen)"):
        expect(
            summary.get_by_role("link", name=f"{label}: Dit veld is verplicht.", exact=True)
        ).to_be_visible()
    assert_no_axe_violations(browser_page)


def test_asking_for_a_new_password_shows_an_accessible_confirmation(
    browser_page, verified_user, mailoutbox
):
    browser_page.goto("/account/password/reset/")
    browser_page.get_by_label("E-mailadres").fill(verified_user.email)

    browser_page.get_by_role("button", name="Herstel mijn wachtwoord").click()

    expect(browser_page).to_have_url("/account/password/reset/done/")
    assert len(mailoutbox) == 1
    assert_no_axe_violations(browser_page)


def test_language_switch_on_the_login_page_turns_labels_to_english_and_back(browser_page):
    browser_page.goto("/account/login/")
    expect(browser_page.locator("h1")).to_have_text("Inloggen")
    expect(browser_page.locator("label[for=id_login]")).to_have_text("E-mailadres (verplicht)")

    browser_page.get_by_role("button", name="English").click()

    expect(browser_page.locator("html")).to_have_attribute("lang", "en")
    expect(browser_page).to_have_url("/account/login/")
    expect(browser_page.locator("h1")).to_have_text("Log in")
    expect(browser_page.locator("label[for=id_login]")).to_have_text("Email (required)")
    expect(browser_page.locator("label[for=id_password]")).to_have_text("Password (required)")
    expect(browser_page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    assert_no_axe_violations(browser_page)

    browser_page.get_by_role("button", name="Nederlands").click()

    expect(browser_page.locator("html")).to_have_attribute("lang", "nl")
    expect(browser_page).to_have_url("/account/login/")
    expect(browser_page.locator("h1")).to_have_text("Inloggen")
    expect(browser_page.locator("label[for=id_login]")).to_have_text("E-mailadres (verplicht)")
    expect(browser_page.locator("label[for=id_password]")).to_have_text("Wachtwoord (verplicht)")
