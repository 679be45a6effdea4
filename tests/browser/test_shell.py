"""The page shell in a real browser: every page passes axe-core's WCAG 2.1 A/AA rules, works by
keyboard (skip link first, the whole header reachable), switches language without JavaScript,
and shows friendly error pages."""

from urllib.request import urlopen

import pytest

from tests.browser.auth import create_verified_user, login_in_browser
from tests.browser.axe import assert_no_axe_violations

CONTENT_PAGES = [
    ("/", "Samen ondernemen met impact"),
    ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
    ("/privacy/", "Privacyverklaring"),
    ("/colofon/", "Colofon"),
]


def test_live_server_serves_the_front_end_packages(live_server):
    for path, expected in [
        ("/static/vendor/utrecht/index.css", ".utrecht-button"),
        ("/static/vendor/utrecht-tokens/theme.css", ".utrecht-theme"),
        ("/static/impactplein/css/theme.css", ".impactplein-theme"),
        ("/static/vendor/htmx/htmx.min.js", "htmx"),
    ]:
        with urlopen(live_server.url + path) as response:  # noqa: S310 - the local live server
            assert response.status == 200, path
            assert expected in response.read().decode(), path


@pytest.mark.parametrize(("path", "heading"), CONTENT_PAGES)
def test_content_pages_have_no_axe_violations(browser_page, path, heading):
    response = browser_page.goto(path)

    assert response.status == 200
    assert browser_page.locator("h1").inner_text() == heading
    assert browser_page.locator("html").get_attribute("lang") == "nl"
    assert_no_axe_violations(browser_page)


def test_the_theme_is_applied(browser_page):
    browser_page.goto("/")

    nav_background = browser_page.eval_on_selector(
        ".utrecht-nav-bar", "element => getComputedStyle(element).backgroundColor"
    )
    assert nav_background == "rgb(0, 59, 54)"  # --impactplein-color-teal-80


def test_home_page_for_a_logged_in_user_has_no_axe_violations(browser_page, live_server):
    user = create_verified_user("lid@example.org", display_name="Fatima de Groot")
    login_in_browser(browser_page, live_server, user)

    browser_page.goto("/")

    assert "Ingelogd als Fatima de Groot" in browser_page.locator("header").inner_text()
    assert browser_page.get_by_role("button", name="Uitloggen").is_visible()
    assert_no_axe_violations(browser_page)


def test_logging_out_is_a_button_in_the_header(browser_page, live_server, verified_user):
    login_in_browser(browser_page, live_server, verified_user)
    browser_page.goto("/privacy/")

    browser_page.get_by_role("button", name="Uitloggen").click()

    browser_page.wait_for_load_state()
    assert browser_page.get_by_role("link", name="Inloggen").first.is_visible()
    assert browser_page.get_by_role("button", name="Uitloggen").count() == 0


def test_not_found_page_is_friendly_and_accessible(browser_page):
    response = browser_page.goto("/deze-pagina-bestaat-niet/")

    assert response.status == 404
    assert browser_page.locator("h1").inner_text() == "Pagina niet gevonden"
    assert browser_page.get_by_role("link", name="de startpagina").is_visible()
    assert_no_axe_violations(browser_page)


@pytest.mark.urls("tests.browser.urls")
def test_forbidden_page_is_friendly_and_accessible(browser_page, live_server, verified_user):
    login_in_browser(browser_page, live_server, verified_user)

    response = browser_page.goto("/test/verboden/")

    assert response.status == 403
    assert browser_page.locator("h1").inner_text() == "Geen toegang"
    assert_no_axe_violations(browser_page)


@pytest.mark.urls("tests.browser.urls")
def test_forbidden_page_offers_to_log_in(browser_page):
    response = browser_page.goto("/test/verboden/")

    assert response.status == 403
    login = browser_page.get_by_role("link", name="Inloggen").last
    assert login.get_attribute("href") == "/account/login/?next=/test/verboden/"


