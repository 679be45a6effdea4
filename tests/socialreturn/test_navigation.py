"""Who finds the social-return pages in the header."""

import pytest

from impactplein.core.navigation import navigation_for
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db


def _labels(user: object) -> list[str]:
    return [str(item.label) for item in navigation_for(user)]


def test_an_officer_finds_the_portfolio_and_not_a_second_entry() -> None:
    labels = _labels(factories.officer())
    assert "Social return" in labels
    assert "Mijn social return" not in labels


def test_a_member_of_a_supplier_finds_their_contracts() -> None:
    contract = factories.contract()
    labels = _labels(factories.supplier_member(contract))
    assert "Mijn social return" in labels
    assert "Social return" not in labels


def test_a_member_of_an_organisation_without_contracts_sees_neither() -> None:
    labels = _labels(member(OrganisationFactory()))
    assert "Mijn social return" not in labels
    assert "Social return" not in labels


def test_the_overlegtafel_sees_the_portfolio() -> None:
    labels = _labels(factories.user_with_role("overlegtafel-member"))
    assert "Social return" in labels


def test_a_user_without_organisations_sees_neither() -> None:
    labels = _labels(UserFactory())
    assert not {"Social return", "Mijn social return"} & set(labels)


def test_the_employer_services_desk_finds_the_candidates_and_nobody_else() -> None:
    assert "Kandidaten" in _labels(factories.employer_adviser())
    assert "Kandidaten" not in _labels(factories.officer())
    assert "Kandidaten" not in _labels(factories.supplier_member(factories.contract()))
