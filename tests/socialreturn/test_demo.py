"""The social-return demo: twelve Drechtsteden contracts over several departments, types and
statuses (one non-compliant with its penalty), pinned to published presets, each obligation
computed by the contract service as the engine says; the demo entrepreneur sees its own contract.
Seeding is deterministic: the same references, suppliers and obligations every time."""

from collections import Counter
from decimal import Decimal

import pytest

from impactplein.accounts import demo as accounts_demo
from impactplein.core.demo import DemoContext
from impactplein.organisations import demo as organisations_demo
from impactplein.socialreturn import demo, valuation
from impactplein.socialreturn.constants import ContractStatus
from impactplein.socialreturn.models import Contract
from impactplein.socialreturn.selectors.contracts import contracts_visible_to
from impactplein.socialreturn.valuing import scheme_of, terms_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> DemoContext:
    context = DemoContext()
    accounts_demo.seed(context)
    organisations_demo.seed(context)
    demo.seed(context)
    return context


def test_the_demo_has_believable_contracts(seeded) -> None:  # type: ignore[no-untyped-def]
    contracts = list(Contract.objects.select_related("scheme", "supplier"))
    assert len(contracts) == 12
    assert {c.buyer_department for c in contracts} >= {
        "Stadsbeheer", "Sociaal Domein", "Vastgoed", "ICT"
    }  # fmt: skip
    assert set(Counter(c.contract_type for c in contracts)) == {"works", "services", "supplies"}
    assert all(Decimal(150000) <= c.value <= Decimal(3000000) for c in contracts)
    assert min(c.start_date.year for c in contracts) == 2024
    assert max(c.end_date.year for c in contracts) == 2027
    non_compliant = [c for c in contracts if c.status == ContractStatus.NON_COMPLIANT]
    assert len(non_compliant) == 1
    assert non_compliant[0].penalty_note
    assert len({c.status for c in contracts}) >= 4


def test_every_obligation_is_the_engines_under_a_published_scheme(seeded) -> None:  # type: ignore[no-untyped-def]
    for contract in Contract.objects.select_related("scheme"):
        assert contract.scheme.is_published
        engine = valuation.obligation(terms_of(contract), scheme_of(contract))
        assert contract.obligation == engine.amount
        assert contract.obligation_inputs["scheme"] == engine.scheme
    assert Contract.objects.filter(obligation__gt=0).count() >= 10


def test_the_demo_entrepreneur_sees_its_own_contract(seeded) -> None:  # type: ignore[no-untyped-def]
    visible = contracts_visible_to(seeded.get("user:entrepreneur"))
    assert [c.reference for c in visible] == [demo.OWN_CONTRACT]
    assert contracts_visible_to(seeded.get("user:procurement")).count() == 12


def test_seeding_is_deterministic(seeded) -> None:  # type: ignore[no-untyped-def]
    first = sorted(
        (c.reference, c.supplier.name, c.obligation)
        for c in Contract.objects.select_related("supplier")
    )
    again = DemoContext()
    again.objects.update(seeded.objects)
    demo.seed(again)  # the same data once more changes nothing
    second = sorted(
        (c.reference, c.supplier.name, c.obligation)
        for c in Contract.objects.select_related("supplier")
    )
    assert first == second


def test_the_demo_reports_fulfilment_in_every_status_with_four_eyes(seeded) -> None:  # type: ignore[no-untyped-def]
    from impactplein.socialreturn.constants import EntryKind, EntryStatus
    from impactplein.socialreturn.models import FulfilmentEntry

    entries = list(FulfilmentEntry.objects.all())
    assert {e.status for e in entries} == set(EntryStatus.values)
    assert {e.kind for e in entries} >= {EntryKind.PLACEMENT, EntryKind.PURCHASE}
    approved = [e for e in entries if e.status == EntryStatus.APPROVED]
    assert approved
    assert all(e.decided_by_id != e.entered_by_id for e in approved)
    assert all(e.value is not None and e.value >= 0 for e in entries)
    # The entrepreneur reported on its own contract, as a member, not on anyone's behalf.
    own = [e for e in entries if e.contract.reference == demo.OWN_CONTRACT]
    assert own
    assert not any(e.entered_on_behalf for e in own)


def test_the_demo_has_spend_with_social_enterprises_in_two_years(seeded) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from impactplein.socialreturn.selectors.spend import buy_social_share

    share_2024 = buy_social_share(date(2024, 1, 1), date(2024, 12, 31))
    share_2025 = buy_social_share(date(2025, 1, 1), date(2025, 12, 31))
    assert share_2024.figures.social_enterprise_share > 0
    assert share_2025.figures.social_enterprise_share > share_2024.figures.social_enterprise_share
