"""The social-return monitor's KPIs for the programme: registered by name, and they follow the
data. Approving an entry raises the realised value by the entry's value, in the period of the
decision; a contract's obligation counts in the period it was awarded; the Buy Social share is the
spend selector's own figure.
"""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.core import kpis
from impactplein.socialreturn.constants import EntryKind
from impactplein.socialreturn.selectors.spend import buy_social_share
from impactplein.socialreturn.services import fulfilment
from tests.socialreturn.factories import contract, officer, supplier_member

pytestmark = pytest.mark.django_db


def value(key: str, start: date, end: date) -> Decimal:
    source = kpis.source(key)
    assert source is not None, key
    return source.value(start, end)


def test_discovery_finds_the_social_return_sources() -> None:
    found = {source.key: source for source in kpis.sources() if source.app == "socialreturn"}
    assert set(found) == {
        "socialreturn.obligation_awarded",
        "socialreturn.realised_value",
        "socialreturn.buy_social_share",
    }
    assert found["socialreturn.obligation_awarded"].unit == kpis.EURO
    assert found["socialreturn.buy_social_share"].unit == kpis.PERCENT


def test_approving_an_entry_raises_the_realised_value_by_its_value() -> None:
    today = date.today()
    year = (date(today.year, 1, 1), date(today.year, 12, 31))
    made = contract()
    member = supplier_member(made)
    waiting = fulfilment.entry_create(
        actor=member,
        contract=made,
        kind=EntryKind.COST_ITEM,
        block="opleiding",
        amount=Decimal("2500"),
        description="Jobcoach",
    )
    waiting = fulfilment.entry_submit(actor=member, entry=waiting, version=waiting.version)
    before = value("socialreturn.realised_value", *year)
    assert before == 0  # submitted is not realised
    approved = fulfilment.entry_approve(actor=officer(), entry=waiting, version=waiting.version)
    assert approved.value == Decimal("2500")
    assert value("socialreturn.realised_value", *year) == before + approved.value
    last_year = (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    assert value("socialreturn.realised_value", *last_year) == 0


def test_the_obligation_counts_in_the_period_of_the_award() -> None:
    contract(awarded_on=date(2026, 2, 1), obligation=Decimal("40000"))
    contract(awarded_on=date(2026, 11, 30), obligation=Decimal("10000"))
    assert value("socialreturn.obligation_awarded", date(2026, 1, 1), date(2026, 3, 31)) == 40000
    assert value("socialreturn.obligation_awarded", date(2026, 1, 1), date(2026, 12, 31)) == 50000
    assert value("socialreturn.obligation_awarded", date(2025, 1, 1), date(2025, 12, 31)) == 0


def test_the_buy_social_share_is_the_spend_selectors() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    expected = buy_social_share(start, end).figures.social_enterprise_share
    assert value("socialreturn.buy_social_share", start, end) == expected
