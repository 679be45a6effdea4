"""The page shell (base.html): NL Design System theme, skip link first, navigation by permission
(never by group), account links or a log-out form, a language switch that is a plain form,
breadcrumbs, messages as alerts, the footer links, and htmx only as a deferred enhancement."""

import json

from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.urls import set_script_prefix
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from impactplein.core import navigation
from impactplein.core.navigation import NavItem, current_url, navigation_for


def page_for(client, path: str = "/") -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
def test_theme_and_front_end_packages_are_loaded(client):
    page = page_for(client)

    assert {"utrecht-theme", "impactplein-theme"} <= set(page.html["class"])
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert stylesheets == [
        "/static/vendor/utrecht-tokens/theme.css",
        "/static/vendor/utrecht/index.css",
        "/static/impactplein/css/theme.css",
        "/static/impactplein/css/shell.css",
    ]
    htmx = page.find("script", src="/static/vendor/htmx/htmx.min.js")
    assert htmx.has_attr("defer")
    assert not page.find_all("script", src=False)  # no inline script: nothing needs JavaScript


@pytest.mark.django_db
def test_htmx_requests_carry_the_csrf_token(client):
    page = page_for(client)

    headers = json.loads(page.body["hx-headers"])
    form_token = page.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    assert headers["X-CSRFToken"] == form_token


@pytest.mark.django_db
def test_skip_link_comes_first_and_targets_main(client):
    page = page_for(client)

    first_link = page.body.find("a")
    assert first_link["href"] == "#main"
    assert "utrecht-skip-link" in first_link["class"]
    main = page.find("main")
    assert main["id"] == "main"
    assert main["tabindex"] == "-1"  # so that following the skip link moves the focus


@pytest.mark.django_db
def test_visitors_see_public_navigation_and_login_links(client):
    page = page_for(client)

    menu = page.find("nav", attrs={"aria-label": "Hoofdmenu"})
    labels = [link.get_text(strip=True) for link in menu.find_all("a")]
    assert labels == ["Startpagina", "Ondernemers met impact", "Verhalen", "Monitor"]
    header = page.find("header")
    assert header.find("a", href="/account/login/").get_text(strip=True) == "Inloggen"
    assert header.find("a", href="/account/signup/") is not None
    assert header.find("form", action="/account/logout/") is None


@pytest.mark.django_db
def test_logged_in_users_see_their_account_and_a_logout_form(client, django_user_model):
    user = django_user_model.objects.create_user("anna@example.org", "x", display_name="Anna Smit")
    client.force_login(user)

    page = page_for(client)

    header = page.find("header")
    assert "Ingelogd als Anna Smit" in header.get_text(" ", strip=True)
    assert header.find("a", href="/account/login/") is None
    logout = header.find("form", action="/account/logout/")
    assert logout["method"] == "post"
    assert logout.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert logout.find("button", type="submit").get_text(strip=True) == "Uitloggen"
    menu = page.find("nav", attrs={"aria-label": "Hoofdmenu"})
    assert "Mijn organisaties" in menu.get_text()


@pytest.mark.django_db
def test_navigation_items_are_shown_by_permission_not_by_group(django_user_model, monkeypatch):
    item = NavItem("Rapportages", "core:colophon", permission="accounts.view_user")
    monkeypatch.setattr(navigation, "NAVIGATION", (item,))
    without = django_user_model.objects.create_user("zonder@example.org", "x")
    with_permission = django_user_model.objects.create_user("met@example.org", "x")
    with_permission.user_permissions.add(
        Permission.objects.get(codename="view_user", content_type__app_label="accounts")
    )

    assert navigation_for(AnonymousUser()) == []
    assert navigation_for(without) == []
    assert navigation_for(with_permission) == [item]


def test_every_navigation_item_names_a_permission_or_none():
    for item in (*navigation.NAVIGATION, *navigation.ACCOUNT_NAVIGATION):
        assert item.permission is None or "." in item.permission  # "app_label.codename"


