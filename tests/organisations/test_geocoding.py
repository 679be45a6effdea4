"""Organisations get coordinates from their address, and a save never depends on it.

A save puts the organisation at its municipality's centre at once; after the commit the worker
asks the PDOK Locatieserver for the address's point and upgrades the location to it. An
unreachable or confused server, an unknown address or a slow answer about an old address leaves
the municipality's centre. Only a change of address asks again. No test uses the network: the
Locatieserver is a fake fetcher.
"""

import json
from decimal import Decimal
from io import StringIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command

import pytest

from impactplein.organisations import geocoding, services
from impactplein.organisations.constants import LocationSource
from impactplein.organisations.models import Organisation
from tests.organisations.factories import OrganisationFactory, municipality

URL = "https://locatieserver.test/free"


def answer(*points: str) -> bytes:
    docs = [
        {"centroide_ll": text, "weergavenaam": "Voorstraat 1, 3311AB Dordrecht"} for text in points
    ]
    return json.dumps({"response": {"numFound": len(docs), "docs": docs}}).encode()


class FakeLocatieserver:
    """Answers every request with ``body`` (or raises ``error``) and remembers the URLs asked."""

    def __init__(self, body: bytes = b"", error: Exception | None = None) -> None:
        self.body = body
        self.error = error
        self.urls: list[str] = []
        self.timeouts: list[float] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.urls.append(url)
        self.timeouts.append(timeout)
        if self.error is not None:
            raise self.error
        return self.body


# --- the client ----------------------------------------------------------------------------------


def test_the_query_asks_for_exactly_one_address_by_postcode_and_number() -> None:
    url = geocoding.search_url(URL, "3311 ab", 12)

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == URL
    assert query["q"] == ["3311AB 12"]
    assert query["fq"] == ["type:adres", "postcode:3311AB", "huisnummer:12"]
    assert query["rows"] == ["1"]


def test_the_point_is_read_as_longitude_then_latitude() -> None:
    found = geocoding.parse_response(answer("POINT(4.66745 51.81486)"))
    assert found == geocoding.Point(Decimal("51.814860"), Decimal("4.667450"))


def test_an_unknown_address_is_none() -> None:
    assert geocoding.parse_response(answer()) is None


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service unavailable</html>",
        b'{"error": "bad request"}',
        answer("POLYGON((1 2, 3 4))"),
        answer("POINT(-74.0 40.7)"),  # New York: not an address in the Netherlands
    ],
)
def test_a_confused_answer_is_an_error_not_a_point(body: bytes) -> None:
    with pytest.raises(geocoding.GeocodingError):
        geocoding.parse_response(body)


def test_lookup_passes_the_timeout_to_the_fetcher() -> None:
    server = FakeLocatieserver(answer("POINT(4.6 51.8)"))
    geocoding.lookup("3311AB", 1, base_url=URL, timeout=1.5, fetcher=server)
    assert server.timeouts == [1.5]


def test_the_real_fetcher_turns_an_unreachable_server_into_a_geocoding_error() -> None:
    with pytest.raises(geocoding.GeocodingError):
        geocoding.fetch("file:///etc/passwd", 1)


# --- saving an organisation ----------------------------------------------------------------------


@pytest.fixture
def server(settings: Any, monkeypatch: pytest.MonkeyPatch) -> FakeLocatieserver:
    """Geocoding switched on, with the Locatieserver replaced by a fake that knows one point."""
    settings.GEOCODING_ENABLED = True
    settings.GEOCODING_URL = URL
    fake = FakeLocatieserver(answer("POINT(4.66745 51.81486)"))
    monkeypatch.setattr(geocoding, "fetch", fake)
    return fake


@pytest.mark.django_db
def test_without_geocoding_an_organisation_sits_at_its_municipality_centre() -> None:
    organisation = OrganisationFactory(municipality=municipality("GM0590"))

    organisation.refresh_from_db()
    assert organisation.location_source == LocationSource.MUNICIPALITY
    assert organisation.latitude == municipality("GM0590").latitude
    assert organisation.longitude == municipality("GM0590").longitude


@pytest.mark.django_db(transaction=True)
def test_after_the_save_the_address_point_replaces_the_centre(server: FakeLocatieserver) -> None:
    organisation = OrganisationFactory(postcode="3311 AB", house_number=1)

    organisation.refresh_from_db()
    assert organisation.location_source == LocationSource.PDOK
    assert (organisation.latitude, organisation.longitude) == (
        Decimal("51.814860"),
        Decimal("4.667450"),
    )
    assert len(server.urls) == 1
    assert organisation.version == 1  # the point is not an edit a person has to reckon with


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_server_leaves_the_centre_and_the_save_stands(
    server: FakeLocatieserver,
) -> None:
    server.error = geocoding.GeocodingError("timed out")

    organisation = OrganisationFactory(name="Fietsfabriek")

    organisation.refresh_from_db()
    assert organisation.name == "Fietsfabriek"
    assert organisation.location_source == LocationSource.MUNICIPALITY


@pytest.mark.django_db(transaction=True)
def test_an_address_the_server_does_not_know_keeps_the_centre(server: FakeLocatieserver) -> None:
    server.body = answer()

    organisation = OrganisationFactory()

    organisation.refresh_from_db()
    assert organisation.location_source == LocationSource.MUNICIPALITY


