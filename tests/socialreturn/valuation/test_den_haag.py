"""Den Haag / Haaglanden 2023 (preset ``den-haag-2023``): the published table values placements.

Source: https://www.denhaag.nl/nl/ondernemen/zaken-doen-met-de-gemeente/social-return-bouwblokken/
(values per year at 36 h/week; 5% of the tender sum from €215,000).
"""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.socialreturn.valuation import (
    ContractTerms,
    Placement,
    evaluate,
    load_preset,
    obligation,
)


@pytest.fixture(scope="module")
def scheme():
    return load_preset("den-haag-2023")


def terms(value: str = "1000000") -> ContractTerms:
    return ContractTerms(
        reference="DH-1",
        contract_type="works",
        value=Decimal(value),
        start=date(2024, 1, 1),
        end=date(2025, 12, 31),
    )


def test_five_percent_of_the_tender_sum(scheme):
    # 5% × €1,000,000 = €50,000; the result names the scheme version.
    result = obligation(terms(), scheme)
    assert result.amount == Decimal(50000)
    assert result.scheme == "den-haag-2023@2023-07-01"


def test_participatiewet_part_time_for_nine_months(scheme):
    # Participatiewet €40,000/yr at 36 h; 24 h/week from 1 Jan to 30 Sep 2024 (9 months)
    # → 40,000 × 24/36 × 9/12 = 20,000.
    placement = Placement(
        id="P-1",
        candidate="K-001",
        target_group="participatiewet",
        hours_per_week=Decimal(24),
        start=date(2024, 1, 1),
        end=date(2024, 9, 30),
    )
    result = evaluate(terms(), [placement], scheme)
    assert result.items[0].amount == Decimal(20000)
    assert result.realised == Decimal(20000)
    assert result.remaining == Decimal(30000)
    assert result.surplus == Decimal(0)
