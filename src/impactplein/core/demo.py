"""The demo world: deterministic, synthetic data for ``manage.py seed_demo``.

Each app that has demo data offers a module ``<app>/demo.py`` with a function
``seed(context: DemoContext) -> None``. The command calls them in the order of ``INSTALLED_APPS``,
so an app finds the data of the apps it depends on (users before organisations, organisations before
the feature apps). ``core`` finds the modules by name and never imports another app directly.

All names, addresses and numbers are made up; no real person's data is used.
"""

import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from impactplein.core.apps import app_modules

DEMO_SEED = 20261127
DEMO_PASSWORD = "impactplein-demo"  # noqa: S105 - the demo accounts exist only in demo data
DEMO_EMAIL_DOMAIN = "demo.impactplein.nl"


@dataclass
class DemoContext:
    """Shared state between the apps' seeders: one random generator and named objects."""

    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    scale: float = 1.0
    objects: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def remember(self, key: str, value: Any) -> Any:
        self.objects[key] = value
        return value

    def get(self, key: str) -> Any:
        return self.objects[key]

    def count(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def say(self, line: str) -> None:
        self.log.append(line)


def demo_modules() -> list[Any]:
    return app_modules("demo")


@transaction.atomic
def seed_demo(*, scale: float = 1.0) -> DemoContext:
    """Build the whole demo world in one transaction: it is all there, or none of it is."""
    context = DemoContext(scale=scale)
    for module in demo_modules():
        module.seed(context)
    return context
