"""Run the benchmarks: ``python -m bench [name ...] [--scale N] [--documents N] [--queries N]``.

Each module ``bench/<name>.py`` (all but ``settings``) offers ``run(scale: float) -> dict`` (and
may take ``documents`` and ``queries_count``); the figures are printed and written to
``bench/results/<name>-<database>.json``. Every run starts on an empty, freshly migrated bench
database (``var/bench.sqlite3``, or ``BENCH_DATABASE_URL``, which is created when missing);
``--keep-database`` keeps what is there.
"""

import argparse
import inspect
import json
import os
import pkgutil
import sys
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlparse

RESULTS = Path(__file__).resolve().parent / "results"
SQLITE_FILE = Path(__file__).resolve().parent.parent / "var" / "bench.sqlite3"


def available() -> list[str]:
    package = Path(__file__).resolve().parent
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(package)])
        if info.name not in {"settings", "__main__"} and not info.name.startswith("_")
    )


def fresh_database() -> None:
    """Start from nothing: remove the SQLite file, or drop and create the PostgreSQL database."""
    url = os.environ.get("BENCH_DATABASE_URL") or ""
    if not url.startswith("postgres"):
        path = urlparse(url).path if url else str(SQLITE_FILE)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {available()})")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the data sizes")
    parser.add_argument("--documents", type=int, help="the number of documents, for quick runs")
    parser.add_argument("--queries", type=int, help="the number of queries to measure")
    parser.add_argument("--keep-database", action="store_true", help="do not start afresh")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the data and index already there (implies --keep-database)",
    )
    args = parser.parse_args()
    args.keep_database = args.keep_database or args.measure_only

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not args.keep_database:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # the bench database is separate from the demo's

    RESULTS.mkdir(exist_ok=True)
    failed = False
    for name in args.names or available():
        module = import_module(f"bench.{name}")
        options = {}
        accepted = inspect.signature(module.run).parameters
        if args.documents and "documents" in accepted:
            options["documents"] = args.documents
        if args.queries and "queries_count" in accepted:
            options["queries_count"] = args.queries
        if args.measure_only and "measure_only" in accepted:
            options["measure_only"] = True
        started = time.perf_counter()
        figures = module.run(scale=args.scale, **options)
        figures["wall_seconds"] = round(time.perf_counter() - started, 1)
        figures["database"] = connection.vendor
        out = RESULTS / f"{name}-{connection.vendor}-{figures.get('documents', 'all')}.json"
        out.write_text(json.dumps(figures, indent=2, default=str))
        print(f"\n== {name} ({connection.vendor}) ==")
        for key, value in figures.items():
            if not isinstance(value, dict):
                print(f"  {key}: {value}")
        failed = failed or figures.get("passed") is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
