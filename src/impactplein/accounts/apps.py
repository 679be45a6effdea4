from typing import Any

from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(
    sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """Bring the role groups in line with ``roles.ROLES`` once a ``migrate`` (or flush) is done.

    ``post_migrate`` is sent once per app; the roles are synchronised once, after the last app.
    This is set-up of the installation, not domain flow, which is why a signal is acceptable.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from impactplein.accounts.services import roles_sync

    configs = [config for config in apps.get_app_configs() if config.models_module is not None]
    if not configs or sender.label != configs[-1].label:
        return
    if not router.allow_migrate_model(using, Group):
        return
    tables = set(connections[using].introspection.table_names())
    needed = {Group._meta.db_table, Permission._meta.db_table, ContentType._meta.db_table}
    if not needed <= tables:
        return  # auth is migrated backwards or not at all
    # Django's own handler makes the permissions of each app after ours has run for that app, so
    # make sure they all exist now (it skips the ones that do).
    for config in configs:
        create_permissions(config, verbosity=0, using=using)
    roles_sync(using=using)


class AccountsConfig(AppConfig):
    name = "impactplein.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(
            sync_roles_after_migrate, dispatch_uid="impactplein.accounts.sync_roles_after_migrate"
        )
