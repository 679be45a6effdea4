"""Staff must set up multi-factor login (an authenticator app) before they reach staff pages.

A staff user holds ``accounts.access_staff_area`` through a role, or is staff or superuser.
Without an active TOTP authenticator every page but the account pages, logout, the language
switch, the health check, static files and the public information pages sends them to the
activation page, with a message saying why.
"""

from django.contrib.messages import get_messages

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.accounts.conftest import log_in
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]

ACTIVATE_TOTP = "/account/2fa/totp/activate/"
STAFF_PAGE = "/proef/beheer/"


def confirm_password(client, password=PASSWORD):
    """allauth asks for the password again before an authenticator is added."""
    return client.post(f"/account/reauthenticate/?next={ACTIVATE_TOTP}", {"password": password})


def test_staff_without_mfa_are_sent_to_set_it_up(client, coordinator):
    log_in(client, coordinator.email)

    response = client.get(STAFF_PAGE)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Stel daarom eerst tweestapsverificatie in" in message for message in messages)


def test_after_logging_in_staff_go_straight_to_the_set_up(client, coordinator):
    response = log_in(client, coordinator.email)

    assert response["Location"] == ACTIVATE_TOTP


def test_every_other_page_sends_them_there_too(client, coordinator):
    log_in(client, coordinator.email)

    for path in ("/proef/leden/", "/beheer/", "/organisaties/"):
        assert client.get(path)["Location"] == ACTIVATE_TOTP, path


def test_a_path_that_is_no_page_answers_404_and_keeps_the_set_up_secret(client, coordinator):
    # A browser's stray /favicon.ico must not reload the set-up page: that would replace the
    # secret the user is scanning.
    log_in(client, coordinator.email)
    confirm_password(client)
    client.get(ACTIVATE_TOTP)
    secret = client.session.get("mfa.totp.secret")
    assert secret

    for path in ("/favicon.ico", "/bestaat-niet/"):
        assert client.get(path).status_code == 404, path

    assert client.session.get("mfa.totp.secret") == secret


def test_set_up_logout_and_public_pages_stay_reachable(client, coordinator):
    log_in(client, coordinator.email)

    for path in (
        ACTIVATE_TOTP,
        "/account/2fa/",
        "/account/",
        "/account/email/",
        "/",
        "/toegankelijkheid/",
        "/privacy/",
        "/colofon/",
        "/health/",
    ):
        response = client.get(path)
        assert response.get("Location") != ACTIVATE_TOTP, path
    confirm_password(client)
    assert client.get(ACTIVATE_TOTP).status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 302
    response = client.post("/account/logout/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_after_activating_totp_staff_reach_staff_pages(client, coordinator):
    log_in(client, coordinator.email)
    TOTP.activate(coordinator, generate_totp_secret())

    response = client.get(STAFF_PAGE)

    assert response.status_code == 200
    assert response.content == b"staff page"


def test_the_activation_page_explains_and_offers_a_qr_code(client, coordinator):
    log_in(client, coordinator.email)
    assert confirm_password(client)["Location"] == ACTIVATE_TOTP

    response = client.get(ACTIVATE_TOTP)

    html = response.content.decode()
    assert "Authenticator-app instellen" in html
    assert 'alt="QR-code om Impactplein aan je authenticator-app toe te voegen"' in html
    assert 'autocomplete="one-time-code"' in html


def test_a_user_without_a_staff_role_is_not_redirected(client, user):
    log_in(client, user.email)

    response = client.get("/proef/leden/")

    assert response.status_code == 200


def test_superusers_and_technical_staff_count_as_staff(client):
    for person in (UserFactory(is_superuser=True), UserFactory(is_staff=True)):
        client.logout()
        log_in(client, person.email)
        assert client.get("/proef/leden/")["Location"] == ACTIVATE_TOTP


def test_the_local_demo_may_switch_the_rule_off(client, coordinator, settings):
    settings.STAFF_MFA_REQUIRED = False
    log_in(client, coordinator.email)

    assert client.get(STAFF_PAGE).status_code == 200


def test_htmx_requests_are_redirected_the_htmx_way(client, coordinator):
    log_in(client, coordinator.email)

    response = client.get("/proef/leden/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == ACTIVATE_TOTP


def test_a_staff_user_with_totp_must_give_a_code_at_login(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())

    response = log_in(client, coordinator.email)

    assert response["Location"] == "/account/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_activating_through_the_page_opens_the_staff_pages(client, coordinator):
    log_in(client, coordinator.email)
    confirm_password(client)
    secret = client.get(ACTIVATE_TOTP).context["form"].secret
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    response = client.post(ACTIVATE_TOTP, {"code": code})

    assert response.status_code == 302
    assert client.get(STAFF_PAGE).status_code == 200