def test_a_stale_form_gets_the_friendly_forbidden_page(browser_page, browser_context):
    """A real 403: the CSRF check refuses a form whose cookie is gone."""
    browser_page.goto("/colofon/")
    browser_context.clear_cookies()

    with browser_page.expect_response(lambda response: "/i18n/setlang/" in response.url) as info:
        browser_page.get_by_role("button", name="English").click()

    assert info.value.status == 403
    assert browser_page.locator("h1").inner_text() == "Het formulier is verlopen"
    assert_no_axe_violations(browser_page)


def test_language_switch_changes_text_and_lang_and_back(browser_page):
    browser_page.goto("/toegankelijkheid/")
    assert browser_page.locator("h1").inner_text() == "Toegankelijkheidsverklaring"

    browser_page.get_by_role("button", name="English").click()

    browser_page.wait_for_url("**/toegankelijkheid/")
    assert browser_page.locator("html").get_attribute("lang") == "en"
    assert browser_page.locator("h1").inner_text() == "Accessibility statement"
    assert browser_page.get_by_role("navigation", name="Main menu").is_visible()
    assert_no_axe_violations(browser_page)

    browser_page.get_by_role("button", name="Nederlands").click()

    browser_page.wait_for_url("**/toegankelijkheid/")
    assert browser_page.locator("html").get_attribute("lang") == "nl"
    assert browser_page.locator("h1").inner_text() == "Toegankelijkheidsverklaring"


def test_language_switch_works_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/colofon/")

        page.get_by_role("button", name="English").click()

        page.wait_for_url("**/colofon/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Colophon"
    finally:
        context.close()


def _focused(page):
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            return {
                tag: element.tagName,
                id: element.id,
                text: (element.innerText || "").trim(),
                inHeader: Boolean(element.closest("header")),
                key: element.outerHTML,
            };
        }"""
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser_page):
    browser_page.goto("/")

    browser_page.keyboard.press("Tab")
    focused = _focused(browser_page)
    assert focused["text"] == "Naar de hoofdinhoud"
    box = browser_page.locator(".utrecht-skip-link").bounding_box()
    assert box is not None  # shown once it has the focus
    assert box["y"] >= 0
    assert box["height"] > 0

    browser_page.keyboard.press("Enter")

    assert _focused(browser_page)["id"] == "main"


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_whole_header_is_reachable_by_keyboard(browser_page, live_server, logged_in):
    if logged_in:
        login_in_browser(browser_page, live_server, create_verified_user("toetsenbord@example.org"))
    browser_page.goto("/")
    expected = browser_page.eval_on_selector_all(
        "header a[href], header button", "elements => elements.map(element => element.outerHTML)"
    )

    reached = []
    for _ in range(len(expected) + 5):
        browser_page.keyboard.press("Tab")
        focused = _focused(browser_page)
        if focused["inHeader"]:
            reached.append(focused["key"])
        elif reached:
            break

    assert reached == expected
    menu = browser_page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Startpagina", exact=True).is_visible()
    if logged_in:
        assert menu.get_by_role("link", name="Mijn organisaties").is_visible()


@pytest.mark.urls("tests.browser.urls")
def test_form_errors_are_summarised_focused_and_linked_to_their_fields(browser_page):
    browser_page.goto("/test/formulier/")
    assert_no_axe_violations(browser_page)

    browser_page.get_by_label("Naam").fill("Bakkerij De Korenbloem")
    browser_page.get_by_role("button", name="Opslaan").click()
    browser_page.wait_for_load_state()

    summary = browser_page.locator("[data-error-summary]")
    assert summary.evaluate("element => element === document.activeElement")
    assert "Het formulier is nog niet compleet." in summary.inner_text()
    email = browser_page.get_by_label("E-mailadres")
    assert email.get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(browser_page)

    summary.get_by_role("link", name="E-mailadres: Dit veld is verplicht.").click()

    assert email.evaluate("element => element === document.activeElement")
    summary.get_by_role("link", name="Soort organisatie: Dit veld is verplicht.").click()
    assert browser_page.get_by_label("Bedrijf").evaluate(
        "element => element === document.activeElement"
    )
