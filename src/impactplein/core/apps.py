from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "impactplein.core"
    label = "core"
    verbose_name = _("Kern")


def app_modules(module_name: str) -> list[ModuleType]:
    """The module ``<app>.<module_name>`` of every Impactplein app other than ``core`` that has
    one, imported, in the order of ``INSTALLED_APPS``: how ``core`` reaches the other apps
    without importing them by name (demo data, KPI sources, search index rebuilds)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("impactplein.") or config.name == CoreConfig.name:
            continue
        name = f"{config.name}.{module_name}"
        if find_spec(name) is not None:
            found.append(import_module(name))
    return found
