"""Users for browser tests, and logging them in without going through the login form.

    from tests.browser.auth import create_verified_user, login_in_browser

    user = create_verified_user("anna@example.org")
    login_in_browser(browser_page, live_server, user)
    browser_page.goto("/account/")

``create_verified_user`` makes an account that can also log in through the real form: allauth
only lets a password log in once the e-mail address is verified.
"""

from typing import Any

from django.conf import settings
from django.test import Client

DEFAULT_PASSWORD = "Impactplein-test-2026!"


def create_verified_user(
    email: str = "gebruiker@example.org", password: str = DEFAULT_PASSWORD, **extra: Any
) -> Any:
    """A user with a verified, primary e-mail address; ``extra`` goes to ``create_user``."""
    from django.contrib.auth import get_user_model

    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(email, password, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def login_in_browser(page: Any, live_server: Any, user: Any) -> None:
    """Log ``user`` in for the page's browser context by handing it a fresh session cookie.

    Skips the login form (and multi-factor login): for tests of pages behind the login, not of
    the login itself.
    """
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie.value,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
