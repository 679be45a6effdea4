"""The import pages: only staff with the import permission reach them; an upload leads to the
batch's page, which shows the worker at work (refreshing itself), then the row errors or what
each row will do, and after the confirmation the outcome. Only the confirmation writes.

A file that cannot be read re-shows the upload form with the reason at the file field; the
confirmation form carries the batch and its hash, and a forged or repeated confirmation writes
nothing. A batch is seen only by the person who uploaded it.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from impactplein.directory import imports, tabular
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


def post_file(client, data: bytes, name: str = "lijst.csv", **kwargs):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, **kwargs)


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
    response = post_file(client, BAD, follow=True)

    assert response.status_code == 200
    row = page(response).select_one("#rij-2")
    assert "soort" in row.text
    assert "winkel" in row.text
    assert page(response).select_one("input[name=sha256]") is None
    assert ImportBatch.objects.get().valid is False
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
    preview = post_file(client, GOOD, follow=True)
    assert preview.status_code == 200
    assert "1 nieuw" in page(preview).select_one("[data-import-summary]").text
    assert not Organisation.objects.exists()

    batch = page(preview).select_one("input[name=batch]")["value"]
    sha256 = page(preview).select_one("input[name=sha256]")["value"]
    batch_url = f"{URL}{batch}/"
    response = client.post(batch_url, {"batch": batch, "sha256": sha256}, follow=True)

    assert Organisation.objects.filter(name="Fietsfabriek").exists()
    assert "1 nieuw" in page(response).select_one("[data-import-done]").text

    again = client.post(batch_url, {"batch": batch, "sha256": sha256}, follow=True)
    assert Organisation.objects.filter(name="Fietsfabriek").count() == 1
    assert "al verwerkt" in again.content.decode()


def test_a_forged_confirmation_writes_nothing(client, staff) -> None:  # type: ignore[no-untyped-def]
    preview = post_file(client, GOOD, follow=True)
    batch = page(preview).select_one("input[name=batch]")["value"]

    client.post(f"{URL}{batch}/", {"batch": batch, "sha256": "f" * 64})
    client.post(f"{URL}{batch}/", {"batch": batch, "sha256": "not a hash"})

    assert not Organisation.objects.exists()


@pytest.fixture
def english(client):  # type: ignore[no-untyped-def]
    """English pages; Dutch again afterwards (the middleware leaves the language active)."""
    client.cookies.load({"django_language": "en"})
    yield
    translation.activate("nl")


def test_the_import_pages_speak_english_too(client, staff, english) -> None:  # type: ignore[no-untyped-def]

    upload_page = page(client.get(URL))
    preview = page(post_file(client, BAD, follow=True))

    assert upload_page.h1.text == "Import organisations and impact profiles"
    assert preview.h1.text == "Check of the import file"
    assert "is not one of the possible values" in preview.select_one("#rij-2").text
    batch = ImportBatch.objects.create(
        uploaded_by=staff, filename="big.csv", sha256="0" * 64, row_count=3000, status="checking"
    )
    working = page(client.get(f"{URL}{batch.pk}/"))
    assert working.h1.text == "The import file is being checked"
    assert "big.csv (3000 rows) is being checked" in working.select_one("[role=status]").text


def test_a_large_file_goes_to_the_worker_and_its_page_refreshes_until_checked(
    client, staff, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "INLINE_ROWS", 0)  # as if the file were large

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_file(client, GOOD)
    batch = ImportBatch.objects.get()
    assert response.url == f"{URL}{batch.pk}/"
    assert batch.status == ImportBatch.Status.UPLOADED

    working = page(client.get(response.url))
    status = working.select_one("[role=status][data-import-working]")
    assert "wordt gecontroleerd" in status.text
    # With JavaScript the status asks for the page again every 5 s; without, a link refreshes.
    assert status["hx-get"] == response.url
    assert status["hx-trigger"] == "every 5s"
    assert working.select_one("meta[http-equiv=refresh]") is None
    assert working.select_one("a[data-import-refresh]")["href"] == response.url
    assert working.select_one("input[name=sha256]") is None

    for callback in queued:  # the worker's turn
        callback()
    checked = page(client.get(response.url))
    assert checked.select_one("[hx-trigger]") is None  # done: nothing polls any more
    assert "1 nieuw" in checked.select_one("[data-import-summary]").text

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(response.url, {"batch": batch.pk, "sha256": batch.sha256})
    applying = page(client.get(response.url))
    assert "wordt opgeslagen" in applying.select_one("[role=status]").text
    assert not Organisation.objects.exists()

    for callback in queued:
        callback()
    done = page(client.get(response.url))
    assert "1 nieuw" in done.select_one("[data-import-done]").text
    assert Organisation.objects.filter(name="Fietsfabriek").exists()


def test_a_failed_apply_shows_its_message(client, staff) -> None:  # type: ignore[no-untyped-def]
    batch = ImportBatch.objects.get(pk=post_file(client, GOOD).url.split("/")[-2])
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, message="Rij 2 kon niet worden opgeslagen."
    )

    response = client.get(f"{URL}{batch.pk}/")

    assert page(response).select_one("[role=alert][data-import-failed]").text.strip() == (
        "Rij 2 kon niet worden opgeslagen."
    )


def test_someone_elses_batch_is_not_found(client, staff) -> None:  # type: ignore[no-untyped-def]
    url = post_file(client, GOOD).url
    batch = ImportBatch.objects.get()
    other = grant(UserFactory(), "directory.import_impactprofile")
    client.force_login(other)

    assert client.get(url).status_code == 404
    assert client.post(url, {"batch": batch.pk, "sha256": batch.sha256}).status_code == 404
    assert client.get(f"{URL}999999/").status_code == 404
    assert not Organisation.objects.exists()
    client.force_login(UserFactory())  # no permission at all
    assert client.get(url).status_code == 403


def test_the_upload_page_lists_ones_own_recent_files(client, staff) -> None:  # type: ignore[no-untyped-def]
    url = post_file(client, GOOD, name="mijn.csv").url
    other = grant(UserFactory(), "directory.import_impactprofile")
    ImportBatch.objects.create(uploaded_by=other, filename="niet-van-mij.csv", sha256="0" * 64)

    links = page(client.get(URL)).select("[data-import-batches] a")

    assert [(link.text, link["href"]) for link in links] == [("mijn.csv", url)]
    assert (
        "klaar om te bevestigen" in page(client.get(URL)).select_one("[data-import-batches]").text
    )
