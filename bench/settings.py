"""Benchmark settings: the project's settings on a database of their own, so a benchmark never
touches the demo. SQLite ``var/bench.sqlite3`` by default; PostgreSQL via ``BENCH_DATABASE_URL``."""

import os
from pathlib import Path

_var = Path(__file__).resolve().parent.parent / "var"
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_var / 'bench.sqlite3'}"
)

from impactplein.settings import *  # noqa: E402, F403

DEBUG = False
# The showcase benchmark serves its requests with django.test.Client.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
