"""Build the search index again from the records, one document type at a time.

    .venv/bin/python manage.py rebuild_search_index [TYPE ...]

Without a type, every type any app indexes (each app's ``indexing.REBUILDERS``), in the order of
``INSTALLED_APPS``. Each type is replaced in one transaction: searches find the old documents until
its new ones are complete, and documents no longer on record or published go. Use it after a
restore, a bulk change made in the database, or to give PostgreSQL a freshly made index.
"""

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from impactplein.core.apps import app_modules


def rebuilders() -> dict[str, Callable[[], int]]:
    """Every indexed document type and the function that rebuilds it, found by module name."""
    found: dict[str, Callable[[], int]] = {}
    for module in app_modules("indexing"):
        found.update(getattr(module, "REBUILDERS", {}))
    return found


class Command(BaseCommand):
    help = "Rebuild the search index from the records (all document types, or the ones named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("types", nargs="*", metavar="TYPE", help="document types to rebuild")

    def handle(self, *args: Any, **options: Any) -> None:
        known = rebuilders()
        unknown = [doc_type for doc_type in options["types"] if doc_type not in known]
        if unknown:
            raise CommandError(
                f"Unknown document type(s): {', '.join(unknown)}. Known types: {', '.join(known)}."
            )
        for doc_type in options["types"] or known:
            started = time.perf_counter()
            written = known[doc_type]()
            seconds = time.perf_counter() - started
            self.stdout.write(f"{doc_type}: {written} document(s) indexed in {seconds:.1f} s.")
