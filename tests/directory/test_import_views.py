"""The import page: only staff with the import permission reach it; an upload shows a preview with
the row errors or what each row will do, and only the confirmation writes.

A file that cannot be read re-shows the upload form with the reason at the file field; the
confirmation form carries the batch and its hash, and a forged or repeated confirmation writes
nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from impactplein.directory import tabular
from impactplein.directory.models import ImportBatch
from impactplein.organisations.models import Organisation
from tests.directory.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
URL = "/etalage/import/"
GOOD = b"naam;soort;rechtsvorm;gemeente_cbs_code\r\nFietsfabriek;company;bv;GM0505\r\n"
BAD = b"naam;soort;rechtsvorm;gemeente_cbs_code\r\nFietsfabriek;winkel;bv;GM0505\r\n"


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def staff(client):  # type: ignore[no-untyped-def]
    user = grant(UserFactory(), "directory.import_impactprofile")
    client.force_login(user)
    return user


def post_file(client, data: bytes, name: str = "lijst.csv"):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_the_url_is_named_import() -> None:
    assert reverse("directory:import") == URL


def test_visitors_go_to_the_login_page_and_members_without_permission_get_403(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert post_file(client, GOOD).status_code == 403


def test_the_upload_page_lists_the_columns(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 200
    codes = [code.text for code in page(response).select("table code")]
    assert codes == list(tabular.HEADERS)


def test_a_bad_row_is_shown_with_its_column_and_nothing_is_kept(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = post_file(client, BAD)

    assert response.status_code == 400
    row = page(response).select_one("#rij-2")
    assert "soort" in row.text
    assert "winkel" in row.text
    assert page(response).select_one("input[name=sha256]") is None
    assert not ImportBatch.objects.exists()
    assert not Organisation.objects.exists()


def test_a_file_that_cannot_be_read_shows_the_reason_at_the_file_field(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = post_file(client, b"naam;kleur\r\n")

    assert response.status_code == 400
    summary = page(response).select_one("[data-error-summary]")
    assert "Onbekende kolom(men): kleur" in summary.text


def test_a_file_over_the_size_limit_is_refused(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = post_file(client, b"x" * (tabular.MAX_FILE_BYTES + 1))
    assert response.status_code == 400
    assert "te groot" in page(response).select_one("[data-error-summary]").text


def test_an_empty_upload_is_refused(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = post_file(client, b"")
    assert response.status_code == 400
    assert page(response).select_one("[data-error-summary]") is not None


def test_preview_then_confirm_creates_the_organisation(client, staff) -> None:  # type: ignore[no-untyped-def]
    preview = post_file(client, GOOD)
    assert preview.status_code == 200
    assert "1 nieuw" in page(preview).select_one("[data-import-summary]").text
    assert not Organisation.objects.exists()

    batch = page(preview).select_one("input[name=batch]")["value"]
    sha256 = page(preview).select_one("input[name=sha256]")["value"]
    response = client.post(URL, {"batch": batch, "sha256": sha256}, follow=True)

    assert Organisation.objects.filter(name="Fietsfabriek").exists()
    assert "1 nieuw" in page(response).select_one("[data-import-done]").text

    again = client.post(URL, {"batch": batch, "sha256": sha256}, follow=True)
    assert Organisation.objects.filter(name="Fietsfabriek").count() == 1
    assert "al verwerkt" in again.content.decode()


def test_a_forged_confirmation_writes_nothing(client, staff) -> None:  # type: ignore[no-untyped-def]
    preview = post_file(client, GOOD)
    batch = page(preview).select_one("input[name=batch]")["value"]

    client.post(URL, {"batch": batch, "sha256": "f" * 64})
    client.post(URL, {"batch": batch, "sha256": "not a hash"})

    assert not Organisation.objects.exists()


@pytest.fixture
def english(client):  # type: ignore[no-untyped-def]
    """English pages; Dutch again afterwards (the middleware leaves the language active)."""
    client.cookies.load({"django_language": "en"})
    yield
    translation.activate("nl")


def test_the_import_pages_speak_english_too(client, staff, english) -> None:  # type: ignore[no-untyped-def]

    upload_page = page(client.get(URL))
    preview = page(post_file(client, BAD))

    assert upload_page.h1.text == "Import organisations and impact profiles"
    assert preview.h1.text == "Check of the import file"
    assert "is not one of the possible values" in preview.select_one("#rij-2").text
