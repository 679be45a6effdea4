"""Members act for their own organisation in the directory; staff with the permission act on any.

A member edits the profile, records scans and adds certifications of their own organisation, not
of another one; staff holding the model permission (as the programme coordinator's and the
administrator's roles do) act on any; verifying needs its own permission, which members lack.
"""

import pytest

from impactplein.accounts.roles import role
from tests.directory.factories import (
    OrganisationFactory,
    UserFactory,
    certification,
    grant,
    member,
    profile,
)

pytestmark = pytest.mark.django_db

MEMBER_PERMS = (
    "directory.change_impactprofile",
    "directory.add_impactscan",
    "directory.add_certification",
    "directory.add_impactprofile",
)


@pytest.mark.parametrize("perm", MEMBER_PERMS)
def test_member_acts_for_own_organisation_only(perm):
    own = profile()
    other = profile()
    user = member(own.organisation)
    assert user.has_perm(perm, own.organisation)
    assert user.has_perm(perm, own)
    assert not user.has_perm(perm, other.organisation)
    assert not user.has_perm(perm, other)
    assert not user.has_perm(perm)


@pytest.mark.parametrize("perm", MEMBER_PERMS)
def test_staff_with_model_permission_act_on_any(perm):
    anyone = profile()
    staff = grant(UserFactory(), perm)
    assert staff.has_perm(perm, anyone.organisation)
    assert staff.has_perm(perm, anyone)
    assert staff.has_perm(perm)
    assert not UserFactory().has_perm(perm, anyone.organisation)


def test_member_views_own_scans_only():
    organisation = OrganisationFactory()
    user = member(organisation)
    assert user.has_perm("directory.view_impactscan", organisation)
    assert not user.has_perm("directory.view_impactscan", OrganisationFactory())


def test_verifying_needs_its_own_permission():
    held = certification()
    owner = member(held.organisation, role="owner")
    assert not owner.has_perm("directory.verify_certification", held)
    verifier = grant(UserFactory(), "directory.verify_certification")
    assert verifier.has_perm("directory.verify_certification", held)
    assert verifier.has_perm("directory.verify_certification")


def test_inactive_member_may_not_act():
    own = profile()
    user = member(own.organisation)
    user.is_active = False
    user.save()
    assert not user.has_perm("directory.change_impactprofile", own)


@pytest.mark.parametrize("slug", ["programme-coordinator", "administrator"])
def test_coordinator_and_administrator_roles_manage_the_directory(slug):
    assert "directory.*" in role(slug).permissions
