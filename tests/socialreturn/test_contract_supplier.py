"""The contract form's supplier is typed, not picked from a list of every organisation: a KvK
number (spaces and dots allowed) or a unique part of the name finds the organisation; when several
fit, the form comes back with them as radio buttons and saves once one is chosen; when none fits,
it says what was searched and where to register an organisation, and saves nothing; editing a
contract shows its supplier and keeps it when unchanged."""

import pytest
from bs4 import BeautifulSoup

from impactplein.organisations.models import Organisation
from impactplein.socialreturn.models import Contract
from tests.organisations.factories import OrganisationFactory, municipality
from tests.socialreturn import factories
from tests.socialreturn.test_contracts_views import form_data

pytestmark = pytest.mark.django_db
NEW = "/social-return/contracten/nieuw/"


@pytest.fixture(autouse=True)
def _officer(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(factories.officer())


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def post(client, typed: str, **extra: str):  # type: ignore[no-untyped-def]
    data = form_data(OrganisationFactory.build(), **extra)
    data["supplier"] = typed
    return client.post(NEW, data)


def saved_supplier(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 302, page(response).select(".utrecht-form-field__error-message")
    return Contract.objects.get(reference="DR-2026-100").supplier


def choices(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    soup = page(response)
    return {
        radio["value"]: soup.select_one(f"label[for={radio['id']}]").get_text(strip=True)
        for radio in soup.select("input[type=radio][name=supplier_choice]")
    }


def test_the_form_asks_for_a_kvk_number_or_name_instead_of_listing_organisations(client) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(name="Drechtgroen BV")
    soup = page(client.get(NEW))
    field = soup.select_one("input#id_supplier")
    assert field["type"] == "text"
    label = soup.select_one("label[for=id_supplier]").get_text(strip=True)
    assert label.startswith("Opdrachtnemer")
    assert "KvK-nummer of (een deel van) de naam" in soup.select_one("#id_supplier_helptext").text
    assert "Drechtgroen BV" not in soup.decode()
    assert not soup.select("input[name=supplier_choice][type=radio]")


@pytest.mark.parametrize("typed", ["87654321", "8765 4321", "87.65.43.21", " 87 654 321 "])
def test_a_kvk_number_finds_its_organisation(client, typed: str) -> None:  # type: ignore[no-untyped-def]
    drechtgroen = OrganisationFactory(name="Drechtgroen BV", kvk_number="87654321")
    OrganisationFactory(name="Drechtgroen Zuid BV")
    assert saved_supplier(post(client, typed)) == drechtgroen


def test_a_unique_part_of_the_name_finds_its_organisation_ignoring_case(client) -> None:  # type: ignore[no-untyped-def]
    drechtgroen = OrganisationFactory(name="Drechtgroen BV")
    OrganisationFactory(name="Schoonmaakbedrijf Wielwijk")
    assert saved_supplier(post(client, "drechtGROEN")) == drechtgroen


def test_an_exact_name_wins_over_names_that_contain_it(client) -> None:  # type: ignore[no-untyped-def]
    groen = OrganisationFactory(name="Groen")
    OrganisationFactory(name="Groen Noord BV")
    assert saved_supplier(post(client, "groen")) == groen


def test_several_matches_are_offered_to_choose_from_and_the_choice_is_saved(client) -> None:  # type: ignore[no-untyped-def]
    north = OrganisationFactory(name="Groenbedrijf Noord", kvk_number="11111111")
    south = OrganisationFactory(name="Groenbedrijf Zuid", kvk_number="22222222")
    Organisation.objects.filter(pk=south.pk).update(municipality=municipality("GM0482"))
    assert north.municipality.name != municipality("GM0482").name
    elsewhere = OrganisationFactory(name="Schoonmaak BV")

    response = post(client, "Groenbedrijf")
    assert response.status_code == 400
    assert "Meerdere organisaties passen bij “Groenbedrijf”; kies er een." in (
        page(response).select_one("#id_supplier_error").text
    )
    assert choices(response) == {
        str(north.pk): f"Groenbedrijf Noord — KvK 11111111 — {north.municipality.name}",
        str(south.pk): f"Groenbedrijf Zuid — KvK 22222222 — {municipality('GM0482').name}",
    }
    assert page(response).select_one("#id_supplier")["value"] == "Groenbedrijf"
    assert not Contract.objects.exists()

    # A choice that is not among what was typed does not count.
    refused = post(client, "Groenbedrijf", supplier_choice=str(elsewhere.pk))
    assert refused.status_code == 400
    assert not Contract.objects.exists()

    assert saved_supplier(post(client, "Groenbedrijf", supplier_choice=str(south.pk))) == south


def test_a_choice_survives_another_fields_error(client) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(name="Groenbedrijf Noord")
    south = OrganisationFactory(name="Groenbedrijf Zuid")
    response = post(client, "Groenbedrijf", supplier_choice=str(south.pk), end_date="2025-01-01")
    assert response.status_code == 400
    soup = page(response)
    assert not soup.select("#id_supplier_error")
    assert soup.select_one(f"input[name=supplier_choice][value='{south.pk}']").has_attr("checked")


def test_at_most_ten_are_offered_with_a_hint_to_type_more(client) -> None:  # type: ignore[no-untyped-def]
    for number in range(12):
        OrganisationFactory(name=f"Schoonmaak {number:02d}")
    response = post(client, "Schoonmaak")
    assert response.status_code == 400
    assert len(choices(response)) == 10
    assert "Alleen de eerste 10 staan hier" in response.content.decode()


def test_no_match_says_what_was_searched_and_where_to_register_and_saves_nothing(client) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(name="Drechtgroen BV", kvk_number="87654321")
    response = post(client, "Bouwbedrijf Oost")
    assert response.status_code == 400
    soup = page(response)
    assert "Geen organisatie gevonden bij “Bouwbedrijf Oost”." in (
        soup.select_one("#id_supplier_error").text
    )
    assert soup.select_one("#id_supplier_helptext a")["href"] == "/organisaties/aanmelden/"
    assert not choices(response)
    assert not Contract.objects.exists()

    unknown = post(client, "1234 5678")
    assert unknown.status_code == 400
    assert "Er staat geen organisatie met KvK-nummer 12345678 in het register." in (
        unknown.content.decode()
    )
    assert not Contract.objects.exists()


def test_the_messages_in_english(client) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(name="Groenbedrijf Noord")
    OrganisationFactory(name="Groenbedrijf Zuid")
    client.cookies.load({"django_language": "en"})
    several = post(client, "Groenbedrijf").content.decode()
    none = post(client, "Bouwbedrijf Oost").content.decode()
    client.cookies.load({"django_language": "nl"})
    assert "Several organisations match “Groenbedrijf”; choose one." in several
    assert "Which organisation do you mean?" in several
    assert "No organisation found for “Bouwbedrijf Oost”." in none
    assert "register an organisation" in none


def test_editing_shows_the_supplier_and_keeps_it_when_unchanged(client) -> None:  # type: ignore[no-untyped-def]
    # No KvK number and a namesake: the name alone would be ambiguous.
    supplier = OrganisationFactory(name="Stichting Werkkracht", kvk_number=None)
    OrganisationFactory(name="Stichting Werkkracht", kvk_number=None)
    contract = factories.contract(supplier=supplier)
    url = f"/social-return/contracten/{contract.pk}/wijzigen/"
    shown = page(client.get(url)).select_one("#id_supplier")["value"]
    assert shown == "Stichting Werkkracht"

    data = form_data(
        supplier,
        reference=contract.reference,
        scheme=contract.scheme_id,
        supplier_pso_level="",
        version=contract.version,
        title="Nieuwe omschrijving",
    )
    data["supplier"] = shown
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert (contract.title, contract.supplier) == ("Nieuwe omschrijving", supplier)


def test_editing_shows_the_kvk_number_and_a_new_supplier_can_be_typed(client) -> None:  # type: ignore[no-untyped-def]
    contract = factories.contract()
    other = OrganisationFactory(name="Drechtgroen BV", kvk_number="87654321")
    url = f"/social-return/contracten/{contract.pk}/wijzigen/"
    shown = page(client.get(url)).select_one("#id_supplier")["value"]
    assert shown == f"{contract.supplier.name} (KvK {contract.supplier.kvk_number})"

    data = form_data(
        other,
        reference=contract.reference,
        scheme=contract.scheme_id,
        supplier_pso_level="",
        version=contract.version,
    )
    data["supplier"] = "Drechtgroen"
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert contract.supplier == other
