"""The registry of computed KPIs: what the platform can measure from its own data.

DESIGN.md: the programme's KPIs are computed from the apps' queries wherever the platform holds
the data. A feature app may not import ``programme``, so the small interface lives here in
``core`` and the apps fill it:

- an app declares its sources in a module ``<app>/kpis.py`` that calls :func:`register` for each
  :class:`KpiSource` when it is imported;
- ``core`` finds those modules by name (as it finds ``<app>/demo.py``), the first time anyone asks
  for a source (:func:`sources`, :func:`source`), and never imports an app directly;
- ``programme`` links a KPI definition to a source by its ``key`` and asks ``compute(start, end)``
  for each period it shows.

A source measures one number for a period, ``start`` and ``end`` both inclusive, as a
:class:`~decimal.Decimal`. Its ``measure`` says how: a *stock* is the state on the period's last
day (published profiles on 31 March), a *flow* is what happened within the period (stories
published from 1 January to 31 March). A flow over a year is therefore the sum of its quarters;
a stock over a year is its value on 31 December.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from impactplein.core.apps import app_modules

COUNT: Final = "count"
EURO: Final = "euro"
PERCENT: Final = "percent"
UNITS: Final = (COUNT, EURO, PERCENT)

STOCK: Final = "stock"  # the state on the period's last day
FLOW: Final = "flow"  # what happened within the period
MEASURES: Final = (STOCK, FLOW)

MODULE_NAME: Final = "kpis"


@dataclass(frozen=True)
class KpiSource:
    """A number the platform computes for a period (``start`` to ``end``, both inclusive).

    ``label`` and ``description`` are lazy translatable texts (Dutch source); ``description``
    says exactly what is counted, for whom reads the figure. ``app`` is the app's label.
    """

    key: str  # unique, stable: stored in KPI definitions, e.g. "directory.published_profiles"
    label: Any
    unit: str  # COUNT, EURO or PERCENT
    compute: Callable[[date, date], Decimal]
    description: Any
    app: str
    measure: str = FLOW  # STOCK or FLOW

    def __post_init__(self) -> None:
        if (
            not self.key
            or len(self.key) > 80
            or not self.key.replace("_", "").replace(".", "").isalnum()
        ):
            raise ValueError(f"A KPI source key needs letters, digits, '.' or '_': {self.key!r}")
        if self.unit not in UNITS:
            raise ValueError(f"Unknown unit {self.unit!r}; one of {', '.join(UNITS)}")
        if self.measure not in MEASURES:
            raise ValueError(f"Unknown measure {self.measure!r}; one of {', '.join(MEASURES)}")

    @property
    def is_stock(self) -> bool:
        return self.measure == STOCK

    def value(self, start: date, end: date) -> Decimal:
        """The source's value for the period; refuses a period that ends before it starts."""
        if end < start:
            raise ValueError("A period cannot end before it starts")
        return Decimal(self.compute(start, end))


_registry: dict[str, KpiSource] = {}
_discovered = False
_lock = threading.RLock()


def register(source: KpiSource) -> KpiSource:
    """Add ``source`` to the registry (again: harmless); another source with its key: refused."""
    with _lock:
        known = _registry.get(source.key)
        if known is not None and known != source:
            raise ValueError(f"Another KPI source is registered as {source.key!r}")
        _registry[source.key] = source
    return source


def unregister(key: str) -> None:
    """Remove a source (for tests that register one of their own)."""
    with _lock:
        _registry.pop(key, None)


def discover() -> None:
    """Import ``<app>.kpis`` of every Impactplein app that has one (once)."""
    global _discovered
    with _lock:
        if _discovered:
            return
        app_modules(MODULE_NAME)  # each registers its sources as it is imported
        _discovered = True


def sources() -> list[KpiSource]:
    """Every registered source, by app and key."""
    discover()
    with _lock:
        return sorted(_registry.values(), key=lambda source: (source.app, source.key))


def source(key: str) -> KpiSource | None:
    """The source registered as ``key``, or ``None`` when no app offers it (any more)."""
    discover()
    with _lock:
        return _registry.get(key)
