"""The public showcase at /ondernemers/: a visitor finds published enterprises by words and facets.

The page is a plain GET form: words, facet checkboxes with their counts, an order and pages, so
every state is a link to share. Only published profiles show. Bad parameters (an unknown theme,
``page=abc``, a page past the end, an unknown order) never cause an error: they are left out or
brought back within range, and a note on the page says so. Facet labels follow the language the
visitor chose. The hits' profiles are loaded in a fixed number of queries, however many hits.
"""

import re
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from impactplein.core.models import SDG, Theme
from impactplein.core.search import clear_index
from impactplein.directory import indexing, selectors
from impactplein.directory.constants import CertificationKind, ImpactModel
from impactplein.directory.services import profile_publish
from impactplein.organisations.constants import OrganisationKind
from tests.directory.factories import OrganisationFactory, certification, profile
from tests.organisations.factories import area, municipality

pytestmark = pytest.mark.django_db

URL = "/ondernemers/"


@pytest.fixture(autouse=True)
def _fresh_labels() -> None:
    """The showcase keeps reference-data labels per process for a while; each test starts anew."""
    selectors._reference_labels_cache.clear()


@pytest.fixture(autouse=True)
def _empty_index() -> None:
    """Documents another test module left behind (outside its transaction) are no part of this."""
    clear_index(indexing.DOC_TYPE)


