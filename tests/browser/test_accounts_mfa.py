"""Staff set up multi-factor login in the browser before they reach the staff pages: a user with
a staff role who logs in is sent to the authenticator set-up (after confirming the password),
the page shows the secret key, a code from that key activates the app, and from then on the
staff area at /beheer/ opens. Every page on the way passes axe-core."""

import re

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from impactplein.accounts.services import user_grant_role
from tests.browser.auth import DEFAULT_PASSWORD, create_verified_user
from tests.browser.axe import assert_no_axe_violations

ACTIVATE_TOTP = "/account/2fa/totp/activate/"
STAFF_MFA_MESSAGE = "Stel daarom eerst tweestapsverificatie in"


def current_totp_code(page, secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (RFC 6238), computed with the
    helpers allauth checks codes with (allauth/mfa/totp/internal/auth.py).

    allauth accepts only the current time step (``MFA_TOTP_TOLERANCE`` is 0), so, like a person
    who sees the code about to change, wait for a fresh step rather than type it in its last
    seconds.
    """
    period = mfa_settings.TOTP_PERIOD
    page.wait_for_function(f"() => (Date.now() / 1000) % {period} < {period - 3}", polling=100)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def coordinator(transactional_db, settings):
    settings.STAFF_MFA_REQUIRED = True
    person = create_verified_user("coordinator@example.org", display_name="Coördinator Test")
    user_grant_role(user=person, role_slug="programme-coordinator")
    return person


def log_in(page, email, password=DEFAULT_PASSWORD):
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def confirm_password_if_asked(page, password=DEFAULT_PASSWORD):
    """allauth asks for the password again before an authenticator is added."""
    expect(page).to_have_url(re.compile(r"/account/(reauthenticate/\?|2fa/totp/activate/$)"))
    if "/account/reauthenticate/" in page.url:
        expect(page.locator("main")).to_contain_text(STAFF_MFA_MESSAGE)
        assert_no_axe_violations(page)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Bevestigen").click()


def test_staff_set_up_an_authenticator_and_then_reach_the_staff_area(browser_page, coordinator):
    log_in(browser_page, coordinator.email)
    confirm_password_if_asked(browser_page)

    expect(browser_page).to_have_url(ACTIVATE_TOTP)
    expect(browser_page.locator("h1")).to_have_text("Authenticator-app instellen")
    assert_no_axe_violations(browser_page)

    # Not yet: the staff area sends them back to the set-up, saying why.
    browser_page.goto("/beheer/")
    expect(browser_page).to_have_url(ACTIVATE_TOTP)
    expect(browser_page.locator("main")).to_contain_text(STAFF_MFA_MESSAGE)

    secret = browser_page.get_by_label("Geheime sleutel").input_value()
    assert secret
    browser_page.get_by_label("Authenticator code").fill(current_totp_code(browser_page, secret))
    browser_page.get_by_role("button", name="Activeren").click()

    # Activated: allauth shows the recovery codes next, with a message.
    expect(browser_page).to_have_url("/account/2fa/recovery-codes/")
    expect(browser_page.locator("main")).to_contain_text("Authenticator-app geactiveerd")
    assert_no_axe_violations(browser_page)
    response = browser_page.goto("/beheer/")
    assert response.status == 200
    expect(browser_page).to_have_url("/beheer/")
    expect(browser_page.locator("h1")).to_contain_text("Beheer")


def test_a_wrong_code_is_refused_on_an_accessible_page(browser_page, coordinator):
    log_in(browser_page, coordinator.email)
    confirm_password_if_asked(browser_page)
    expect(browser_page).to_have_url(ACTIVATE_TOTP)
    secret = browser_page.get_by_label("Geheime sleutel").input_value()
    wrong = f"{(int(current_totp_code(browser_page, secret)) + 1) % 1_000_000:06d}"

    browser_page.get_by_label("Authenticator code").fill(wrong)
    browser_page.get_by_role("button", name="Activeren").click()

    expect(browser_page).to_have_url(ACTIVATE_TOTP)
    expect(browser_page.locator("[data-error-summary]")).to_be_focused()
    # The same secret stays on the page, so the app that was already set up keeps working.
    expect(browser_page.get_by_label("Geheime sleutel")).to_have_value(secret)
    assert_no_axe_violations(browser_page)
    browser_page.goto("/beheer/")
    expect(browser_page).to_have_url(ACTIVATE_TOTP)