@pytest.mark.django_db(transaction=True)
def test_an_organisation_without_house_number_is_not_looked_up(server: FakeLocatieserver) -> None:
    OrganisationFactory(house_number=None)
    assert server.urls == []


@pytest.mark.django_db(transaction=True)
def test_only_a_change_of_address_asks_again(server: FakeLocatieserver) -> None:
    organisation = OrganisationFactory()
    assert len(server.urls) == 1

    organisation = services.organisation_update(
        actor=None, organisation=organisation, expected_version=1, name="Nieuwe naam"
    )
    assert len(server.urls) == 1
    assert organisation.location_source == LocationSource.PDOK

    server.body = answer("POINT(4.70 51.80)")
    services.organisation_update(
        actor=None, organisation=organisation, expected_version=2, house_number=8
    )
    organisation.refresh_from_db()
    assert len(server.urls) == 2
    assert "huisnummer%3A8" in server.urls[1]
    assert organisation.latitude == Decimal("51.800000")


@pytest.mark.django_db
def test_a_new_address_first_moves_to_the_new_municipality_centre() -> None:
    organisation = OrganisationFactory()
    services.organisation_update(
        actor=None,
        organisation=organisation,
        expected_version=1,
        municipality=municipality("GM0610"),
        postcode="3361 AA",
        city="Sliedrecht",
    )

    organisation.refresh_from_db()
    assert organisation.location_source == LocationSource.MUNICIPALITY
    assert organisation.latitude == municipality("GM0610").latitude


@pytest.mark.django_db
def test_an_answer_about_an_old_address_is_not_stored() -> None:
    organisation = OrganisationFactory(house_number=1)

    def slow_answer(url: str, timeout: float) -> bytes:
        # Meanwhile someone saved another address.
        Organisation.objects.filter(pk=organisation.pk).update(house_number=99)
        return answer("POINT(4.66745 51.81486)")

    assert services.organisation_geocode(pk=organisation.pk, fetcher=slow_answer) is False
    organisation.refresh_from_db()
    assert organisation.location_source == LocationSource.MUNICIPALITY


# --- many at once (an import) --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_import_chunk_is_placed_one_organisation_after_the_other() -> None:
    first, second = OrganisationFactory(house_number=1), OrganisationFactory(house_number=2)
    server = FakeLocatieserver(answer("POINT(4.66745 51.81486)"))

    assert services.organisations_geocode(pks=[first.pk, second.pk], fetcher=server) == 2
    assert len(server.urls) == 2
    assert {o.location_source for o in Organisation.objects.all()} == {LocationSource.PDOK}


@pytest.mark.django_db
def test_an_unreachable_server_stops_the_chunk_instead_of_waiting_for_each_address() -> None:
    pks = [OrganisationFactory(house_number=n).pk for n in (1, 2, 3)]
    server = FakeLocatieserver(error=geocoding.Unreachable("timed out"))

    assert services.organisations_geocode(pks=pks, fetcher=server) == 0
    assert len(server.urls) == 1  # not three timeouts
    assert {o.location_source for o in Organisation.objects.all()} == {LocationSource.MUNICIPALITY}


@pytest.mark.django_db
def test_a_confusing_answer_about_one_address_does_not_stop_the_chunk() -> None:
    first, second = OrganisationFactory(house_number=1), OrganisationFactory(house_number=2)
    answers = iter([answer("POINT(140.0 35.0)"), answer("POINT(4.66745 51.81486)")])
    server = FakeLocatieserver()

    def fetcher(url: str, timeout: float) -> bytes:
        server(url, timeout)
        return next(answers)

    assert services.organisations_geocode(pks=[first.pk, second.pk], fetcher=fetcher) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.location_source == LocationSource.MUNICIPALITY  # a point outside the country
    assert second.location_source == LocationSource.PDOK


# --- catching up ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_places_every_organisation_that_lacks_an_address_point(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = OrganisationFactory()
    second = OrganisationFactory(house_number=None)
    Organisation.objects.filter(pk=second.pk).update(
        latitude=None, longitude=None, location_source=""
    )
    settings.GEOCODING_ENABLED = True
    fake = FakeLocatieserver(answer("POINT(4.66745 51.81486)"))
    monkeypatch.setattr(geocoding, "fetch", fake)

    out = StringIO()
    call_command("geocode_organisations", "--delay", "0", stdout=out)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.location_source == LocationSource.PDOK
    assert second.location_source == LocationSource.MUNICIPALITY
    assert second.latitude == second.municipality.latitude
    assert len(fake.urls) == 1
    assert "points found: 1" in out.getvalue()

    call_command("geocode_organisations", "--delay", "0", stdout=StringIO())
    assert len(fake.urls) == 1  # an organisation with its address point is not asked again


@pytest.mark.django_db
def test_the_command_asks_at_most_limit_addresses(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        OrganisationFactory()
    settings.GEOCODING_ENABLED = True
    fake = FakeLocatieserver(error=geocoding.GeocodingError("down"))
    monkeypatch.setattr(geocoding, "fetch", fake)

    call_command("geocode_organisations", "--delay", "0", "--limit", "2", stdout=StringIO())

    assert len(fake.urls) == 2
    assert not Organisation.objects.filter(location_source=LocationSource.PDOK).exists()
