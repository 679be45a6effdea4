"""Municipal single sign-on (OpenID Connect): configured from the environment, and the login
page offers it only when it is configured. No request leaves the machine."""

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

OIDC_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "gemeente",
                "name": "Gemeente Dordrecht",
                "client_id": "impactplein",
                "secret": "geheim",
                "settings": {"server_url": "https://login.gemeente.example/realms/dordrecht"},
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
    }
}


def sso_section(client):
    soup = BeautifulSoup(client.get("/account/login/").content, "html.parser")
    return soup.find(class_="impactplein-sso")


def test_without_configuration_the_login_page_has_no_sso_button(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    assert sso_section(client) is None


def test_with_configuration_the_login_page_offers_the_municipal_login(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = OIDC_PROVIDERS

    section = sso_section(client)

    form = section.find("form")
    assert form["method"] == "post"
    assert form["action"].startswith("/account/oidc/gemeente/login/")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("button").get_text(strip=True) == "Inloggen via Gemeente Dordrecht"


def test_the_sign_up_page_offers_it_too(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = OIDC_PROVIDERS

    soup = BeautifulSoup(client.get("/account/signup/").content, "html.parser")

    assert soup.find(class_="impactplein-sso")


def settings_in_subprocess(environment: dict[str, str], expression: str) -> str:
    env = {**os.environ, **environment}
    env.pop("IMPACTPLEIN_ENV", None)
    code = f"import impactplein.settings as s; print({expression})"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_provider_is_built_from_the_environment(tmp_path):
    environment = {
        "VAR_DIR": str(tmp_path),
        "OIDC_CLIENT_ID": "impactplein",
        "OIDC_CLIENT_SECRET": "geheim",
        "OIDC_SERVER_URL": "https://login.gemeente.example/realms/dordrecht",
        "OIDC_PROVIDER_NAME": "Gemeente Dordrecht",
    }

    app = settings_in_subprocess(environment, 's.SOCIALACCOUNT_PROVIDERS["openid_connect"]')

    assert "'client_id': 'impactplein'" in app
    assert "'server_url': 'https://login.gemeente.example/realms/dordrecht'" in app
    assert "'name': 'Gemeente Dordrecht'" in app


def test_without_a_client_id_there_is_no_provider(tmp_path):
    environment = {"VAR_DIR": str(tmp_path), "OIDC_CLIENT_ID": ""}

    assert settings_in_subprocess(environment, "s.SOCIALACCOUNT_PROVIDERS") == "{}"
