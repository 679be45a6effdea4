"""Who may act on an organisation, decided by permissions and never by group names.

Members (owner or editor) may view and change their own organisation and nothing else; only
owners manage its members. Staff may act on any organisation when they hold the model permission,
through a role or directly. Anyone logged in may register an organisation; visitors may not.
"""

from django.contrib.auth.models import AnonymousUser, Group, Permission

import pytest

from impactplein.organisations.constants import MembershipRole
from tests.organisations.factories import OrganisationFactory, UserFactory, grant, member

pytestmark = pytest.mark.django_db

VIEW = "organisations.view_organisation"
CHANGE = "organisations.change_organisation"
DELETE = "organisations.delete_organisation"
MANAGE = "organisations.manage_memberships"


@pytest.fixture
def own():
    return OrganisationFactory()


@pytest.fixture
def other():
    return OrganisationFactory()


@pytest.mark.parametrize("role", [MembershipRole.OWNER, MembershipRole.EDITOR])
def test_members_view_and_change_their_own_organisation_only(own, other, role):
    user = member(own, role=role)
    assert user.has_perm(VIEW, own)
    assert user.has_perm(CHANGE, own)
    assert not user.has_perm(VIEW, other)
    assert not user.has_perm(CHANGE, other)
    assert not user.has_perm(DELETE, own)


def test_members_have_no_global_permission(own):
    user = member(own)
    assert not user.has_perm(VIEW)
    assert not user.has_perm(CHANGE)


def test_only_owners_manage_members(own):
    owner = member(own, role=MembershipRole.OWNER)
    editor = member(own, role=MembershipRole.EDITOR)
    assert owner.has_perm(MANAGE, own)
    assert not editor.has_perm(MANAGE, own)


def test_staff_with_the_model_permission_act_on_any_organisation(own, other):
    viewer = grant(UserFactory(), VIEW)
    changer = grant(UserFactory(), CHANGE, MANAGE, DELETE)
    assert viewer.has_perm(VIEW, own)
    assert viewer.has_perm(VIEW)
    assert not viewer.has_perm(CHANGE, own)
    for organisation in (own, other):
        assert changer.has_perm(VIEW, organisation)  # who may change may look
        assert changer.has_perm(CHANGE, organisation)
        assert changer.has_perm(MANAGE, organisation)
        assert changer.has_perm(DELETE, organisation)


def test_a_role_grants_the_permission_through_its_group(own):
    role = Group.objects.create(name="Een rol met een willekeurige naam")
    role.permissions.add(Permission.objects.get(codename="change_organisation"))
    user = UserFactory()
    user.groups.add(role)
    assert user.has_perm(CHANGE, own)


def test_an_inactive_member_or_staff_user_may_do_nothing(own):
    user = member(own, role=MembershipRole.OWNER)
    staff = grant(UserFactory(), CHANGE)
    for person in (user, staff):
        person.is_active = False
        person.save()
        assert not person.has_perm(VIEW, own)
        assert not person.has_perm(CHANGE, own)


def test_superusers_may_do_everything(own):
    root = UserFactory(is_superuser=True)
    assert root.has_perm(CHANGE, own)
    assert root.has_perm(MANAGE, own)


def test_visitors_may_do_nothing(own):
    visitor = AnonymousUser()
    for perm in (VIEW, CHANGE, DELETE, MANAGE, "organisations.register_organisation"):
        assert not visitor.has_perm(perm, own)
        assert not visitor.has_perm(perm)


def test_anyone_logged_in_may_register_an_organisation():
    assert UserFactory().has_perm("organisations.register_organisation")
