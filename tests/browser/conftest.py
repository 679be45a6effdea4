"""Browser tests: Playwright for Python drives Debian's Chromium against the live server.

Every test under tests/browser/ carries the ``browser`` marker. Without /usr/bin/chromium the
tests are skipped with the reason, unless ``BROWSER_TESTS=required`` (CI sets it): then they
fail. Browsers are never downloaded.

Fixtures:
  browser_page       a fresh Playwright page in its own context (cookies, storage), Dutch locale,
                     1280x800, with ``base_url`` set to the live server: ``browser_page.goto("/")``
  browser_context    the context of that page (add cookies, open a second page)
  browser            the Chromium browser, one per test session
  live_server        pytest-django's live server (static files served from the finders)
  login_in_browser   the function login_in_browser(page, live_server, user) from
                     tests.browser.auth: logs ``user`` in by a session cookie
  verified_user      a user (gebruiker@example.org, tests.browser.auth.DEFAULT_PASSWORD) whose
                     e-mail address is verified, so that it can also log in through the form

Helpers to import:
  tests.browser.axe   assert_no_axe_violations(page), run_axe(page)
  tests.browser.auth  create_verified_user(email, password, **extra), login_in_browser(...),
                      DEFAULT_PASSWORD
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import auth

# The sync Playwright API runs an event loop in the test thread; Django's ORM would refuse to
# run there, although the test code itself is plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DIR = Path(__file__).resolve().parent


def browser_tests_required() -> bool:
    return os.environ.get("BROWSER_TESTS", "").lower() == "required"


def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = None
    if not chromium_available() and not browser_tests_required():
        skip = pytest.mark.skip(
            reason=f"browser test: Chromium not found at {CHROMIUM} "
            "(install Debian's chromium package; BROWSER_TESTS=required makes this a failure)"
        )
    for item in items:
        if BROWSER_DIR not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if skip is not None:
            item.add_marker(skip)


def _require_chromium() -> None:
    # Reached only when the tests were not skipped, i.e. with BROWSER_TESTS=required.
    if not chromium_available():
        pytest.fail(f"BROWSER_TESTS=required, but Chromium is not found at {CHROMIUM}")


@pytest.fixture(autouse=True)
def _chromium_present() -> None:
    _require_chromium()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    _require_chromium()

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context: Any) -> Any:
    return browser_context.new_page()


@pytest.fixture
def login_in_browser() -> Any:
    return auth.login_in_browser


@pytest.fixture
def verified_user(transactional_db: None) -> Any:
    return auth.create_verified_user()