@pytest.fixture
def publish(django_capture_on_commit_callbacks: Any) -> Any:
    """``publish(name, ...)``: an organisation with a published profile, indexed."""

    def make(
        name: str,
        *,
        themes: tuple[str, ...] = (),
        sdgs: tuple[int, ...] = (),
        published_at: datetime | None = None,
        organisation: dict[str, Any] | None = None,
        publish_it: bool = True,
        **fields: Any,
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            owner = OrganisationFactory(name=name, **(organisation or {}))
            item = profile(
                owner,
                themes=Theme.objects.filter(slug__in=themes),
                sdgs=SDG.objects.filter(number__in=sdgs),
                **fields,
            )
            if publish_it:
                item = profile_publish(actor=None, profile=item, published_at=published_at)
        return item

    return make


@pytest.fixture
def world(publish: Any) -> dict[str, Any]:
    """Four published enterprises and one draft, with different facets."""
    return {
        "fiets": publish(
            "Fietsherstel Op Weg",
            pitch="Wij maken fietsen weer rijklaar met mensen die werk zoeken.",
            themes=("arbeidsparticipatie",),
            sdgs=(8,),
            impact_models=[ImpactModel.EMPLOYMENT],
            sells_to_buyers=True,
            offer="Onderhoud van dienstfietsen.",
            published_at=datetime(2025, 3, 1, tzinfo=UTC),
            organisation={"kind": OrganisationKind.SOCIAL_ENTERPRISE, "area": area("binnenstad")},
        ),
        "koffie": publish(
            "Koffiebranderij Samen",
            pitch="Koffie branden in Papendrecht, met een leerwerkplek voor jongeren.",
            themes=("arbeidsparticipatie", "jeugd-onderwijs"),
            sdgs=(4, 8),
            impact_models=[ImpactModel.EMPLOYMENT, ImpactModel.SOCIAL_PRODUCT],
            published_at=datetime(2026, 6, 1, tzinfo=UTC),
            organisation={
                "kind": OrganisationKind.SOCIAL_ENTERPRISE,
                "municipality": municipality("GM0590"),
                "city": "Papendrecht",
                "postcode": "3351 AB",
            },
        ),
        "groen": publish(
            "Groenonderhoud Kracht",
            pitch="Wij onderhouden parken en plantsoenen in Zwijndrecht.",
            themes=("duurzaamheid-klimaat",),
            sdgs=(13,),
            impact_models=[ImpactModel.ENVIRONMENTAL],
            published_at=datetime(2024, 1, 1, tzinfo=UTC),
            organisation={"kind": OrganisationKind.COMPANY},
        ),
        "draft": publish(
            "Naaiatelier Concept",
            pitch="Wij naaien tassen van oude zeilen.",
            themes=("arbeidsparticipatie",),
            publish_it=False,
        ),
    }


def names(response: Any) -> list[str]:
    """The enterprise names on the result cards, in the order shown."""
    html = response.content.decode()
    section = html.split('class="impactplein-showcase__results"', 1)
    if len(section) < 2:
        return []
    cards = section[1].split("</ul>", 1)[0]
    return re.findall(r'<h3 class="utrecht-heading-3"><a [^>]*>([^<]+)</a>', cards)


def facet_count(response: Any, key: str, value: str) -> int | None:
    """The count shown beside the checkbox of ``key=value``, or None when it is not offered."""
    html = response.content.decode()
    match = re.search(
        rf'name="{key}" value="{re.escape(value)}"[^>]*>.*?\((?:±)?([\d.]+)<span',
        html,
        re.DOTALL,
    )
    return int(match.group(1).replace(".", "")) if match else None


def test_the_page_lists_published_enterprises_only(client: Any, world: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Fietsherstel Op Weg",
        "Groenonderhoud Kracht",
        "Koffiebranderij Samen",
    ]
    assert "3 ondernemers gevonden." in response.content.decode()
    assert "Naaiatelier Concept" not in response.content.decode()


def test_cards_link_to_the_profile_page_and_show_place_pitch_and_themes(
    client: Any, world: Any
) -> None:
    response = client.get(URL, {"q": "koffie"})
    html = response.content.decode()
    url = f"/ondernemers/{world['koffie'].pk}-koffiebranderij-samen/"
    assert f'href="{url}"' in html
    assert "Papendrecht" in html
    assert "leerwerkplek voor jongeren" in html
    assert "Jeugd en onderwijs" in html


def test_words_find_by_pitch_with_dutch_stemming(client: Any, world: Any) -> None:
    assert names(client.get(URL, {"q": "fiets"})) == ["Fietsherstel Op Weg"]
    assert names(client.get(URL, {"q": "plantsoen"})) == ["Groenonderhoud Kracht"]


def test_facets_show_counts_of_the_whole_result(client: Any, world: Any) -> None:
    response = client.get(URL)
    assert facet_count(response, "theme", "arbeidsparticipatie") == 2
    assert facet_count(response, "theme", "duurzaamheid-klimaat") == 1
    assert facet_count(response, "sdg", "8") == 2
    assert facet_count(response, "kind", "social_enterprise") == 2
    assert facet_count(response, "municipality", "GM0505") == 2
    assert facet_count(response, "municipality", "GM0590") == 1
    assert facet_count(response, "area", "binnenstad") == 1
    assert facet_count(response, "model", "employment") == 2
    assert facet_count(response, "sells", "yes") == 1
    html = response.content.decode()
    assert "Arbeidsparticipatie" in html
    assert "Papendrecht" in html
    assert "Binnenstad" in html
    assert "Werk voor mensen met een afstand tot de arbeidsmarkt" in html


def themes_fieldset(response: Any) -> str:
    html = response.content.decode()
    match = re.search(r">Thema</legend>(.*?)</fieldset>", html, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_long_facet_lists_fold_the_rest_away_but_keep_chosen_values_in_sight(
    client: Any, publish: Any
) -> None:
    slugs = list(Theme.objects.order_by("position").values_list("slug", flat=True))[:11]
    for number, slug in enumerate(slugs):
        # The first theme is on every profile, the others on fewer: counts decide the order.
        publish(f"Onderneming {number}", themes=tuple({slugs[0], slug, *slugs[: 11 - number]}))
    last = slugs[-1]
    fieldset = themes_fieldset(client.get(URL))
    shown, folded = fieldset.split('<details class="impactplein-facet__more">', 1)
    assert shown.count('type="checkbox"') == 8
    assert "Nog 3 keuzes bij thema" in folded
    assert f'value="{last}"' in folded
    fieldset = themes_fieldset(client.get(URL, {"theme": last}))
    assert f'value="{last}" checked' in fieldset.split("<details", 1)[0]


def test_a_facet_filters_and_the_counts_follow(client: Any, world: Any) -> None:
    response = client.get(URL, {"theme": "arbeidsparticipatie"})
    assert names(response) == ["Fietsherstel Op Weg", "Koffiebranderij Samen"]
    assert facet_count(response, "sdg", "4") == 1
    assert facet_count(response, "sdg", "13") is None  # not in this result
    assert 'value="arbeidsparticipatie" checked' in response.content.decode()


def test_two_values_of_one_facet_widen_and_two_facets_narrow(client: Any, world: Any) -> None:
    either = client.get(URL, {"theme": ["arbeidsparticipatie", "duurzaamheid-klimaat"]})
    assert len(names(either)) == 3
    both = client.get(URL, {"theme": "arbeidsparticipatie", "municipality": "GM0590"})
    assert names(both) == ["Koffiebranderij Samen"]


def test_each_facet_key_filters(client: Any, world: Any) -> None:
    expected = {
        ("kind", "company"): ["Groenonderhoud Kracht"],
        ("sdg", "13"): ["Groenonderhoud Kracht"],
        ("area", "binnenstad"): ["Fietsherstel Op Weg"],
        ("model", "social_product"): ["Koffiebranderij Samen"],
        ("sells", "yes"): ["Fietsherstel Op Weg"],
    }
    for (key, value), found in expected.items():
        assert names(client.get(URL, {key: value})) == found, key


def test_certification_facet_counts_only_valid_certifications(
    client: Any, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        certification(world["groen"].organisation, kind=CertificationKind.B_CORP)
        certification(
            world["fiets"].organisation,
            kind=CertificationKind.PSO,
            level="trede_1",
            valid_from=datetime(2020, 1, 1).date(),
            valid_until=datetime(2021, 1, 1).date(),
        )
    response = client.get(URL)
    assert facet_count(response, "certification", "b_corp") == 1
    assert facet_count(response, "certification", "pso") is None  # expired
    assert names(client.get(URL, {"certification": "b_corp"})) == ["Groenonderhoud Kracht"]


def test_orders_by_name_newest_and_relevance(client: Any, world: Any) -> None:
    assert names(client.get(URL, {"order": "name"})) == [
        "Fietsherstel Op Weg",
        "Groenonderhoud Kracht",
        "Koffiebranderij Samen",
    ]
    assert names(client.get(URL, {"order": "newest"})) == [
        "Koffiebranderij Samen",
        "Fietsherstel Op Weg",
        "Groenonderhoud Kracht",
    ]
    # The name weighs more than the pitch: "koffie" in the name beats it elsewhere.
    assert names(client.get(URL, {"q": "wij", "order": "relevance"}))


def test_pages_of_twenty_keep_the_query_in_their_links(client: Any, publish: Any) -> None:
    for number in range(45):
        publish(f"Werkplaats {number:02d}", pitch="Wij repareren meubels.")
    first = client.get(URL, {"q": "meubels", "order": "name"})
    assert len(names(first)) == 20
    html = first.content.decode()
    assert "45 ondernemers gevonden." in html
    assert "Pagina 1 van 3." in html
    assert 'href="?q=meubels&amp;order=name&amp;page=2"' in html
    third = client.get(URL, {"q": "meubels", "order": "name", "page": "3"})
    assert names(third) == [f"Werkplaats {number:02d}" for number in range(40, 45)]


def test_a_shared_link_gives_the_same_page(client: Any, world: Any) -> None:
    response = client.get(URL, {"q": "koffie", "theme": "arbeidsparticipatie", "order": "newest"})
    html = response.content.decode()
    # The form shows the state of the link, so the visitor can change it.
    assert 'name="q" value="koffie"' in html
    assert '<option value="newest" selected>' in html
    assert 'name="theme" value="arbeidsparticipatie" checked' in html
    # The list/map switch and the downloads carry the same state.
    assert (
        'href="/ondernemers/kaart/?q=koffie&amp;theme=arbeidsparticipatie&amp;order=newest"' in html
    )
    assert "/ondernemers/export.csv?q=koffie&amp;theme=arbeidsparticipatie&amp;order=newest" in html


def test_active_filters_are_chips_that_remove_themselves(client: Any, world: Any) -> None:
    response = client.get(URL, {"q": "wij", "theme": "arbeidsparticipatie", "sdg": "8"})
    html = response.content.decode()
    assert "Thema: Arbeidsparticipatie" in html
    chip = re.search(r'<a class="impactplein-chip" href="([^"]+)">Thema: Arbeidsparticipatie', html)
    assert chip is not None
    assert chip.group(1).replace("&amp;", "&") == "/ondernemers/?q=wij&sdg=8"
    assert 'href="/ondernemers/?q=wij">Wis alle filters' in html


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"theme": "bestaat-niet"}, "kent de waarde ‘bestaat-niet’ niet"),
        ({"sdg": "99"}, "kent de waarde ‘99’ niet"),
        ({"municipality": "GM9999"}, "kent de waarde ‘GM9999’ niet"),
        ({"kind": "<script>"}, "kent de waarde ‘&lt;script&gt;’ niet"),
        ({"page": "abc"}, "‘abc’ is geen paginanummer"),
        ({"page": "-3"}, "Pagina&#x27;s beginnen bij 1"),
        ({"order": "price"}, "De sortering ‘price’ bestaat niet"),
    ],
)
def test_bad_parameters_are_left_out_with_a_note(
    client: Any, world: Any, params: dict[str, str], note: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert note in response.content.decode()
    assert len(names(response)) == 3  # the filter was left out, not applied as "nothing"


def test_a_page_past_the_end_shows_the_last_page(client: Any, world: Any) -> None:
    response = client.get(URL, {"page": "99"})
    assert response.status_code == 200
    assert "Pagina 99 bestaat niet; u ziet de laatste pagina (1)." in response.content.decode()
    assert len(names(response)) == 3


def test_hostile_words_never_cause_an_error(client: Any, world: Any) -> None:
    for text in ['"', "fiets*", "NEAR(", "a" * 5000, "😀", "\x00"]:
        assert client.get(URL, {"q": text}).status_code == 200


def test_nothing_found_suggests_what_to_try(client: Any, world: Any) -> None:
    response = client.get(URL, {"q": "onderzeeboot", "theme": "arbeidsparticipatie"})
    html = response.content.decode()
    assert "Geen ondernemers gevonden" in html
    assert "Haal een of meer filters weg." in html
    assert "Controleer de spelling" in html


def test_an_estimated_total_says_about(client: Any, world: Any, monkeypatch: Any) -> None:
    from dataclasses import replace

    from impactplein.directory import selectors

    real = selectors.showcase_search

    def estimated(*args: Any, **kwargs: Any) -> Any:
        return replace(real(*args, **kwargs), estimated=True)

    monkeypatch.setattr(selectors, "showcase_search", estimated)
    assert "Ongeveer 3 ondernemers gevonden." in client.get(URL).content.decode()


def test_labels_follow_the_language_cookie(client: Any, world: Any) -> None:
    client.cookies["django_language"] = "en"
    response = client.get(URL)
    html = response.content.decode()
    assert "Labour participation" in html
    assert "Sustainability and climate" in html
    assert "social enterprise" in html.lower()
    assert "3 entrepreneurs found." in html
    assert "Arbeidsparticipatie" not in html


def test_the_page_links_its_atom_feed(client: Any, world: Any) -> None:
    html = client.get(URL).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/ondernemers/nieuw.atom"' in html
    )


def test_the_number_of_queries_does_not_grow_with_the_hits(client: Any, publish: Any) -> None:
    for number in range(3):
        publish(f"Drukkerij {number}", pitch="Wij drukken.", themes=("arbeidsparticipatie",))
    client.get(URL)  # labels of the reference data are read once per process, not per page
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "drukken"})
    for number in range(3, 20):
        publish(f"Drukkerij {number}", pitch="Wij drukken.", themes=("arbeidsparticipatie",))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"q": "drukken"})
    assert len(names(response)) == 20
    assert len(many.captured_queries) == len(few.captured_queries)
