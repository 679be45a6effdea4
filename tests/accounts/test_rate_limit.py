"""Login rate limiting: after five failed logins within five minutes, an account refuses further
logins, even with the right password, and says why; after five minutes it opens again."""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup

from tests.accounts.conftest import log_in
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Te veel mislukte inlogpogingen voor dit account"


def fail_logins(client, email, times):
    for _ in range(times):
        response = log_in(client, email, "fout-wachtwoord")
        assert REFUSAL not in response.content.decode()


def error_summary(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").find(
        class_="impactplein-error-summary"
    )
    return summary.get_text(" ", strip=True) if summary else ""


def test_the_sixth_failed_login_within_five_minutes_is_refused(client):
    user = UserFactory()
    fail_logins(client, user.email, 5)

    response = log_in(client, user.email, "fout-wachtwoord")

    assert response.status_code == 200
    assert REFUSAL in error_summary(response)


def test_the_right_password_does_not_get_past_the_limit(client):
    user = UserFactory()
    fail_logins(client, user.email, 5)

    response = log_in(client, user.email, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert REFUSAL in error_summary(response)


def test_the_limit_holds_per_account(client):
    locked, other = UserFactory(), UserFactory()
    fail_logins(client, locked.email, 5)

    log_in(client, other.email)

    assert client.session["_auth_user_id"] == str(other.pk)


def test_after_five_minutes_the_account_can_log_in_again(client):
    user = UserFactory()
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        fail_logins(client, user.email, 5)
    with time_machine.travel(start + dt.timedelta(minutes=5, seconds=1), tick=False):
        log_in(client, user.email)

    assert client.session["_auth_user_id"] == str(user.pk)


def test_rate_limits_live_in_a_cache_that_all_web_processes_share(settings):
    # The tests run on an in-process cache (tests/conftest.py); the project's default is the
    # database cache, which every app server shares.
    from django.core.cache import cache
    from django.core.management import call_command

    from impactplein import settings as project_settings

    settings.CACHES = project_settings.CACHES
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    call_command("createcachetable", verbosity=0)
    cache.set("impactplein-test", "gedeeld", 10)
    assert cache.get("impactplein-test") == "gedeeld"
