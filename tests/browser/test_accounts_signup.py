"""Signing up in the browser, end to end: the form sends a verification mail; until the link in
that mail is followed, logging in is refused with a message that says why; following the link
and confirming logs the new user in. Every page on the way passes axe-core."""

import re

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

EMAIL = "nieuw@example.org"
PASSWORD = "een-lang-wachtwoord-42"
NOT_YET_CONFIRMED = "Je kunt pas inloggen als je je e-mailadres hebt bevestigd"


def confirmation_path(message):
    match = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(page, *, email=EMAIL, name="", password=PASSWORD):
    page.goto("/account/signup/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord (verplicht)").fill(password)
    page.get_by_label("Wachtwoord (bevestigen)").fill(password)
    page.get_by_role("button", name="Account aanmaken").click()


def log_in(page, *, email=EMAIL, password=PASSWORD):
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_sign_up_confirm_by_mail_and_be_logged_in(browser_page, transactional_db, mailoutbox):
    sign_up(browser_page, name="Fatima de Vries")

    expect(browser_page).to_have_url("/account/confirm-email/")
    expect(browser_page.locator("h1")).to_have_text("Bevestig je e-mailadres")
    expect(browser_page.locator("main")).to_contain_text(f"e-mail verzonden aan {EMAIL}")
    assert_no_axe_violations(browser_page)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [EMAIL]

    browser_page.goto(confirmation_path(mailoutbox[0]))

    expect(browser_page.locator("h1")).to_have_text("Bevestig e-mailadres")
    assert_no_axe_violations(browser_page)

    browser_page.get_by_role("button", name="Bevestigen").click()

    expect(browser_page).to_have_url("/")
    expect(browser_page.locator("main")).to_contain_text(f"e-mailadres {EMAIL} bevestigd")
    header = browser_page.locator("header")
    expect(header).to_contain_text("Ingelogd als Fatima de Vries")
    expect(header.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_before_confirming_logging_in_is_refused_with_a_clear_message(
    browser_page, browser_context, transactional_db, mailoutbox
):
    sign_up(browser_page)
    expect(browser_page).to_have_url("/account/confirm-email/")
    browser_context.clear_cookies()  # a later visit, without the sign-up's session

    log_in(browser_page)

    expect(browser_page).to_have_url("/account/confirm-email/")
    expect(browser_page.locator("main")).to_contain_text(NOT_YET_CONFIRMED)
    expect(browser_page.locator("header")).not_to_contain_text("Ingelogd als")
    assert_no_axe_violations(browser_page)

    browser_page.goto(confirmation_path(mailoutbox[0]))
    browser_page.get_by_role("button", name="Bevestigen").click()
    expect(browser_page).to_have_url("/")
    browser_context.clear_cookies()
    log_in(browser_page)

    expect(browser_page).to_have_url("/")
    expect(browser_page.locator("header")).to_contain_text(f"Ingelogd als {EMAIL}")


def test_a_used_or_wrong_link_says_so(browser_page, transactional_db):
    browser_page.goto("/account/confirm-email/niet-een-sleutel/")

    expect(browser_page.locator("h1")).to_have_text("Bevestig e-mailadres")
    expect(browser_page.locator("main")).to_contain_text("verlopen of niet geldig")
    assert_no_axe_violations(browser_page)
