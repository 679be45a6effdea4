"""Every account page is shown in the page shell: Dutch, one h1, breadcrumbs, Utrecht markup,
and no allauth default markup left over."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from bs4 import BeautifulSoup

from tests.accounts.conftest import log_in
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

VISITOR_PAGES = (
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
    "/account/password/reset/done/",
    "/account/confirm-email/",
    "/account/confirm-email/ongeldige-sleutel/",
    "/account/inactive/",
)
ACCOUNT_PAGES = (
    "/account/",
    "/account/email/",
    "/account/password/change/",
    "/account/logout/",
    "/account/reauthenticate/",
    "/account/2fa/",
    "/account/3rdparty/",
)
PAGES_AFTER_PASSWORD_CHECK = (
    "/account/2fa/totp/activate/",
    "/account/2fa/recovery-codes/generate/",
)
PAGES_WITH_MFA = (
    "/account/2fa/",
    "/account/2fa/recovery-codes/",
    "/account/2fa/totp/deactivate/",
)


def assert_in_page_shell(response, path):
    assert response.status_code == 200, path
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "nl", path
    assert len(soup.find_all("h1")) == 1, path
    assert soup.find("nav", attrs={"aria-label": "Kruimelpad"}), path
    assert soup.title.get_text().strip().endswith("· Impactplein"), path
    for control in soup.main.find_all(["input", "select", "textarea"]):
        if control.get("type") in ("hidden", "submit"):
            continue
        assert control.get("id"), (path, control)
        assert soup.find("label", attrs={"for": control["id"]}), (path, control)
        assert not control.get("placeholder"), (path, control)  # the label says it
    for button in soup.main.find_all("button"):
        assert "utrecht-button" in button.get("class", []), (path, button)


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_pages(client, path):
    assert_in_page_shell(client.get(path), path)


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages(client, user, path):
    log_in(client, user.email)

    assert_in_page_shell(client.get(path), path)


@pytest.mark.parametrize("path", PAGES_AFTER_PASSWORD_CHECK)
def test_pages_after_the_password_check(client, user, path):
    log_in(client, user.email)
    if path.startswith("/account/2fa/recovery-codes/"):
        TOTP.activate(user, generate_totp_secret())
    client.post(f"/account/reauthenticate/?next={path}", {"password": PASSWORD})

    assert_in_page_shell(client.get(path), path)


@pytest.mark.parametrize("path", PAGES_WITH_MFA)
def test_pages_of_an_account_with_mfa(client, user, path):
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    client.force_login(user)
    client.post(f"/account/reauthenticate/?next={path}", {"password": PASSWORD})

    assert_in_page_shell(client.get(path), path)


def test_the_code_step_of_the_login(client, user):
    TOTP.activate(user, generate_totp_secret())
    log_in(client, user.email)

    assert_in_page_shell(client.get("/account/2fa/authenticate/"), "/account/2fa/authenticate/")


def test_account_pages_sit_under_my_account(client, user):
    log_in(client, user.email)

    soup = BeautifulSoup(client.get("/account/email/").content, "html.parser")

    trail = soup.find("nav", attrs={"aria-label": "Kruimelpad"})
    items = trail.find_all("li")
    assert items[0].find("a", href="/")
    assert [item.get_text(strip=True) for item in items[1:]] == ["Mijn account", "E-mailadressen"]
    assert items[1].find("a", href="/account/")
    assert items[2].find(attrs={"aria-current": "page"})
