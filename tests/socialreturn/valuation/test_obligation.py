"""The obligation: a percentage of the base above a threshold per contract type (inclusive), a
reduced percentage for a low labour share, a cap, a higher offered percentage, a PSO discount,
and one rounding to whole euros at the end."""

from decimal import Decimal

import pytest

from impactplein.socialreturn.valuation import load_preset, obligation

from .builders import obligation_scheme, terms


def test_den_haag_threshold_is_inclusive():
    # Den Haag 2023: 5% of the tender sum from €215,000. €215,000 → 5% = €10,750; €214,999 → 0.
    scheme = load_preset("den-haag-2023")
    assert obligation(terms(215000), scheme).amount == Decimal(10750)
    below = obligation(terms(214999), scheme)
    assert below.amount == Decimal(0)
    assert "Below the threshold of €215,000" in " ".join(below.steps)


def test_thresholds_differ_per_contract_type():
    # Schiedam-like rule: services/supplies from €125,000, works from €225,000; value €150,000.
    scheme = obligation_scheme(thresholds={"works": 225000, "services": 125000, "supplies": 125000})
    assert obligation(terms(150000, contract_type="services"), scheme).amount == Decimal(7500)
    assert obligation(terms(150000, contract_type="supplies"), scheme).amount == Decimal(7500)
    assert obligation(terms(150000, contract_type="works"), scheme).amount == Decimal(0)


def test_a_type_without_threshold_carries_no_obligation():
    # Rijk-like rule in the presets: supplies carry no obligation at all (threshold null).
    result = obligation(terms(5000000, contract_type="supplies"), load_preset("utrecht"))
    assert result.amount == Decimal(0)
    assert result.inputs["threshold"] is None


def test_reduced_percentage_when_labour_share_is_below_the_limit():
    # Leidschendam-Voorburg 2025: 5%, but 2% when the labour share is below 30%. Value €1,000,000.
    scheme = obligation_scheme(reduced_percentage={"labour_share_below": 30, "percentage": 2})
    assert obligation(terms(labour_share=Decimal(29)), scheme).amount == Decimal(20000)
    # exactly 30% is not below the limit: the full 5%
    assert obligation(terms(labour_share=Decimal(30)), scheme).amount == Decimal(50000)
    # no labour share known: the full percentage, and the steps say why
    unknown = obligation(terms(), scheme)
    assert unknown.amount == Decimal(50000)
    assert any("No labour share" in step for step in unknown.steps)


def test_cap_per_contract():
    # Súdwest-Fryslân: at most €300,000 per contract. 5% of €8,000,000 = €400,000 → €300,000.
    scheme = obligation_scheme(cap=300000)
    result = obligation(terms(8000000), scheme)
    assert result.amount == Decimal(300000)
    assert result.inputs["cap"] == "300000"


def test_supplier_offer_above_the_percentage_replaces_it():
    # The supplier offered 6% in the tender on €1,000,000: the obligation is €60,000.
    scheme = obligation_scheme()
    result = obligation(terms(offered_percentage=Decimal(6)), scheme)
    assert result.amount == Decimal(60000)
    assert result.inputs["percentage_reason"] == "the supplier's higher offered percentage"
    # a lower offer does not lower the obligation
    assert obligation(terms(offered_percentage=Decimal(3)), scheme).amount == Decimal(50000)


def test_offer_is_ignored_when_the_scheme_does_not_accept_it():
    scheme = obligation_scheme(accept_higher_offer=False)
    assert obligation(terms(offered_percentage=Decimal(6)), scheme).amount == Decimal(50000)


def test_pso_discount_by_level():
    # A scheme giving PSO trede 2 a 20% discount: 5% of €1,000,000 = €50,000 − 20% = €40,000.
    scheme = obligation_scheme(pso_discounts={"trede_2": 20, "trede_3": 30})
    assert obligation(terms(supplier_pso_level="trede_2"), scheme).amount == Decimal(40000)
    assert obligation(terms(supplier_pso_level="trede_3"), scheme).amount == Decimal(35000)
    # a level without a discount in the table: no discount
    assert obligation(terms(supplier_pso_level="trede_1"), scheme).amount == Decimal(50000)


def test_cap_applies_before_the_pso_discount():
    # €8,000,000 × 5% = €400,000 → cap €300,000 → trede 3 discount 10% → €270,000.
    scheme = obligation_scheme(cap=300000, pso_discounts={"trede_3": 10})
    assert obligation(terms(8000000, supplier_pso_level="trede_3"), scheme).amount == Decimal(
        270000
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # 5% of €215,010 = €10,750.50 → rounded half up once: €10,751
        (215010, 10751),
        # 5% of €215,009 = €10,750.45 → €10,750
        (215009, 10750),
    ],
)
def test_obligation_is_rounded_once_half_up(value, expected):
    scheme = obligation_scheme(thresholds={"works": 0, "services": 0, "supplies": 0})
    assert obligation(terms(value), scheme).amount == Decimal(expected)


def test_rounding_happens_after_the_discount_not_before():
    # €1,000,010 × 5% = €50,000.50; PSO basis 1% off → €49,500.495 → €49,500.
    # (Rounding first would give €50,001 × 0.99 = €49,500.99 → €49,501.)
    scheme = obligation_scheme(pso_discounts={"basis": 1})
    assert obligation(terms(1000010, supplier_pso_level="basis"), scheme).amount == Decimal(49500)


def test_oost_nederland_takes_a_percentage_of_invoiced_turnover():
    # Oost-Nederland V05: the base is invoiced turnover; 5% of €600,000 = €30,000.
    result = obligation(terms(600000, contract_type="services"), load_preset("oost-nederland-v05"))
    assert result.amount == Decimal(30000)
    assert result.inputs["base"] == "invoiced_turnover"
    assert result.scheme == "oost-nederland-v05@V05"
