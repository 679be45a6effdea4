"""The public showcase in a real browser: search, filter by keyboard, and the map.

A visitor searches by words, ticks a facet by keyboard alone and applies it; the address then
holds the whole state, so the page can be shared. The search and map pages have zero axe-core
violations (WCAG 2.1 AA). The map shows the result as clustered markers on the configured
background tiles (served locally here: tests never use the network), a popup links to the
profile, and the result list stays below the map for everyone.
"""

import base64
import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from impactplein.core.models import Theme
from impactplein.directory.services import profile_publish
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Organisation
from tests.browser.axe import assert_no_axe_violations
from tests.directory.factories import OrganisationFactory, profile
from tests.organisations.factories import municipality

TILE_URL = "https://tiles.impactplein.invalid/{z}/{x}/{y}.png"
# A transparent pixel: every tile request is answered from here, never from the network.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def enterprise(name: str, pitch: str, themes: tuple[str, ...], **organisation: Any) -> Any:
    owner = OrganisationFactory(name=name, **organisation)
    Organisation.objects.filter(pk=owner.pk).update(
        latitude=Decimal("51.8133") + Decimal(owner.pk % 7) / 1000,
        longitude=Decimal("4.6901") + Decimal(owner.pk % 5) / 1000,
    )
    item = profile(
        owner,
        pitch=pitch,
        themes=Theme.objects.filter(slug__in=themes),
    )
    return profile_publish(actor=None, profile=item)


@pytest.fixture
def showcase(transactional_db: None) -> list[Any]:
    return [
        enterprise(
            "Fietsherstel Op Weg",
            "Wij maken fietsen weer rijklaar met mensen die werk zoeken.",
            ("arbeidsparticipatie",),
            kind=OrganisationKind.SOCIAL_ENTERPRISE,
        ),
        enterprise(
            "Fietsenmakerij De Kil",
            "Onze fietsenwinkel repareert fietsen en schept leerwerkplekken.",
            ("arbeidsparticipatie", "duurzaamheid-klimaat"),
            municipality=municipality("GM0590"),
            city="Papendrecht",
            postcode="3351 AB",
        ),
        enterprise(
            "Groenonderhoud Kracht",
            "Wij onderhouden parken en plantsoenen.",
            ("duurzaamheid-klimaat",),
        ),
    ]


@pytest.fixture
def page(browser_page: Any, settings: Any) -> Any:
    settings.MAP_TILE_URL = TILE_URL
    settings.MAP_TILE_ATTRIBUTION = "Kaartgegevens: testtegels"
    browser_page.route(
        re.compile(r"^https://tiles\.impactplein\.invalid/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL),
    )
    return browser_page


def result_names(page: Any) -> Any:
    return page.locator(".impactplein-showcase__results h3")


def tab_to(page: Any, target: Any, *, limit: int = 150) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")


def test_search_and_a_facet_give_a_shareable_page_without_axe_violations(
    page: Any, showcase: Any
) -> None:
    page.goto("/ondernemers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ondernemers met impact")
    expect(result_names(page)).to_have_count(3)
    assert_no_axe_violations(page)

    page.get_by_label("Zoek op naam, plaats of wat ze doen").fill("fietsen")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(result_names(page)).to_have_count(2)
    expect(page.get_by_role("status").first).to_contain_text("2 ondernemers gevonden.")

    page.get_by_role("checkbox", name=re.compile("^Papendrecht")).check()
    page.get_by_role("button", name="Filters toepassen").click()
    expect(result_names(page)).to_have_text(["Fietsenmakerij De Kil"])
    expect(page).to_have_url(re.compile(r"q=fietsen.*municipality=GM0590"))
    expect(page.get_by_role("link", name=re.compile("Gemeente: Papendrecht"))).to_be_visible()
    assert_no_axe_violations(page)

    # The same address in a fresh page gives the same result.
    shared = page.url
    page.goto("/")
    page.goto(shared)
    expect(result_names(page)).to_have_text(["Fietsenmakerij De Kil"])

    # The chip removes its filter.
    page.get_by_role("link", name=re.compile("Gemeente: Papendrecht")).click()
    expect(result_names(page)).to_have_count(2)


def test_the_filters_work_by_keyboard_alone(page: Any, showcase: Any) -> None:
    page.goto("/ondernemers/")
    theme = page.get_by_role("checkbox", name=re.compile("^Duurzaamheid en klimaat"))
    tab_to(page, theme)
    page.keyboard.press("Space")
    expect(theme).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Filters toepassen"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"theme=duurzaamheid-klimaat"))
    expect(result_names(page)).to_have_text(["Fietsenmakerij De Kil", "Groenonderhoud Kracht"])
    expect(
        page.get_by_role("checkbox", name=re.compile("^Duurzaamheid en klimaat"))
    ).to_be_checked()


def test_the_map_shows_clustered_markers_and_the_list_without_axe_violations(
    page: Any, showcase: Any
) -> None:
    page.goto("/ondernemers/kaart/?q=fietsen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaart van ondernemers met impact")
    expect(page.locator("#map-status")).to_have_text("2 ondernemers op de kaart.")
    canvas = page.locator("#showcase-map")
    expect(canvas).to_be_visible()
    # Close together, the two enterprises form one cluster at the first zoom, or two markers.
    expect(canvas.locator(".leaflet-marker-icon").first).to_be_visible()
    expect(canvas.locator(".leaflet-control-attribution")).to_contain_text("testtegels")
    # The list below the map holds the same result.
    expect(result_names(page)).to_have_count(2)
    assert_no_axe_violations(page)

    # Zoom in until the markers stand alone, then open a popup that links to the profile.
    marker = canvas.locator("img.leaflet-marker-icon[alt='Fietsherstel Op Weg']")
    for _ in range(8):
        if marker.count():
            break
        cluster = canvas.locator(".marker-cluster").first
        cluster.click()
        page.wait_for_timeout(400)
    marker.click()
    link = canvas.locator(".leaflet-popup-content a").first
    expect(link).to_have_text("Fietsherstel Op Weg")
    expect(link).to_have_attribute("href", re.compile(r"^/ondernemers/\d+-fietsherstel-op-weg/$"))


def test_without_javascript_the_map_page_is_the_list(
    browser: Any, live_server: Any, showcase: Any
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/ondernemers/kaart/")
        expect(page.locator("#map-status")).to_have_text(
            "Voor de kaart is JavaScript nodig. De lijst hieronder toont alle resultaten."
        )
        expect(page.locator("#showcase-map")).to_be_hidden()
        expect(result_names(page)).to_have_count(3)
    finally:
        context.close()
