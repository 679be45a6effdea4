"""Logging in works by keyboard alone: from a fresh page the e-mail field is reached with Tab
within a reasonable number of presses, Tab moves on to the password, Enter logs in, and the
header then names the account. A wrong password is refused with a message, by keyboard too."""

from playwright.sync_api import expect

from tests.browser.auth import DEFAULT_PASSWORD

MAX_TAB_PRESSES = 40


def _focused_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_to(page, element_id, limit=MAX_TAB_PRESSES):
    """Press Tab until the element with ``element_id`` has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if _focused_id(page) == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached with {limit} presses of Tab")


def log_in_by_keyboard(page, email, password):
    page.goto("/account/login/")
    presses = tab_to(page, "id_login")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert _focused_id(page) == "id_password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    return presses


def test_log_in_by_keyboard_alone(browser_page, verified_user):
    presses = log_in_by_keyboard(browser_page, verified_user.email, DEFAULT_PASSWORD)

    assert presses <= MAX_TAB_PRESSES
    expect(browser_page).to_have_url("/")
    header = browser_page.locator("header")
    expect(header).to_contain_text(f"Ingelogd als {verified_user.email}")
    expect(header.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(header.get_by_role("link", name="Inloggen")).to_have_count(0)


def test_the_skip_link_shortens_the_way_to_the_form(browser_page):
    browser_page.goto("/account/login/")
    browser_page.keyboard.press("Tab")
    browser_page.keyboard.press("Enter")

    presses = tab_to(browser_page, "id_login", limit=5)

    assert presses <= 5


def test_a_wrong_password_is_refused_with_a_message(browser_page, verified_user):
    log_in_by_keyboard(browser_page, verified_user.email, "niet-het-wachtwoord")

    expect(browser_page).to_have_url("/account/login/")
    summary = browser_page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct."
    )
    expect(browser_page.locator("header")).not_to_contain_text("Ingelogd als")
    # The address stays filled in; only the password has to be typed again.
    expect(browser_page.get_by_label("E-mailadres")).to_have_value(verified_user.email)
