"""Everything that writes accounts data: one function per use case."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q

from impactplein.accounts.models import User
from impactplein.accounts.roles import ROLES, Role, role, split_permission


def _permissions_query(permissions: Iterable[str]) -> Q:
    query = Q(pk__in=[])
    for permission in permissions:
        app_label, codename = split_permission(permission)
        if codename == "*":
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    return query


def roles_sync(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, set[str]]:
    """Make each role's group hold exactly the permissions that ``roles.ROLES`` declares.

    Idempotent: it runs after every ``migrate``. Permissions that do not exist (yet) are skipped,
    and a permission added to a role's group by hand is removed again: the table is the truth.
    Returns, per role slug, the permissions the group now holds as ``"app_label.codename"``.
    """
    granted: dict[str, set[str]] = {}
    with transaction.atomic(using=using):
        for declared in ROLES:
            group, _created = Group.objects.using(using).get_or_create(name=declared.name)
            permissions = list(
                Permission.objects.using(using)
                .filter(_permissions_query(declared.permissions))
                .select_related("content_type")
            )
            group.permissions.set(permissions)
            granted[declared.slug] = {
                f"{permission.content_type.app_label}.{permission.codename}"
                for permission in permissions
            }
    return granted


def _role_group(declared: Role) -> Group:
    group = Group.objects.filter(name=declared.name).first()
    if group is None:
        roles_sync()
        group = Group.objects.get(name=declared.name)
    return group


@transaction.atomic
def user_grant_role(*, user: User, role_slug: str) -> None:
    """Give ``user`` the role ``role_slug`` (a slug from ``roles.ROLES``)."""
    user.groups.add(_role_group(role(role_slug)))


@transaction.atomic
def user_revoke_role(*, user: User, role_slug: str) -> None:
    """Take the role ``role_slug`` away from ``user``."""
    user.groups.remove(_role_group(role(role_slug)))


@transaction.atomic
def user_set_display_name(*, user: User, display_name: str) -> User:
    """Change the name shown for ``user``; an empty name falls back to the e-mail address."""
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user
