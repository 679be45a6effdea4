"""Who finds the programme in the header: the table, the coordinator and the partners' members."""

import pytest

from impactplein.core.navigation import navigation_for
from tests.organisations.factories import OrganisationFactory
from tests.programme.factories import UserFactory, member, setup
from tests.socialreturn.factories import user_with_role

pytestmark = pytest.mark.django_db


def _labels(user: object) -> list[str]:
    return [str(item.label) for item in navigation_for(user)]


def test_the_coordinator_and_the_table_find_the_programme() -> None:
    assert "Programma" in _labels(user_with_role("programme-coordinator"))
    assert "Programma" in _labels(user_with_role("overlegtafel-member"))


def test_a_member_of_a_partner_finds_the_programme() -> None:
    made = setup()
    assert "Programma" in _labels(member(made.partners["WSP"].organisation))


def test_members_of_other_organisations_and_visitors_do_not() -> None:
    setup()
    assert "Programma" not in _labels(member(OrganisationFactory()))
    assert "Programma" not in _labels(UserFactory())
