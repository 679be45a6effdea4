"""My account: name, e-mail addresses, password, multi-factor status and roles, for the
logged-in user only; the name is the one thing kept besides the e-mail address."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from bs4 import BeautifulSoup

from impactplein.accounts.services import user_grant_role
from tests.accounts.conftest import log_in
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").main.get_text(" ", strip=True)


def test_a_visitor_is_asked_to_log_in(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/"


def test_the_page_shows_addresses_password_mfa_status_and_roles(client):
    user = UserFactory(email="sanne@example.org", display_name="Sanne")
    user_grant_role(user=user, role_slug="programme-coordinator")
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)

    text = page_text(client.get("/account/"))

    assert "sanne@example.org" in text
    assert "bevestigd" in text
    assert "Wachtwoord wijzigen" in text
    assert "Je logt in met je wachtwoord en een code uit je authenticator-app" in text
    assert "Programmacoördinator" in text


def test_without_mfa_or_roles_the_page_says_so(client, user):
    client.force_login(user)

    text = page_text(client.get("/account/"))

    assert "Je logt alleen in met je wachtwoord" in text
    assert "Je hebt geen rollen" in text


def test_the_name_can_be_changed(client, user):
    client.force_login(user)

    response = client.post("/account/", {"display_name": "  Ali Yilmaz  "})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ali Yilmaz"


def test_a_too_long_name_is_refused_with_an_error_summary(client, user):
    client.force_login(user)

    response = client.post("/account/", {"display_name": "x" * 151})

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="impactplein-error-summary").find("a", href="#id_display_name")
    user.refresh_from_db()
    assert user.display_name == ""


def test_the_role_names_follow_the_chosen_language(client, user):
    user_grant_role(user=user, role_slug="overlegtafel-member")
    log_in(client, user.email)
    client.post("/i18n/setlang/", {"language": "en"})

    text = page_text(client.get("/account/"))

    assert "Consultation table member" in text
