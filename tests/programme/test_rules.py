"""Who may do what in the programme.

Overlegtafel members read everything and change nothing; the coordinator changes everything;
a member of a partner organisation reads the programme and updates the progress, status and
timeline of their own partner's activities, not another partner's, and not an activity's
title or weight. Others see nothing.
"""

import pytest

from impactplein.accounts.services import user_grant_role
from tests.programme.factories import UserFactory, activity, member, setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    made = setup()
    made.own = activity(made, partner=made.partners["MBO"])  # type: ignore[attr-defined]
    made.other = activity(made, partner=made.partners["WSP"], title="Ander")  # type: ignore[attr-defined]
    return made


def with_role(slug: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug=slug)
    return type(user).objects.get(pk=user.pk)


def test_a_partner_member_updates_own_activities_only(made) -> None:  # type: ignore[no-untyped-def]
    user = member(made.partners["MBO"].organisation)
    assert user.has_perm("programme.view_actionprogramme", made.programme)
    assert user.has_perm("programme.update_activity_progress", made.own)
    assert user.has_perm("programme.add_timelineentry", made.own)
    assert not user.has_perm("programme.update_activity_progress", made.other)
    assert not user.has_perm("programme.add_timelineentry", made.other)
    assert not user.has_perm("programme.change_activity", made.own)
    assert not user.has_perm("programme.view_budget")


def test_the_overlegtafel_reads_everything_and_changes_nothing(made) -> None:  # type: ignore[no-untyped-def]
    user = with_role("overlegtafel-member")
    assert user.has_perm("programme.view_actionprogramme", made.programme)
    assert user.has_perm("programme.view_budget")
    assert user.has_perm("programme.view_expenditure")
    for perm in (
        "programme.update_activity_progress",
        "programme.change_activity",
        "programme.add_timelineentry",
    ):
        assert not user.has_perm(perm, made.own)
    assert not user.has_perm("programme.adopt_actionprogramme")
    assert not user.has_perm("programme.add_expenditure")


def test_the_coordinator_changes_everything(made) -> None:  # type: ignore[no-untyped-def]
    user = with_role("programme-coordinator")
    for perm in (
        "programme.update_activity_progress",
        "programme.change_activity",
        "programme.add_timelineentry",
    ):
        assert user.has_perm(perm, made.other)
    for perm in (
        "programme.adopt_actionprogramme",
        "programme.import_activities",
        "programme.add_actionprogramme",
        "programme.add_expenditure",
        "programme.change_budget",
    ):
        assert user.has_perm(perm)


def test_a_stranger_sees_nothing(made) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    assert not user.has_perm("programme.view_actionprogramme", made.programme)
    assert not user.has_perm("programme.update_activity_progress", made.own)
