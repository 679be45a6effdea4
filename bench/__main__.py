"""Run the benchmarks: ``python -m bench [name ...] [--scale N]``.

Each module ``bench/<name>.py`` (all but ``settings``) offers ``run(scale: float) -> dict``; the
figures are printed and written to ``bench/results/<name>-<database>.json``.
"""

import argparse
import json
import os
import pkgutil
import sys
import time
from importlib import import_module
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def available() -> list[str]:
    package = Path(__file__).resolve().parent
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(package)])
        if info.name not in {"settings", "__main__"} and not info.name.startswith("_")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {available()})")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the data sizes")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # the bench database is separate from the demo's

    RESULTS.mkdir(exist_ok=True)
    failed = False
    for name in args.names or available():
        module = import_module(f"bench.{name}")
        started = time.perf_counter()
        figures = module.run(scale=args.scale)
        figures["wall_seconds"] = round(time.perf_counter() - started, 1)
        figures["database"] = connection.vendor
        out = RESULTS / f"{name}-{connection.vendor}.json"
        out.write_text(json.dumps(figures, indent=2, default=str))
        print(f"\n== {name} ({connection.vendor}) ==")
        for key, value in figures.items():
            print(f"  {key}: {value}")
        failed = failed or figures.get("passed") is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
