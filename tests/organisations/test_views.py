"""The organisation pages: who may reach them, what the forms accept, and that no edit is lost.

Visitors are sent to the login page; a member of one organisation gets 403 on another; staff with
the permission reach every organisation. The register and edit forms normalise what people type,
refuse bad KvK numbers and postcodes with an error summary that links to the field, and an edit
made on an older version is refused with a message, keeping the newer data in the form and the
user's own input beside it.
"""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from impactplein.organisations.constants import LegalForm, MembershipRole, OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.organisations.services import organisation_update
from tests.organisations.factories import (
    OrganisationFactory,
    UserFactory,
    area,
    grant,
    member,
    membership,
    municipality,
)

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def form_data(organisation: Organisation | None = None, **overrides) -> dict[str, str]:
    """What the browser posts for ``organisation`` (or a new one), with ``overrides`` typed in."""
    data = {
        "name": "Stichting Taalmaatjes",
        "kind": OrganisationKind.SOCIAL_ORGANISATION,
        "legal_form": LegalForm.STICHTING,
        "kvk_number": "",
        "establishment_number": "",
        "street": "Voorstraat",
        "house_number": "12",
        "house_number_addition": "",
        "postcode": "3311 AB",
        "city": "Dordrecht",
        "municipality": str(municipality().pk),
        "area": "",
        "sbi_code": "",
        "sbi_version": "",
        "website": "",
        "email": "",
        "phone": "",
        "version": "1",
    }
    if organisation is not None:
        for name in data:
            value = getattr(organisation, name if name != "municipality" else "municipality_id")
            if name == "area":
                value = organisation.area_id
            data[name] = "" if value is None else str(value)
    data.update({name: str(value) for name, value in overrides.items()})
    return data


@pytest.fixture
def organisation(user):
    return OrganisationFactory(owner=user, name="Buurtkracht", kvk_number="12345678")