def test_an_item_of_an_app_that_is_not_installed_is_hidden(monkeypatch):
    item = NavItem("Vacatures", "employment:vacancies")
    monkeypatch.setattr(navigation, "NAVIGATION", (item,))

    assert navigation_for(AnonymousUser()) == []


def test_navigation_addresses_follow_the_prefix_the_site_is_served_under():
    item = NavItem("Organisaties", "organisations:list")
    assert item.url == "/organisaties/"
    set_script_prefix("/impact/")
    try:
        assert item.url == "/impact/organisaties/"
    finally:
        set_script_prefix("/")
    assert item.url == "/organisaties/"


def test_current_navigation_item_is_the_longest_matching_url():
    items = [NavItem("Start", "core:home"), NavItem("Organisaties", "organisations:list")]

    assert current_url(items, "/") == "/"
    assert current_url(items, "/organisaties/") == "/organisaties/"
    assert current_url(items, "/organisaties/42/") == "/organisaties/"
    assert current_url(items, "/privacy/") == ""


@pytest.mark.django_db
def test_current_page_is_marked_in_the_menu(client, monkeypatch):
    monkeypatch.setattr(
        navigation,
        "NAVIGATION",
        (NavItem("Start", "core:home"), NavItem("Privacy", "core:privacy")),
    )

    page = page_for(client, "/privacy/")

    menu = page.find("nav", attrs={"aria-label": "Hoofdmenu"})
    assert [link.get_text() for link in menu.find_all(attrs={"aria-current": "page"})] == [
        "Privacy"
    ]


@pytest.mark.django_db
def test_language_switch_is_a_plain_form_back_to_this_page(client):
    page = page_for(client, "/privacy/?van=footer")

    form = page.find("form", action="/i18n/setlang/")
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "next"})["value"] == "/privacy/?van=footer"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    button = form.find("button", attrs={"name": "language"})
    assert button["value"] == "en"
    assert button["lang"] == "en"
    assert button.get_text(strip=True) == "English"


@pytest.mark.django_db
def test_language_switch_offers_dutch_once_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    form = page_for(client).find("form", action="/i18n/setlang/")

    button = form.find("button", attrs={"name": "language"})
    assert button["value"] == "nl"
    assert button.get_text(strip=True) == "Nederlands"


@pytest.mark.django_db
def test_footer_links_to_the_statements_and_colophon(client):
    footer = page_for(client).find("footer")

    hrefs = {link["href"] for link in footer.find_all("a")}
    assert hrefs == {"/toegankelijkheid/", "/privacy/", "/colofon/"}


@pytest.mark.django_db
def test_statement_pages_have_breadcrumbs_from_home(client):
    trail = page_for(client, "/privacy/").find("nav", attrs={"aria-label": "Kruimelpad"})

    items = trail.find_all("li")
    assert items[0].find("a")["href"] == "/"
    assert items[-1].find(attrs={"aria-current": "page"}).get_text(strip=True) == (
        "Privacyverklaring"
    )


@pytest.mark.django_db
def test_home_has_no_breadcrumbs(client):
    assert page_for(client).find("nav", attrs={"aria-label": "Kruimelpad"}) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "modifier", "role"),
    [
        (constants.SUCCESS, "utrecht-alert--ok", "status"),
        (constants.INFO, "utrecht-alert--info", "status"),
        (constants.WARNING, "utrecht-alert--warning", "alert"),
        (constants.ERROR, "utrecht-alert--error", "alert"),
    ],
)
def test_messages_are_utrecht_alerts_with_a_fitting_role(rf, level, modifier, role):
    request = rf.get("/")
    request.user = AnonymousUser()

    with translation.override("nl"):
        html = render_to_string(
            "core/colophon.html",
            {"messages": [Message(level, "Uw organisatie is opgeslagen.")]},
            request,
        )

    alert = BeautifulSoup(html, "html.parser").find("main").find(class_="utrecht-alert")
    assert modifier in alert["class"]
    assert alert["role"] == role
    assert alert.get_text(strip=True) == "Uw organisatie is opgeslagen."
