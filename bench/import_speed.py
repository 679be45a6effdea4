"""The staff import's speed: check and apply N generated rows, against a floor of plain inserts.

``python -m bench import_speed [--scale 0.1] [--documents N]`` on the bench database. It generates
a CSV of N new organisations with impact profiles (10,000 at scale 1), then measures, with the
functions the worker runs: the check (:func:`imports.import_upload` reading the file and
:func:`imports.import_check` planning every row), the apply (:func:`imports.import_confirm` and
:func:`imports.import_apply` writing through the services, with history and the index and
geocoding tasks queued), a second check of the same file (every row found and unchanged), and
the check and apply of an edited file that changes every row's pitch (``changed_*``). The floor
is a plain ``bulk_create`` of the same organisations (no validation, history, profile or tasks),
rolled back, in the same run. Issue #3 asks 10,000 rows in under a minute: ``passed`` when both
the new and the changed file make it. The data is synthetic and deterministic.
"""

import csv
import io
import time
from typing import Any

DEFAULT_ROWS = 10_000
TARGET_SECONDS = 60.0
HEADERS = [
    "naam", "kvk_nummer", "soort", "rechtsvorm", "straat", "huisnummer", "postcode", "plaats",
    "gemeente_cbs_code", "telefoon", "pitch", "themas", "sdgs", "impactmodellen", "doelgroepen",
    "levert_aan_inkopers", "aanbod", "status", "gepubliceerd_op",
]  # fmt: skip
WORDS = ["Bakkerij", "Werkplaats", "Kringloop", "Drukkerij", "Catering", "Zorgboerderij"]
PLACES = ["Noord", "Zuid", "Oost", "West", "Centrum", "Haven", "Dijk", "Markt"]


class _RollBack(Exception):
    pass


def _row(n: int, municipality: str, theme: str, edition: int) -> list[str]:
    name = f"{WORDS[n % len(WORDS)]} {PLACES[n // 7 % len(PLACES)]} {n}"
    pitch = f"Pitch van {name}" if edition == 1 else f"Pitch {edition} van {name}"
    return [
        name, f"{30000000 + n:08d}", "social_enterprise", "bv", "Voorstraat", str(n % 300 + 1),
        "3311 AB", "Dordrecht", municipality, "078 123 4567", pitch, theme, "8;12",
        "employment", "jongeren", "ja", "Catering", "published", "2026-03-01",
    ]  # fmt: skip


def generate(count: int, municipality: str, theme: str, edition: int = 1) -> bytes:
    """The file; a later ``edition`` changes every row's pitch (an edited export)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(_row(n, municipality, theme, edition) for n in range(count))
    return out.getvalue().encode()


def floor(count: int, municipality: Any) -> float:
    """Seconds for a plain ``bulk_create`` of the same organisations (then rolled back)."""
    from django.db import transaction

    from impactplein.organisations.models import Organisation

    started = time.perf_counter()
    elapsed = 0.0
    try:
        with transaction.atomic():
            Organisation.objects.bulk_create(
                [
                    Organisation(
                        name=f"{WORDS[n % len(WORDS)]} {PLACES[n // 7 % len(PLACES)]} {n}",
                        kvk_number=f"{30000000 + n:08d}",
                        kind="social_enterprise",
                        legal_form="bv",
                        street="Voorstraat",
                        house_number=n % 300 + 1,
                        postcode="3311 AB",
                        city="Dordrecht",
                        municipality=municipality,
                        phone="+31781234567",
                    )
                    for n in range(count)
                ],
                batch_size=1000,
            )
            elapsed = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    return elapsed


def run(scale: float = 1.0, documents: int | None = None) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from impactplein.core.models import Municipality, Theme
    from impactplein.directory import imports

    count = documents or max(1, int(DEFAULT_ROWS * scale))
    municipality = Municipality.objects.order_by("cbs_code").first()
    theme = Theme.objects.order_by("slug").first()
    if municipality is None or theme is None:
        raise SystemExit("The bench database has no reference data; run its migrations first.")
    user, _ = get_user_model().objects.get_or_create(
        email="bench-import@example.org", defaults={"display_name": "Bench import"}
    )
    data = generate(count, municipality.cbs_code, theme.slug)
    figures: dict[str, Any] = {"documents": count, "database": connection.vendor}

    floor_seconds = floor(count, municipality)

    # Every step by the worker's own functions, in this process: the upload with its check
    # enqueued, the check, the confirmation with its apply enqueued, the apply.
    inline, imports.INLINE_ROWS = imports.INLINE_ROWS, -1
    try:
        new = _import(user, data, imports.CREATE)
        started = time.perf_counter()
        again = imports.import_upload(actor=user, data=data, filename="bench.csv")
        imports.import_check(again.pk)
        recheck_seconds = time.perf_counter() - started
        again.refresh_from_db()
        edited = generate(count, municipality.cbs_code, theme.slug, edition=2)
        changed = _import(user, edited, imports.UPDATE)
    finally:
        imports.INLINE_ROWS = inline

    figures.update(
        {
            "floor_bulk_create_seconds": round(floor_seconds, 2),
            "floor_rows_per_second": round(count / floor_seconds) if floor_seconds else None,
            **{f"new_{name}": value for name, value in new.items()},
            "new_apply_vs_floor": round(new["apply_seconds"] / floor_seconds, 1)
            if floor_seconds
            else None,
            "recheck_unchanged_seconds": round(recheck_seconds, 2),
            "recheck_unchanged": again.summary.get("unchanged"),
            **{f"changed_{name}": value for name, value in changed.items()},
            "target_seconds_for_10000": TARGET_SECONDS,
            "passed": max(new["seconds_per_10000"], changed["seconds_per_10000"]) < TARGET_SECONDS,
        }
    )
    return figures


def _import(user: Any, data: bytes, action: str) -> dict[str, Any]:
    """Check and apply ``data``, every row of which must come out as ``action``; the timings."""
    from impactplein.directory import imports
    from impactplein.directory.models import ImportBatch

    started = time.perf_counter()
    batch = imports.import_upload(actor=user, data=data, filename="bench.csv")
    imports.import_check(batch.pk)
    check_seconds = time.perf_counter() - started
    batch.refresh_from_db()
    if not batch.valid or batch.summary[action] != batch.row_count:
        raise SystemExit(f"The generated file is not {action} throughout: {batch.summary}")

    started = time.perf_counter()
    imports.import_confirm(actor=user, batch_pk=batch.pk, sha256=batch.sha256)
    imports.import_apply(batch.pk)
    apply_seconds = time.perf_counter() - started
    batch.refresh_from_db()
    if batch.status != ImportBatch.Status.APPLIED:
        raise SystemExit(f"The apply failed: {batch.message}")
    total = check_seconds + apply_seconds
    return {
        "check_seconds": round(check_seconds, 2),
        "apply_seconds": round(apply_seconds, 2),
        "check_and_apply_seconds": round(total, 1),
        "rows_per_second": round(batch.row_count / total),
        "seconds_per_10000": round(total * DEFAULT_ROWS / batch.row_count, 1),
    }
