"""Roles are groups with the permissions that accounts/roles.py declares, kept in line after
every migrate by roles_sync(); code asks for permissions, never for a role's name."""

import dataclasses

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

import pytest

from impactplein.accounts import roles
from impactplein.accounts.roles import ROLES, STAFF_AREA_PERMISSION, Role, split_permission
from impactplein.accounts.services import roles_sync, user_grant_role, user_revoke_role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def group_permissions(role_slug: str) -> set[str]:
    group = Group.objects.get(name=roles.role(role_slug).name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def ensure_permission(app_label: str, model: str, codename: str) -> Permission:
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def test_the_six_roles_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))

    assert {
        "Programmacoördinator",
        "Inkoper / social-return-adviseur",
        "Werkgeversadviseur",
        "Redacteur ondernemersvereniging",
        "Lid overlegtafel",
        "Beheerder",
    } <= names


def test_every_role_may_enter_the_staff_area():
    roles_sync()

    for declared in ROLES:
        assert STAFF_AREA_PERMISSION in group_permissions(declared.slug), declared.slug


def test_roles_sync_is_idempotent():
    first = roles_sync()
    groups = Group.objects.count()

    second = roles_sync()

    assert second == first
    assert Group.objects.count() == groups
    assert Group.objects.filter(name="Beheerder").count() == 1


def test_coordinator_and_administrator_manage_organisations():
    ensure_permission("organisations", "organisation", "manage_memberships")
    ensure_permission("organisations", "organisation", "change_organisation")

    roles_sync()

    for slug in ("programme-coordinator", "administrator"):
        assert {"organisations.manage_memberships", "organisations.change_organisation"} <= (
            group_permissions(slug)
        )
    for slug in ("employer-adviser", "association-editor", "overlegtafel-member"):
        assert "organisations.change_organisation" not in group_permissions(slug)


def test_the_administrator_manages_users_groups_and_reference_data():
    roles_sync()

    granted = group_permissions("administrator")

    assert {
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "accounts.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "auth.view_group",
        "core.change_municipality",
        "core.view_sdg",
    } <= granted
    assert "accounts.change_user" not in group_permissions("programme-coordinator")


def test_permissions_of_apps_that_do_not_exist_yet_are_skipped(monkeypatch):
    future = Role(
        slug="future",
        name="Toekomstige rol",
        permissions=(STAFF_AREA_PERMISSION, "toekomst.view_ding", "bestaatniet.*"),
    )
    monkeypatch.setattr("impactplein.accounts.services.ROLES", (*ROLES, future))

    granted = roles_sync()

    assert granted["future"] == {STAFF_AREA_PERMISSION}


def test_a_permission_added_by_hand_is_taken_away_again():
    roles_sync()
    group = Group.objects.get(name="Werkgeversadviseur")
    group.permissions.add(Permission.objects.get(codename="delete_user"))

    roles_sync()

    assert "accounts.delete_user" not in group_permissions("employer-adviser")


def test_a_role_gives_its_holder_the_permissions():
    user = UserFactory()
    assert not user.has_perm(STAFF_AREA_PERMISSION)

    user_grant_role(user=user, role_slug="overlegtafel-member")

    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    assert user.has_perm(STAFF_AREA_PERMISSION)
    user_revoke_role(user=user, role_slug="overlegtafel-member")
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm(STAFF_AREA_PERMISSION)


def test_an_unknown_role_is_refused():
    with pytest.raises(KeyError):
        user_grant_role(user=UserFactory(), role_slug="koning")


def test_the_role_table_is_well_formed():
    assert len({declared.slug for declared in ROLES}) == len(ROLES)
    assert len({declared.name for declared in ROLES}) == len(ROLES)
    for declared in ROLES:
        assert dataclasses.is_dataclass(declared)
        for permission in declared.permissions:
            split_permission(permission)  # raises on a malformed entry


@pytest.mark.parametrize("malformed", ["access_staff_area", ".codename", "accounts.", ""])
def test_a_malformed_permission_is_refused(malformed):
    with pytest.raises(ValueError, match=r"app_label\.codename"):
        split_permission(malformed)