@pytest.fixture
def other():
    return OrganisationFactory(name="Andere organisatie")


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "with_pk"),
    [("list", False), ("mine", False), ("create", False), ("detail", True), ("update", True)],
)
def test_visitors_are_sent_to_the_login_page(client, organisation, name, with_pk):
    url = reverse(f"organisations:{name}", args=[organisation.pk] if with_pk else [])
    for response in (client.get(url), client.post(url, form_data(organisation, name="Gekaapt"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "next=" in response["Location"]
    organisation.refresh_from_db()
    assert organisation.name == "Buurtkracht"


def test_a_member_cannot_view_or_edit_another_organisation(client, logged_in, user, other):
    logged_in(user)
    assert client.get(reverse("organisations:detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("organisations:update", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("organisations:update", args=[other.pk]), form_data(other, name="Gekaapt")
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Andere organisatie"


def test_a_member_cannot_reach_the_staff_list(client, logged_in, user, organisation):
    logged_in(user)
    assert client.get(reverse("organisations:list")).status_code == 403


@pytest.mark.parametrize("role", [MembershipRole.OWNER, MembershipRole.EDITOR])
def test_members_view_and_edit_their_own_organisation(client, logged_in, organisation, role):
    logged_in(member(organisation, role=role))
    assert client.get(reverse("organisations:detail", args=[organisation.pk])).status_code == 200
    assert client.get(reverse("organisations:update", args=[organisation.pk])).status_code == 200


def test_staff_with_view_permission_see_every_organisation_but_cannot_edit(
    client, logged_in, organisation, other
):
    logged_in(grant(UserFactory(), "organisations.view_organisation"))
    assert client.get(reverse("organisations:list")).status_code == 200
    for target in (organisation, other):
        assert client.get(reverse("organisations:detail", args=[target.pk])).status_code == 200
        assert client.get(reverse("organisations:update", args=[target.pk])).status_code == 403


def test_staff_with_change_permission_edit_any_organisation(client, logged_in, other):
    staff = logged_in(grant(UserFactory(), "organisations.change_organisation"))
    response = client.post(
        reverse("organisations:update", args=[other.pk]), form_data(other, name="Hernoemd")
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.name == "Hernoemd"
    assert other.history.latest().history_user == staff


def test_an_unknown_organisation_is_not_found(client, logged_in, user):
    logged_in(grant(user, "organisations.view_organisation"))
    assert client.get(reverse("organisations:detail", args=[999999])).status_code == 404


# --- my organisations and the staff list ---------------------------------------------------------


def test_my_organisations_lists_only_mine_with_my_role(
    client, logged_in, user, organisation, other
):
    logged_in(user)
    response = client.get(reverse("organisations:mine"))
    text = page(response).find("main").get_text()
    assert "Buurtkracht" in text
    assert "eigenaar" in text
    assert "Andere organisatie" not in text


def test_my_organisations_invites_to_register_when_there_are_none(client, logged_in):
    logged_in(UserFactory())
    html = page(client.get(reverse("organisations:mine")))
    assert html.find("a", href=reverse("organisations:create"))


def test_the_staff_list_filters_by_kind_municipality_and_name(client, logged_in):
    OrganisationFactory(name="Kringloop Dordt", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    OrganisationFactory(
        name="Baggerbedrijf", kind=OrganisationKind.COMPANY, municipality=municipality("GM0610"),
        postcode="3361 AB", city="Sliedrecht",
    )  # fmt: skip
    OrganisationFactory(name="Kringloop Sliedrecht", municipality=municipality("GM0610"))
    logged_in(grant(UserFactory(), "organisations.view_organisation"))

    def names(**query):
        html = page(client.get(reverse("organisations:list"), query))
        return {row.find("a").get_text() for row in html.select("tbody tr")}

    assert names() == {"Kringloop Dordt", "Baggerbedrijf", "Kringloop Sliedrecht"}
    assert names(kind="social_enterprise") == {"Kringloop Dordt"}
    assert names(municipality="GM0610") == {"Baggerbedrijf", "Kringloop Sliedrecht"}
    assert names(q="kringloop", municipality="GM0610") == {"Kringloop Sliedrecht"}
    assert names(q="geen treffer") == set()
    assert names(kind="not-a-kind") == {"Kringloop Dordt", "Baggerbedrijf", "Kringloop Sliedrecht"}


# --- registering ---------------------------------------------------------------------------------


def test_registering_normalises_the_input_and_makes_the_user_owner(client, logged_in, user):
    logged_in(user)
    response = client.post(
        reverse("organisations:create"),
        form_data(
            kvk_number="1234 5678", postcode="3311ab", phone="078-123 45 67",
            sbi_code="88.99", sbi_version="2008", area=area("binnenstad").pk,
            website="buurtkracht.example.nl",
        ),
    )  # fmt: skip
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[organisation.pk])
    assert (organisation.kvk_number, organisation.postcode, organisation.phone) == (
        "12345678", "3311 AB", "+31781234567",
    )  # fmt: skip
    assert organisation.website == "https://buurtkracht.example.nl"
    assert membership(organisation, user).role == MembershipRole.OWNER


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("kvk_number", "1234567", "precies 8 cijfers"),
        ("kvk_number", "1234567a", "precies 8 cijfers"),
        ("establishment_number", "1234", "precies 12 cijfers"),
        ("postcode", "0311 AB", "begint niet met een 0"),
        ("postcode", "3311 SS", "SA, SD en SS"),
        ("postcode", "33110", "4 cijfers en 2 letters"),
        ("phone", "+32 2 123 45 67", "Nederlands telefoonnummer"),
    ],
)
def test_bad_identifiers_are_refused_with_a_linked_message(
    client, logged_in, user, field, typed, message
):
    logged_in(user)
    response = client.post(reverse("organisations:create"), form_data(**{field: typed}))
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    html = page(response)
    summary = html.select_one(".impactplein-error-summary")
    link = summary.find("a", href=f"#id_{field}")
    assert message in link.get_text()
    control = html.find(id=f"id_{field}")
    assert control["aria-invalid"] == "true"
    error_id = f"id_{field}_error"
    assert error_id in control["aria-describedby"].split()
    assert message in html.find(id=error_id).get_text()
    assert control["value"] == typed  # what was typed stays in the field


def test_a_taken_kvk_number_is_refused_on_the_field(client, logged_in, user, organisation):
    logged_in(user)
    response = client.post(reverse("organisations:create"), form_data(kvk_number="12345678"))
    html = page(response)
    assert "al een organisatie met dit KvK-nummer" in html.find(id="id_kvk_number_error").get_text()
    assert Organisation.objects.count() == 1


def test_an_area_outside_the_municipality_is_refused(client, logged_in, user):
    logged_in(user)
    response = client.post(
        reverse("organisations:create"),
        form_data(municipality=municipality("GM0610").pk, area=area("wielwijk").pk),
    )
    assert "niet in de gekozen gemeente" in page(response).find(id="id_area_error").get_text()
    assert not Organisation.objects.exists()


def test_the_form_is_dutch_by_default(client, logged_in, user):
    logged_in(user)
    html = page(client.get(reverse("organisations:create")))
    assert html.find("h1").get_text(strip=True) == "Organisatie aanmelden"
    assert (
        html.find("label", attrs={"for": "id_kvk_number"})
        .get_text(strip=True)
        .startswith("KvK-nummer")
    )


# --- editing and optimistic locking -------------------------------------------------------------


def test_the_edit_form_carries_the_version(client, logged_in, user, organisation):
    logged_in(user)
    html = page(client.get(reverse("organisations:update", args=[organisation.pk])))
    assert html.find("input", attrs={"name": "version", "type": "hidden"})["value"] == "1"


def test_an_edit_is_saved_and_recorded_in_the_history(client, logged_in, user, organisation):
    logged_in(user)
    response = client.post(
        reverse("organisations:update", args=[organisation.pk]),
        form_data(organisation, name="Buurtkracht Dordrecht", phone="06 12345678"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.phone, organisation.version) == (
        "Buurtkracht Dordrecht", "+31612345678", 2,
    )  # fmt: skip

    detail = page(client.get(reverse("organisations:detail", args=[organisation.pk])))
    history = detail.find("caption", id="history-caption").find_parent("table")
    newest = history.select("tbody tr")[0].get_text(" ", strip=True)
    assert str(user) in newest
    assert "naam" in newest
    assert "Buurtkracht Dordrecht" in newest
    assert "telefoonnummer" in newest


def test_a_stale_edit_is_refused_and_nothing_is_lost(client, logged_in, user, organisation):
    logged_in(user)
    colleague = member(organisation, role=MembershipRole.EDITOR)
    # The user opened the form at version 1; meanwhile a colleague saved version 2.
    organisation_update(
        actor=colleague, organisation=organisation, expected_version=1,
        name="Buurtkracht (nieuw)", phone="0781111111",
    )  # fmt: skip

    response = client.post(
        reverse("organisations:update", args=[organisation.pk]),
        form_data(organisation, version=1, name="Buurtkracht (mijn versie)", city="Zwijndrecht",
                  phone="+31781234567"),
    )  # fmt: skip

    # Refused: the newer data is kept in the database...
    assert response.status_code == 409
    organisation.refresh_from_db()
    assert (organisation.name, organisation.phone, organisation.city, organisation.version) == (
        "Buurtkracht (nieuw)", "+31781111111", "Dordrecht", 2,
    )  # fmt: skip
    html = page(response)
    assert "intussen gewijzigd" in html.find(id="stale-edit").get_text()
    # ...the form now holds the newer data and the new version...
    assert html.find(id="id_name")["value"] == "Buurtkracht (nieuw)"
    assert html.find(id="id_city")["value"] == "Dordrecht"
    assert html.find("input", attrs={"name": "version"})["value"] == "2"
    # ...and what the user typed is shown beside it.
    typed = {cell["data-typed"]: cell.get_text(strip=True) for cell in html.select("[data-typed]")}
    assert typed["name"] == "Buurtkracht (mijn versie)"
    assert typed["city"] == "Zwijndrecht"
    assert typed["phone"] == "+31781234567"
    assert "Buurtkracht (mijn versie)" in html.find(id="id_name_helptext").get_text()

    # Saving again on the new version works.
    again = client.post(
        reverse("organisations:update", args=[organisation.pk]),
        form_data(organisation, version=2, city="Zwijndrecht"),
    )
    assert again.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city, organisation.version) == (
        "Buurtkracht (nieuw)", "Zwijndrecht", 3,
    )  # fmt: skip


def test_a_tampered_version_is_refused(client, logged_in, user, organisation):
    logged_in(user)
    response = client.post(
        reverse("organisations:update", args=[organisation.pk]),
        form_data(organisation, version=7, name="Gekaapt"),
    )
    assert response.status_code == 409
    organisation.refresh_from_db()
    assert organisation.name == "Buurtkracht"


def test_an_invalid_edit_keeps_the_typed_values_and_the_saved_title(
    client, logged_in, user, organisation
):
    logged_in(user)
    response = client.post(
        reverse("organisations:update", args=[organisation.pk]),
        form_data(organisation, name="Nieuwe naam", postcode="0311 AB"),
    )
    html = page(response)
    assert response.status_code == 200
    assert html.find(id="id_name")["value"] == "Nieuwe naam"
    assert "Buurtkracht" in html.find("h1").get_text()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Buurtkracht", 1)


def test_the_form_speaks_english_when_chosen(client, logged_in, user, settings):
    logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("organisations:create"), form_data(kvk_number="123"))
    html = page(response)
    assert html.find("h1").get_text(strip=True) == "Register an organisation"
    assert "exactly 8 digits" in html.find(id="id_kvk_number_error").get_text()
