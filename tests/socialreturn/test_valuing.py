"""Valuing entries: every entry is valued at save by the contract's pinned scheme, and the counting
caps apply per candidate across entries, approved ones first.

Inputs are stated per test. The Den Haag/Haaglanden 2023 preset (domain note §1.3) values a
Participatiewet placement at EUR 40,000 a year at 36 hours a week, counted for at most 24 months.
"""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.directory.models import Certification
from impactplein.socialreturn import valuing
from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.services import fulfilment
from tests.organisations.factories import OrganisationFactory
from tests.socialreturn import factories as f

pytestmark = pytest.mark.django_db


def placement(actor, contract, candidate, **fields):
    values = {
        "candidate": candidate,
        "target_group": "participatiewet",
        "hours_per_week": Decimal("18"),
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 6, 30),
    }
    values.update(fields)
    return fulfilment.entry_create(
        actor=actor, contract=contract, kind=EntryKind.PLACEMENT, **values
    )


def test_a_half_time_placement_for_six_months_is_worth_a_quarter_of_the_yearly_value():
    # Den Haag 2023, Participatiewet: 40,000/yr at 36 h. 18 h/week (0.5 FTE) from 1 January to
    # 30 June 2026 (6 months) on a 2026 contract: 40,000 x 0.5 x 6/12 = 10,000.
    contract = f.contract()
    member = f.supplier_member(contract)
    entry = placement(member, contract, f.candidate("K-AAAAAA"))
    assert entry.value == Decimal("10000")
    assert entry.valuation["scheme"] == "den-haag-2023@" + str(contract.scheme.version)
    assert entry.valuation["steps"], "the explanation is stored with the value"
    assert entry.valuation["inputs"]


def test_the_contract_keeps_its_pinned_scheme_when_a_newer_version_exists():
    contract = f.contract()
    definition = f.preset_definition()
    for block in definition["blocks"]:
        if block["code"] == "participatiewet":
            block["amount"] = 80000
    newer = f.scheme(definition={**definition, "version": "2099"})
    assert newer.pk != contract.scheme_id
    entry = placement(f.supplier_member(contract), contract, f.candidate())
    assert entry.value == Decimal("10000")


def test_the_counting_cap_applies_per_candidate_across_entries_approved_first():
    # Participatiewet counts for at most 24 months. One candidate, full time (36 h):
    # an approved placement of 2026 (12 months) and a pending one of 2027-2028 (24 months) on a
    # three-year contract. The approved one uses 12 months, so only 12 remain for the other.
    contract = f.contract(start_date=date(2026, 1, 1), end_date=date(2028, 12, 31))
    member = f.supplier_member(contract)
    candidate = f.candidate("K-BBBBBB")
    later = placement(
        member,
        contract,
        candidate,
        hours_per_week=Decimal("36"),
        start_date=date(2027, 1, 1),
        end_date=date(2028, 12, 31),
    )
    assert later.value == Decimal("80000")  # 24 months at 40,000 a year, alone
    first = placement(
        member,
        contract,
        candidate,
        hours_per_week=Decimal("36"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    f.entry(contract, kind=EntryKind.COST_ITEM, block="opleiding")  # another kind: no effect
    first.status = EntryStatus.APPROVED
    first.save()
    valuing.revalue_contract(contract, actor=None)
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.value == Decimal("40000")
    assert later.value == Decimal("40000")  # only 12 of its 24 months still count
    assert later.value + first.value == Decimal("80000")


def test_a_purchase_weighs_by_the_social_enterprises_certification_on_the_invoice_date():
    contract = f.contract()
    member = f.supplier_member(contract)
    enterprise = OrganisationFactory(name="Drechtwerk")
    Certification.objects.create(
        organisation=enterprise,
        kind="code_sociale_ondernemingen",
        valid_from=date(2025, 1, 1),
        valid_until=date(2026, 3, 31),
    )
    assert valuing.certifications_for_engine(enterprise, date(2026, 3, 1)) == (
        "code_sociale_ondernemingen",
    )
    assert valuing.certifications_for_engine(enterprise, date(2026, 5, 1)) == ()

    def purchase(number, day):
        return fulfilment.entry_create(
            actor=member,
            contract=contract,
            kind=EntryKind.PURCHASE,
            block="inkoop-sociale-onderneming",
            invoice_number=number,
            invoice_date=day,
            amount=Decimal("12000"),
            social_enterprise=enterprise,
        )

    # Den Haag 2023 weighs a Code-register enterprise at 100%, an uncertified one at 0%.
    assert purchase("F-2026-001", date(2026, 3, 1)).value == Decimal("12000")
    assert purchase("F-2026-002", date(2026, 5, 1)).value == Decimal("0")
