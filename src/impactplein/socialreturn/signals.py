"""Installation set-up and one invariant of the social-return monitor, wired in ``apps.ready``.

* After every ``migrate`` the shipped valuation presets are in the database
  (``services.schemes.schemes_sync_presets``), the way ``accounts`` synchronises its roles:
  set-up of the installation, not domain flow.
* A published valuation scheme never changes and is never deleted: contracts pinned to it must
  keep their figures. The services refuse it first; this guard catches any other writer
  (a shell, a careless migration, the admin).
"""

from typing import Any

from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS, connections, router

from impactplein.socialreturn.constants import SchemeStatus


def sync_presets_after_migrate(
    sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """Create the shipped presets once a ``migrate`` (or flush) is done, after the last app."""
    from impactplein.socialreturn.models import ValuationScheme
    from impactplein.socialreturn.services.schemes import schemes_sync_presets

    configs = [config for config in apps.get_app_configs() if config.models_module is not None]
    if not configs or sender.label != configs[-1].label:
        return
    if not router.allow_migrate_model(using, ValuationScheme):
        return
    if ValuationScheme._meta.db_table not in connections[using].introspection.table_names():
        return  # socialreturn is migrated backwards or not at all
    schemes_sync_presets(using=using)


def refuse_changing_published_scheme(sender: type, instance: Any, **kwargs: Any) -> None:
    from impactplein.socialreturn.models import ValuationScheme
    from impactplein.socialreturn.services.schemes import FROZEN_FIELDS, PublishedSchemeError

    if instance.pk is None or kwargs.get("raw"):
        return
    stored = ValuationScheme.objects.filter(pk=instance.pk).values(*FROZEN_FIELDS).first()
    if stored is None or stored["status"] != SchemeStatus.PUBLISHED:
        return
    if any(getattr(instance, name) != stored[name] for name in FROZEN_FIELDS):
        raise PublishedSchemeError(instance)


def refuse_deleting_published_scheme(sender: type, instance: Any, **kwargs: Any) -> None:
    from impactplein.socialreturn.models import ValuationScheme
    from impactplein.socialreturn.services.schemes import PublishedSchemeError

    stored = ValuationScheme.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored == SchemeStatus.PUBLISHED:
        raise PublishedSchemeError(instance)
