import pytest

from tests.organisations.factories import PASSWORD, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def logged_in(client):
    """Log a user in on the test client (by session, as the login page would) and return it."""

    def log_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return user

    return log_in


__all__ = ["PASSWORD"]
