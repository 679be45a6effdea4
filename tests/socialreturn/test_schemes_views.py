"""The scheme pages: officers list the schemes with their contract counts, read a scheme's blocks
and rules, edit a draft (every problem shown with its path, nothing saved when invalid, a stale
edit refused), publish it and start a new version; a published scheme has no edit page; people
without the permission get 403."""

import json

import pytest
from bs4 import BeautifulSoup

from impactplein.socialreturn.constants import SchemeStatus
from impactplein.socialreturn.models import ValuationScheme
from tests.organisations.factories import UserFactory
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db
LIST = "/social-return/modellen/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def officer(client):  # type: ignore[no-untyped-def]
    user = factories.officer()
    client.force_login(user)
    return user


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def draft() -> ValuationScheme:
    return factories.scheme(
        status=SchemeStatus.DRAFT, published_at=None, version="concept", slug="proef"
    )


def edit_data(scheme: ValuationScheme, **overrides) -> dict:  # type: ignore[no-untyped-def]
    values = {
        "name": "Proefmodel",
        "region": "Drechtsteden",
        "valid_from": "2027-01-01",
        "valid_until": "",
        "source_url": "https://www.baanbrekenddrechtsteden.nl/sroi",
        "definition": json.dumps(scheme.definition),
        "version_lock": scheme.version_lock,
    }
    values.update(overrides)
    return values


def test_people_without_the_permission_get_403(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(LIST).status_code == 302
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403


def test_the_list_shows_every_scheme_with_its_contract_count(client, officer) -> None:  # type: ignore[no-untyped-def]
    pinned = factories.contract()
    response = client.get(LIST)
    rows = {row["data-scheme"]: row for row in page(response).select("tr[data-scheme]")}
    assert len(rows) == ValuationScheme.objects.count()
    code = f"{pinned.scheme.slug}@{pinned.scheme.version}"
    assert rows[code].select("td")[-1].text == "1"
    assert "concept" in rows["drechtsteden@0-draft"].text


def test_the_detail_shows_blocks_and_rules(client, officer) -> None:  # type: ignore[no-untyped-def]
    scheme = factories.scheme()
    response = client.get(f"{LIST}{scheme.pk}/")
    soup = page(response)
    blocks = soup.select("tr[data-block]")
    assert len(blocks) == len(scheme.definition["blocks"])
    assert soup.select_one("[data-obligation-rules]") is not None
    assert "Concept bewerken" not in soup.text
    assert soup.select_one("form[action$='/publiceren/']") is None


def test_a_published_scheme_has_no_edit_page(client, officer) -> None:  # type: ignore[no-untyped-def]
    scheme = factories.scheme()
    response = client.get(f"{LIST}{scheme.pk}/wijzigen/")
    assert response.status_code == 302
    response = client.post(f"{LIST}{scheme.pk}/wijzigen/", edit_data(scheme))
    assert response.status_code == 302
    assert ValuationScheme.objects.get(pk=scheme.pk).name != "Proefmodel"


def test_an_invalid_draft_shows_every_problem_and_saves_nothing(client, officer) -> None:  # type: ignore[no-untyped-def]
    scheme = draft()
    definition = dict(scheme.definition)
    definition["obligation"] = {**definition["obligation"], "percentage": "vijf"}
    response = client.post(
        f"{LIST}{scheme.pk}/wijzigen/", edit_data(scheme, definition=json.dumps(definition))
    )
    assert response.status_code == 400
    problems = [item.text for item in page(response).select("[data-scheme-problems] li")]
    assert "obligation.percentage: 'percentage' moet een getal zijn, niet 'vijf'." in problems
    assert ValuationScheme.objects.get(pk=scheme.pk).version_lock == 1


def test_broken_json_is_named_by_line(client, officer) -> None:  # type: ignore[no-untyped-def]
    scheme = draft()
    response = client.post(f"{LIST}{scheme.pk}/wijzigen/", edit_data(scheme, definition="{\n,"))
    assert response.status_code == 400
    assert "De tekst is geen geldige JSON (regel 2" in response.content.decode()


def test_a_draft_is_edited_published_and_versioned(client, officer) -> None:  # type: ignore[no-untyped-def]
    scheme = draft()
    saved = client.post(f"{LIST}{scheme.pk}/wijzigen/", edit_data(scheme))
    assert saved.status_code == 302
    stale = client.post(f"{LIST}{scheme.pk}/wijzigen/", edit_data(scheme, name="Oud"))
    assert stale.status_code == 400
    assert "Iemand anders heeft dit waarderingsmodel intussen gewijzigd" in stale.content.decode()
    scheme.refresh_from_db()
    assert scheme.name == "Proefmodel"
    published = client.post(f"{LIST}{scheme.pk}/publiceren/", {"version_lock": scheme.version_lock})
    assert published.status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PUBLISHED
    new = client.post(f"{LIST}{scheme.pk}/nieuwe-versie/", {"version": "2028"})
    assert new.status_code == 302
    copy = ValuationScheme.objects.get(slug="proef", version="2028")
    assert copy.status == SchemeStatus.DRAFT
    assert new["Location"] == f"{LIST}{copy.pk}/wijzigen/"


def test_the_scheme_list_in_english(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.cookies.load({"django_language": "en"})
    response = client.get(LIST)
    client.cookies.load({"django_language": "nl"})
    assert page(response).select_one("h1").text == "Valuation schemes"
