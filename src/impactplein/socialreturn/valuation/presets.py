"""The shipped presets: published regional tables as scheme files inside the package.

Each preset is ``impactplein/socialreturn/presets/<slug>.json`` in the scheme file format, read
through :mod:`importlib.resources` so it works from an installed package as well as a checkout.
"""

import json
from decimal import Decimal
from importlib import resources
from typing import Any

from .scheme_files import load_scheme
from .schemes import Scheme

PACKAGE = "impactplein.socialreturn.presets"


def _files() -> dict[str, Any]:
    root = resources.files(PACKAGE)
    return {
        entry.name.removesuffix(".json"): entry
        for entry in root.iterdir()
        if entry.is_file() and entry.name.endswith(".json")
    }


def preset_names() -> list[str]:
    """The slugs of the shipped presets, sorted."""
    return sorted(_files())


def preset_definition(slug: str) -> dict[str, Any]:
    """The raw scheme file of preset ``slug`` (amounts as JSON numbers); :class:`KeyError` when
    there is no such preset."""
    files = _files()
    if slug not in files:
        raise KeyError(slug)
    data: dict[str, Any] = json.loads(files[slug].read_text(encoding="utf-8"))
    return data


def load_preset(slug: str) -> Scheme:
    """Preset ``slug`` as a :class:`Scheme`; :class:`KeyError` when there is no such preset."""
    files = _files()
    if slug not in files:
        raise KeyError(slug)
    return load_scheme(json.loads(files[slug].read_text(encoding="utf-8"), parse_float=Decimal))
