"""A valid file of 10,000 rows (new organisations with profiles) is imported whole, found in the
showcase, and importing it again changes nothing. How fast is for the benchmark
(``python -m bench import_speed``), not for a test.

Slow, so it runs only on request: ``IMPORT_VOLUME=1 pytest tests/directory/test_import_volume.py``
(``IMPORT_ROWS`` sets another number of rows).
"""

import csv
import io
import os

import pytest

from impactplein.core.search import search
from impactplein.directory import imports, indexing
from impactplein.directory.models import ImpactProfile
from impactplein.organisations.models import Organisation
from tests.directory.factories import UserFactory

ROWS = int(os.environ.get("IMPORT_ROWS", "10000"))
HEADERS = [
    "naam", "kvk_nummer", "soort", "rechtsvorm", "straat", "huisnummer", "postcode", "plaats",
    "gemeente_cbs_code", "telefoon", "pitch", "themas", "sdgs", "impactmodellen", "doelgroepen",
    "levert_aan_inkopers", "aanbod", "status", "gepubliceerd_op",
]  # fmt: skip


def big_file() -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for n in range(ROWS):
        writer.writerow(
            [
                f"Onderneming {n} {'ABCDEFGHIJ'[n % 10]}", f"{20000000 + n:08d}",
                "social_enterprise", "bv", "Voorstraat", str(n % 300 + 1), "3311 AB",
                "Dordrecht", "GM0505", "078 123 4567", f"Pitch van onderneming {n}", "",
                "8;12", "employment", "jongeren", "ja", "Catering", "published", "2026-03-01",
            ]
        )  # fmt: skip
    return out.getvalue().encode()


@pytest.mark.skipif(not os.environ.get("IMPORT_VOLUME"), reason="set IMPORT_VOLUME=1 to run")
@pytest.mark.django_db
def test_ten_thousand_rows_import_whole_and_a_second_time_unchanged(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    data = big_file()

    with django_capture_on_commit_callbacks(execute=True):  # the worker's check
        batch = imports.import_upload(actor=user, data=data, filename="groot.csv")
    batch.refresh_from_db()
    assert batch.valid, imports.stored_plan(batch).error_rows[:3]
    with django_capture_on_commit_callbacks(execute=True):  # the worker's apply
        imports.import_confirm(actor=user, batch_pk=batch.pk, sha256=batch.sha256)
    batch.refresh_from_db()
    assert batch.status == "applied", batch.message

    assert Organisation.objects.count() == ROWS
    assert ImpactProfile.objects.filter(status="published").count() == ROWS
    assert ImpactProfile.objects.filter(sdgs__number=12).count() == ROWS
    last = f"Onderneming {ROWS - 1} {'ABCDEFGHIJ'[(ROWS - 1) % 10]}"
    hits = search(f'"{last}"', doc_types=[indexing.DOC_TYPE]).hits
    assert last in [hit.title for hit in hits]  # the last chunk's index task ran too

    with django_capture_on_commit_callbacks(execute=True):
        again = imports.import_upload(actor=user, data=data, filename="groot.csv")
    again.refresh_from_db()
    assert again.summary["unchanged"] == ROWS
