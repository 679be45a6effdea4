"""Sign-up: an e-mail address, a password and an optional name; the address must be confirmed
with the link from a verification mail before the account can log in."""

import re

import pytest
from bs4 import BeautifulSoup

from impactplein.accounts.models import User
from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-42"


def sign_up(client, email="nieuw@example.org", display_name="", password=PASSWORD):
    return client.post(
        "/account/signup/",
        {
            "email": email,
            "display_name": display_name,
            "password1": password,
            "password2": password,
        },
    )


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/account/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_sends_a_verification_mail(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nieuw@example.org"]
    assert "/account/confirm-email/" in mailoutbox[0].body
    assert User.objects.filter(email="nieuw@example.org").exists()


def test_an_unverified_account_cannot_log_in(client, mailoutbox):
    sign_up(client)
    client.logout()

    response = log_in(client, "nieuw@example.org", PASSWORD)

    assert "_auth_user_id" not in client.session
    assert response["Location"] == "/account/confirm-email/"
    # No second mail within three minutes of the first (ACCOUNT_RATE_LIMITS["confirm_email"]).
    assert len(mailoutbox) == 1


def test_after_following_the_link_the_account_can_log_in(client, mailoutbox):
    sign_up(client)
    client.logout()
    link = confirmation_link(mailoutbox[0])

    assert client.get(link).status_code == 200
    client.post(link)
    client.logout()
    log_in(client, "nieuw@example.org", PASSWORD)

    user = User.objects.get(email="nieuw@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_keeps_the_optional_name(client, mailoutbox):
    sign_up(client, email="naam@example.org", display_name="  Fatima de Vries ")

    assert User.objects.get(email="naam@example.org").display_name == "Fatima de Vries"


def test_sign_up_asks_no_more_than_address_name_and_password(client):
    soup = BeautifulSoup(client.get("/account/signup/").content, "html.parser")
    form = soup.find("form", action="/account/signup/")

    names = {field["name"] for field in form.find_all(["input", "select", "textarea"])}

    assert names == {"csrfmiddlewaretoken", "email", "display_name", "password1", "password2"}


def test_sign_up_page_is_dutch_with_labelled_fields(client):
    soup = BeautifulSoup(client.get("/account/signup/").content, "html.parser")

    assert soup.html["lang"] == "nl"
    assert soup.h1.get_text(strip=True) == "Account aanmaken"
    assert len(soup.find_all("h1")) == 1
    autocomplete = {"email": "email", "display_name": "name", "password1": "new-password"}
    for name, token in autocomplete.items():
        field = soup.find("input", attrs={"name": name})
        assert soup.find("label", attrs={"for": field["id"]}), name
        assert field["autocomplete"] == token


def test_a_weak_password_is_refused_with_an_error_summary(client, mailoutbox):
    response = sign_up(client, password="12345")

    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="impactplein-error-summary")
    assert summary is not None
    assert summary.find("a", href="#id_password1")
    field = soup.find("input", attrs={"name": "password1"})
    assert "id_password1_error" in field["aria-describedby"].split()
    assert soup.find(id="id_password1_error")
    assert field["aria-invalid"] == "true"
    assert mailoutbox == []
    assert not User.objects.exists()
