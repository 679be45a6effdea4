"""Login, logout and password reset, all through allauth's pages in Dutch."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.accounts.conftest import log_in
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_verified_user_logs_in_and_lands_on_the_home_page(client, user):
    response = log_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_e_mail_address_is_not_case_sensitive(client, user):
    log_in(client, user.email.upper())

    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_an_error_summary(client, user):
    response = log_in(client, user.email, "niet-het-goede-wachtwoord")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="impactplein-error-summary")
    assert "wachtwoord is niet correct" in summary.get_text()


def test_an_empty_field_is_linked_from_the_summary_and_described_at_the_input(client):
    response = client.post("/account/login/", {"login": "", "password": "iets"})

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="impactplein-error-summary").find("a", href="#id_login")
    field = soup.find("input", attrs={"name": "login"})
    assert field["aria-describedby"] == "id_login_error"
    assert soup.find(id="id_login_error").get_text(strip=True)


def test_the_login_page_is_dutch_labelled_and_in_keyboard_order(client):
    soup = BeautifulSoup(client.get("/account/login/").content, "html.parser")

    assert soup.html["lang"] == "nl"
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["Inloggen"]
    form = soup.find("form", action="/account/login/")
    controls = form.find_all(["input", "button"])
    visible = [c.get("name") or c.name for c in controls if c.get("type") != "hidden"]
    assert visible == ["login", "password", "remember", "button"]
    for control in form.find_all("input"):
        if control.get("type") != "hidden":
            assert soup.find("label", attrs={"for": control["id"]})
            assert not control.get("tabindex")
    assert form.find("input", attrs={"name": "login"})["autocomplete"] == "email"
    assert form.find("input", attrs={"name": "password"})["autocomplete"] == "current-password"
    assert soup.find("a", href="/account/password/reset/")


def test_logout_ends_the_session(client, user):
    log_in(client, user.email)

    response = client.post("/account/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_mail_with_a_working_link(client, mailoutbox):
    user = UserFactory(email="vergeten@example.org")

    response = client.post("/account/password/reset/", {"email": "vergeten@example.org"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["vergeten@example.org"]
    path = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mailoutbox[0].body)
    key_page = client.get(path.group(1))
    assert key_page.status_code == 302  # allauth hides the key from the address bar
    new_password = "een-nieuw-wachtwoord-7"
    client.post(key_page["Location"], {"password1": new_password, "password2": new_password})
    client.logout()
    log_in(client, user.email, new_password)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post("/account/password/reset/", {"email": "onbekend@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/done/"


def test_the_mail_speaks_dutch(client, mailoutbox):
    UserFactory(email="taal@example.org")

    client.post("/account/password/reset/", {"email": "taal@example.org"})

    assert mailoutbox[0].subject.startswith("[Impactplein] ")
    assert mailoutbox[0].body.startswith("Hallo,")
    assert "Impactplein" in mailoutbox[0].body
