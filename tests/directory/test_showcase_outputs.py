"""The showcase's other outputs of the same result: the map, the Atom feed and the downloads.

The map page carries the result list as its accessible alternative and hands the map script a
GeoJSON address with the same query; the GeoJSON holds the located enterprises of the result, at
most ``MAP_MAX_MARKERS``, and says how many it left out. The feed lists the newest published
enterprises as valid Atom. The CSV and Excel downloads hold the current result in the columns of
the staff import; e-mail addresses and phone numbers stay empty for visitors.
"""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from impactplein.core.models import Theme
from impactplein.core.search import clear_index
from impactplein.directory import indexing, selectors, tabular
from impactplein.directory.services import profile_publish
from impactplein.organisations.models import Organisation
from tests.directory.factories import OrganisationFactory, grant, profile
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _fresh_labels() -> None:
    """The showcase keeps reference-data labels per process for a while; each test starts anew."""
    selectors._reference_labels_cache.clear()


@pytest.fixture(autouse=True)
def _empty_index() -> None:
    clear_index(indexing.DOC_TYPE)


@pytest.fixture
def publish(django_capture_on_commit_callbacks: Any) -> Any:
    def make(
        name: str,
        *,
        located: bool = True,
        published_at: datetime | None = None,
        publish_it: bool = True,
        **fields: Any,
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            owner = OrganisationFactory(name=name, email="info@voorbeeld.nl")
            # Coordinates as the geocoder leaves them (the test never calls it).
            Organisation.objects.filter(pk=owner.pk).update(
                latitude=Decimal("51.813300") if located else None,
                longitude=Decimal("4.690100") if located else None,
            )
            item = profile(owner, themes=Theme.objects.filter(slug="arbeidsparticipatie"), **fields)
            if publish_it:
                item = profile_publish(actor=None, profile=item, published_at=published_at)
        return item

    return make


def test_the_map_page_has_the_list_and_the_map_settings(client: Any, publish: Any) -> None:
    publish("Fietsherstel Op Weg", pitch="Wij maken fietsen rijklaar.")
    response = client.get("/ondernemers/kaart/", {"q": "fietsen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fietsherstel Op Weg" in html  # the list, for everyone without the map
    assert "Voor de kaart is JavaScript nodig" in html
    config = response.context["map_config"]
    assert config["dataUrl"] == "/ondernemers/kaart.geojson?q=fietsen"
    assert config["tileUrl"].startswith("https://service.pdok.nl/brt/achtergrondkaart/")
    assert "Kadaster" in config["attribution"]
    assert 'id="showcase-map-config"' in html


def test_the_tile_server_comes_from_the_settings(client: Any, settings: Any) -> None:
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get("/ondernemers/kaart/")
    assert response.context["map_config"]["tileUrl"] == settings.MAP_TILE_URL


def test_map_data_is_geojson_of_the_located_result(client: Any, publish: Any) -> None:
    fiets = publish("Fietsherstel Op Weg", pitch="Wij maken fietsen rijklaar.")
    publish("Fietsmakerij Zonder Plek", pitch="Ook fietsen.", located=False)
    publish("Koffiebranderij Samen", pitch="Wij branden koffie.")
    publish("Fietsen Concept", pitch="Nog niet gepubliceerd: fietsen.", publish_it=False)
    response = client.get("/ondernemers/kaart.geojson", {"q": "fietsen"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["total"] == 2
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.6901, 51.8133]}
    assert feature["properties"]["name"] == "Fietsherstel Op Weg"
    assert feature["properties"]["url"] == f"/ondernemers/{fiets.pk}-fietsherstel-op-weg/"
    assert "1 organisatie heeft nog geen locatie" in data["message"]


def test_map_markers_are_capped_with_a_message(client: Any, publish: Any, settings: Any) -> None:
    settings.MAP_MAX_MARKERS = 2
    for number in range(4):
        publish(f"Werkplaats {number}", pitch="Wij repareren meubels.")
    data = client.get("/ondernemers/kaart.geojson").json()
    assert len(data["features"]) == 2
    assert data["total"] == 4
    assert "De kaart toont de eerste 2 van 4 resultaten." in data["message"]


def test_map_data_ignores_bad_parameters(client: Any, publish: Any) -> None:
    publish("Fietsherstel Op Weg")
    response = client.get("/ondernemers/kaart.geojson", {"theme": "nee", "page": "x"})
    assert response.status_code == 200
    assert len(response.json()["features"]) == 1


def atom(response: Any) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - our own page, in a test


def test_the_feed_is_atom_with_the_newest_first(client: Any, publish: Any) -> None:
    publish("Ouder Bedrijf", published_at=datetime(2025, 1, 1, tzinfo=UTC))
    newer = publish("Nieuw Bedrijf", published_at=datetime(2026, 5, 1, tzinfo=UTC))
    publish("Concept Bedrijf", publish_it=False)
    response = client.get("/ondernemers/nieuw.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = atom(response)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Nieuw in de etalage van Impactplein"
    assert root.find(f"{ATOM}id") is not None
    assert root.find(f"{ATOM}updated") is not None
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Impactplein"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Nieuw Bedrijf",
        "Ouder Bedrijf",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href").endswith(f"/ondernemers/{newer.pk}-nieuw-bedrijf/")
    assert first.find(f"{ATOM}published").text.startswith("2026-05-01")
    assert first.find(f"{ATOM}category").get("term") == "Arbeidsparticipatie"
    for entry in entries:
        assert entry.find(f"{ATOM}id") is not None
        assert entry.find(f"{ATOM}updated") is not None


def test_the_feed_holds_the_fifty_newest(client: Any, publish: Any) -> None:
    for number in range(52):
        publish(
            f"Bedrijf {number:02d}", published_at=datetime(2026, 1, 1 + number % 28, tzinfo=UTC)
        )
    root = atom(client.get("/ondernemers/nieuw.atom"))
    assert len(root.findall(f"{ATOM}entry")) == 50


def read_csv(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_csv_export_holds_the_current_result_in_the_import_columns(
    client: Any, publish: Any
) -> None:
    fiets = publish("Fietsherstel Op Weg", pitch="Wij maken fietsen rijklaar.")
    publish("Koffiebranderij Samen", pitch="Wij branden koffie.")
    response = client.get("/ondernemers/export.csv", {"q": "fietsen"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="impactplein-ondernemers-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["naam"] for row in rows] == ["Fietsherstel Op Weg"]
    assert tuple(rows[0]) == tuple(h for h in tabular.HEADERS if h not in ("e_mail", "telefoon"))
    assert rows[0]["id"] == str(fiets.organisation.pk)
    assert rows[0]["themas"] == "arbeidsparticipatie"
    assert rows[0]["status"] == "published"
    # The showcase relays messages; a visitor's download does not hand out addresses.
    assert "e_mail" not in rows[0]
    assert "telefoon" not in rows[0]


def test_staff_who_import_get_the_contact_columns(client: Any, publish: Any) -> None:
    publish("Fietsherstel Op Weg")
    client.force_login(grant(UserFactory(), "directory.import_impactprofile"))
    rows = read_csv(client.get("/ondernemers/export.csv"))
    assert tuple(rows[0]) == tabular.HEADERS
    assert rows[0]["e_mail"] == "info@voorbeeld.nl"


def test_a_formula_in_a_pitch_is_written_as_text(client: Any, publish: Any) -> None:
    publish("Rekenwerk", pitch='=HYPERLINK("http://example.org")')
    rows = read_csv(client.get("/ondernemers/export.csv"))
    assert rows[0]["pitch"].startswith("'=")


def test_xlsx_export_has_the_same_rows(client: Any, publish: Any) -> None:
    publish("Fietsherstel Op Weg", pitch="Wij maken fietsen rijklaar.")
    publish("Koffiebranderij Samen", pitch="Wij branden koffie.")
    response = client.get("/ondernemers/export.xlsx", {"order": "name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(h for h in tabular.HEADERS if h not in ("e_mail", "telefoon"))
    assert [row[1] for row in rows[1:]] == ["Fietsherstel Op Weg", "Koffiebranderij Samen"]


def test_exports_are_capped(client: Any, publish: Any, monkeypatch: Any) -> None:
    from impactplein.directory.views import showcase

    monkeypatch.setattr(showcase, "EXPORT_MAX_ROWS", 3)
    for number in range(5):
        publish(f"Werkplaats {number}")
    assert len(read_csv(client.get("/ondernemers/export.csv"))) == 3
