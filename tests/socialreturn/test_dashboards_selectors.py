"""The progress figures of a contract and of many contracts, from stated entries and dates."""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import Contract
from impactplein.socialreturn.selectors.dashboards import contract_progress, contracts_progress
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db

TEST_SCHEME = {"slug": "test-model", "version": "1", "name": "Testmodel"}


def _contract(**fields: object) -> Contract:
    return factories.contract(scheme_=factories.scheme(definition=dict(TEST_SCHEME)), **fields)


def _entries(contract: Contract, *pairs: tuple[str, str, int]) -> None:
    for status, kind, value in pairs:
        factories.entry(contract, status=status, kind=kind, value=Decimal(value))


def test_obligation_50000_approved_10000_submitted_5000() -> None:
    contract = _contract(obligation=Decimal("50000"))
    _entries(
        contract,
        (EntryStatus.APPROVED, EntryKind.COST_ITEM, 6000),
        (EntryStatus.APPROVED, EntryKind.PURCHASE, 4000),
        (EntryStatus.SUBMITTED, EntryKind.ACTIVITY, 5000),
        (EntryStatus.DRAFT, EntryKind.COST_ITEM, 700),
        (EntryStatus.REJECTED, EntryKind.COST_ITEM, 9999),
    )

    progress = contract_progress(contract, today=date(2026, 4, 1))

    assert progress.obligation == Decimal("50000")
    assert progress.approved == Decimal("10000")
    assert progress.pending == Decimal("5000")
    assert progress.draft == Decimal("700")
    assert progress.remaining == Decimal("40000")
    assert progress.surplus == Decimal("0")
    assert progress.percentage == Decimal("20.0")
    # 1 January to 1 April 2026: 90 of 365 days passed.
    assert progress.elapsed == Decimal("24.7")
    assert progress.target == Decimal("12329")
    assert progress.pace == Decimal("0.81")
    assert progress.forecast == Decimal("40556")
    assert progress.warning is False
    by_kind = {k.kind: k for k in progress.by_kind}
    assert by_kind[EntryKind.COST_ITEM].approved == Decimal("6000")
    assert by_kind[EntryKind.COST_ITEM].draft == Decimal("700")
    assert by_kind[EntryKind.PURCHASE].approved == Decimal("4000")
    assert by_kind[EntryKind.ACTIVITY].pending == Decimal("5000")
    assert by_kind[EntryKind.PLACEMENT].approved == Decimal("0")


def test_past_half_the_term_below_a_quarter_warns() -> None:
    contract = _contract(obligation=Decimal("50000"))
    _entries(contract, (EntryStatus.APPROVED, EntryKind.COST_ITEM, 12000))

    halfway = contract_progress(contract, today=date(2026, 7, 2))  # 182 of 365 days: 49.9%
    past_half = contract_progress(contract, today=date(2026, 7, 3))  # 50.1%

    assert halfway.warning is False
    assert past_half.warning is True
    assert past_half.percentage == Decimal("24.0")


def test_a_quarter_fulfilled_does_not_warn() -> None:
    contract = _contract(obligation=Decimal("50000"))
    _entries(contract, (EntryStatus.APPROVED, EntryKind.COST_ITEM, 12500))

    assert contract_progress(contract, today=date(2026, 10, 1)).warning is False


def test_surplus_and_the_term_after_its_end() -> None:
    contract = _contract(obligation=Decimal("50000"))
    _entries(contract, (EntryStatus.APPROVED, EntryKind.COST_ITEM, 56000))

    progress = contract_progress(contract, today=date(2027, 3, 1))

    assert progress.remaining == Decimal("0")
    assert progress.surplus == Decimal("6000")
    assert progress.elapsed == Decimal("100.0")
    assert progress.forecast == Decimal("56000")
    assert progress.percentage == Decimal("112.0")


def test_before_the_start_there_is_no_pace_and_the_forecast_is_what_is_approved() -> None:
    contract = _contract(obligation=Decimal("50000"))
    _entries(contract, (EntryStatus.APPROVED, EntryKind.COST_ITEM, 1000))

    progress = contract_progress(contract, today=date(2025, 12, 15))

    assert progress.elapsed == Decimal("0.0")
    assert progress.pace is None
    assert progress.forecast == Decimal("1000")


def test_many_contracts_in_constant_queries_with_the_same_figures(
    django_assert_max_num_queries: object,
) -> None:
    contracts = [_contract(obligation=Decimal(10000 * (i + 1))) for i in range(5)]
    for index, contract in enumerate(contracts):
        _entries(
            contract,
            (EntryStatus.APPROVED, EntryKind.COST_ITEM, 1000 * index),
            (EntryStatus.SUBMITTED, EntryKind.PURCHASE, 300),
        )
    today = date(2026, 9, 1)

    with django_assert_max_num_queries(2):  # type: ignore[operator]
        many = contracts_progress(Contract.objects.all(), today=today)

    for contract in contracts:
        one = contract_progress(contract, today=today)
        assert many[contract.pk].approved == one.approved
        assert many[contract.pk].pending == one.pending
        assert many[contract.pk].pace == one.pace
        assert many[contract.pk].warning == one.warning
    assert many[contracts[0].pk].warning is True  # nothing approved, 67% of the term passed
