"""The public pages of the shell: home, accessibility statement, privacy statement and colophon
speak Dutch by default and English once chosen; the error pages are friendly, offer a way back,
and the server-error page renders on its own."""

from django.contrib.auth.models import AnonymousUser
from django.template import loader
from django.test import Client
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from impactplein.core import views

PAGES = [
    ("/", "Samen ondernemen met impact", "Doing business with impact, together"),
    ("/toegankelijkheid/", "Toegankelijkheidsverklaring", "Accessibility statement"),
    ("/privacy/", "Privacyverklaring", "Privacy statement"),
    ("/colofon/", "Colofon", "Colophon"),
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def choose_english(client: Client, next_url: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "dutch", "english"), PAGES)
def test_pages_are_dutch_by_default(client, path, dutch, english):
    response = client.get(path)

    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "nl"
    assert page.h1.get_text(strip=True) == dutch
    assert page.title.get_text(strip=True).endswith("· Impactplein")
    assert english not in page.get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "dutch", "english"), PAGES)
def test_pages_are_english_after_switching(client, path, dutch, english):
    choose_english(client, path)

    page = soup(client.get(path))

    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == english
    assert page.find("nav", attrs={"aria-label": "Main menu"}) is not None
    assert page.find("a", string="Skip to main content") is not None


@pytest.mark.django_db
def test_browser_language_english_is_honoured(client):
    page = soup(client.get("/", headers={"accept-language": "en"}))

    assert page.html["lang"] == "en"


@pytest.mark.django_db
def test_home_tells_about_the_programme_and_its_partners(client):
    text = soup(client.get("/")).get_text(" ", strip=True)

    for partner in [
        "Stichting Maatschappelijk Betrokken Ondernemen Dordrecht",
        "Gemeente Dordrecht",
        "Werkgeversservicepunt Baanbrekend Drechtsteden",
        "Dordrechtse Ondernemersvereniging",
        "Werkgevers Drechtsteden",
    ]:
        assert partner in text
    assert "Ondernemen met Impact" in text


@pytest.mark.django_db
def test_home_calls_to_action_depend_on_login(client, django_user_model):
    anonymous = soup(client.get("/"))
    assert anonymous.find("a", href="/account/signup/") is not None

    client.force_login(django_user_model.objects.create_user("lid@example.org", "x"))
    member = soup(client.get("/"))
    assert member.find("a", href="/account/signup/") is None
    assert member.find("a", href="/organisaties/mijn/") is not None


@pytest.mark.django_db
def test_statements_show_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "toegankelijkheid@dordrecht.example"

    for path in ["/toegankelijkheid/", "/privacy/"]:
        page = soup(client.get(path))
        assert page.find("a", href="mailto:toegankelijkheid@dordrecht.example") is not None


@pytest.mark.django_db
def test_accessibility_statement_follows_the_dutch_model(client):
    text = soup(client.get("/toegankelijkheid/")).get_text(" ", strip=True)

    for part in ["WCAG", "2.1", "EN 301 549", "Status", "axe-core", "Nationale ombudsman"]:
        assert part in text


@pytest.mark.django_db
def test_privacy_statement_names_the_data_and_the_rights(client):
    text = soup(client.get("/privacy/")).get_text(" ", strip=True)

    for part in ["e-mailadres", "weergavenaam", "gepseudonimiseerd", "bewaartermijn", "Autoriteit"]:
        assert part in text


@pytest.mark.django_db
def test_colophon_names_the_licence_and_the_design_system(client):
    text = soup(client.get("/colofon/")).get_text(" ", strip=True)

    assert "EUPL-1.2" in text
    assert "NL Design System" in text


@pytest.mark.django_db
def test_not_found_page_is_styled_and_offers_a_way_back(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Pagina niet gevonden"
    assert page.find("main").find("a", href="/") is not None
    assert page.find("header") is not None


@pytest.mark.django_db
def test_not_found_page_in_english(client):
    choose_english(client)

    page = soup(client.get("/bestaat-niet/"))

    assert page.h1.get_text(strip=True) == "Page not found"


@pytest.mark.django_db
def test_forbidden_page_offers_login_to_visitors(rf):
    request = rf.get("/organisaties/1/bewerken/")
    request.user = AnonymousUser()

    with translation.override("nl"):
        response = views.permission_denied(request)

    assert response.status_code == 403
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Geen toegang"
    login = page.find("main").find("a", string="Inloggen")
    assert login["href"] == "/account/login/?next=/organisaties/1/bewerken/"


@pytest.mark.django_db
def test_bad_request_page(rf):
    request = rf.get("/")
    request.user = AnonymousUser()

    with translation.override("nl"):
        response = views.bad_request(request)

    assert response.status_code == 400
    assert soup(response).h1.get_text(strip=True) == "Ongeldig verzoek"


@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_the_friendly_expired_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert soup(response).h1.get_text(strip=True) == "Het formulier is verlopen"


def test_server_error_page_renders_standalone():
    with translation.override("nl"):
        html = loader.get_template("500.html").render({})

    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text(strip=True) == "Er ging iets mis"
    assert page.html["lang"] == "nl"
    assert page.find("a", href="/") is not None
    assert "<link" not in html  # no static files: they may be what failed


def test_server_error_handler_survives_broken_context_processors(rf, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": ["tests.core.test_pages.broken_context_processor"],
            },
        }
    ]

    with translation.override("nl"):
        response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def broken_context_processor(request):
    raise RuntimeError("the context processors are what broke")


@pytest.mark.django_db
def test_maintenance_mode_answers_503_with_the_maintenance_page(client, settings):
    settings.MAINTENANCE_MODE = True

    response = client.get("/colofon/")

    assert response.status_code == 503
    assert response["Retry-After"] == "600"
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Even geduld: wij voeren onderhoud uit"
    assert page.find("main").find("a", href="/colofon/") is not None
    assert page.find("nav", attrs={"aria-label": "Hoofdmenu"}) is None
    assert page.find("form") is None
