from django.test import Client

import pytest

from impactplein.accounts.services import user_grant_role
from tests.accounts.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    """Tests run with the production rule: staff must set up multi-factor login."""
    settings.STAFF_MFA_REQUIRED = True


def log_in(client: Client, email: str, password: str = PASSWORD):
    """Log in through the login page, as a person would (so allauth records the login)."""
    return client.post("/account/login/", {"login": email, "password": password})


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def coordinator(db):
    person = UserFactory(display_name="Coördinator Test")
    user_grant_role(user=person, role_slug="programme-coordinator")
    return person
