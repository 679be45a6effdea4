"""Who reaches staff pages: visitors never; the admin's own login cannot be used to skip the
account login; later apps protect staff pages with staff_permission_required()."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from impactplein.accounts.access import is_staff_user
from tests.accounts.conftest import log_in
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]


def test_a_visitor_cannot_reach_the_admin(client):
    response = client.get("/beheer/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/account/login/?next=")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_page_sends_visitors_to_the_account_login(client):
    response = client.get("/beheer/login/?next=/beheer/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/beheer/"


def test_the_admin_login_form_cannot_be_posted_to(client, user):
    client.post("/beheer/login/", {"username": user.email, "password": "x"})

    assert "_auth_user_id" not in client.session


def test_a_user_without_staff_rights_gets_403_at_the_admin(client, user):
    log_in(client, user.email)

    assert client.get("/beheer/login/").status_code == 403


def test_technical_staff_with_mfa_reach_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)

    assert client.get("/beheer/").status_code == 200


def test_staff_roles_reach_the_admin_with_what_their_permissions_allow(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)

    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/login/")["Location"] == "/beheer/"
    assert client.get("/beheer/accounts/user/").status_code == 403


def test_the_admin_login_does_not_redirect_elsewhere(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)

    assert client.get("/beheer/login/?next=https://example.com/")["Location"] == "/beheer/"


def test_staff_pages_ask_visitors_to_log_in(client):
    response = client.get("/proef/beheer/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/proef/beheer/"


def test_staff_pages_refuse_users_without_the_permission(client, user):
    log_in(client, user.email)

    assert client.get("/proef/beheer/").status_code == 403


def test_staff_pages_admit_holders_of_the_permission(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)

    assert client.get("/proef/beheer/").status_code == 200


def test_who_counts_as_staff(coordinator, user):
    assert is_staff_user(coordinator)
    assert not is_staff_user(user)
    assert is_staff_user(UserFactory(is_staff=True))
    assert not is_staff_user(UserFactory(is_staff=True, is_active=False))


def test_administrators_manage_users_in_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    other = UserFactory(display_name="Iemand")

    assert client.get("/beheer/accounts/user/?q=Iemand").status_code == 200
    assert client.get(f"/beheer/accounts/user/{other.pk}/change/").status_code == 200
    response = client.post(
        "/beheer/accounts/user/add/",
        {
            "email": "Nieuw@Example.org",
            "usable_password": "true",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert type(admin).objects.filter(email="nieuw@example.org").exists()
    duplicate = client.post(
        "/beheer/accounts/user/add/",
        {"email": "NIEUW@example.org", "usable_password": "false"},
    )
    assert duplicate.status_code == 200
    assert type(admin).objects.filter(email__iexact="nieuw@example.org").count() == 1
