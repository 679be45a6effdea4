"""Purchases weighted by the supplier's certification on the invoice date, activities by the hour
or by the day with a maximum, actual costs and cost items; each item rounded once, half up."""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.socialreturn.valuation import (
    Activity,
    CostItem,
    InvalidContract,
    Purchase,
    evaluate,
    load_preset,
    purchase_weight,
)

from .builders import scheme, terms


def purchase(amount, certifications=(), block="inkoop-sociale-onderneming", **more):
    return Purchase(
        id="I-1",
        block=block,
        invoice_number="2024-001",
        invoice_date=date(2024, 5, 1),
        amount_excl_vat=Decimal(amount),
        supplier_certifications=tuple(certifications),
        **more,
    )


def value_of(item, chosen_scheme):
    return evaluate(terms(), [item], chosen_scheme).items[0]


@pytest.mark.parametrize(
    ("certifications", "weight"),
    [
        (["code_sociale_ondernemingen"], 100),
        (["social_enterprise_nl"], 50),
        (["pso:trede_2"], 100),
        (["pso:aspirant"], 50),
        # several certifications: the highest weight
        (["social_enterprise_nl", "pso:trede_1"], 100),
        # none of them in the table: the scheme's default weight (0% in the Den Haag preset)
        (["b_corp"], 0),
        ([], 0),
    ],
)
def test_den_haag_purchase_weights(certifications, weight):
    assert purchase_weight(load_preset("den-haag-2023"), certifications) == Decimal(weight)


def test_a_purchase_counts_its_invoice_times_the_weight():
    # Den Haag: €3,000 excl. VAT from a PSO aspirant (50%) → €1,500; Code register (100%) → €3,000.
    den_haag = load_preset("den-haag-2023")
    assert value_of(purchase(3000, ["pso:aspirant"]), den_haag).amount == Decimal(1500)
    result = value_of(purchase(3000, ["code_sociale_ondernemingen"]), den_haag)
    assert result.amount == Decimal(3000)
    assert result.inputs["weight"] == "100"
    assert result.inputs["certifications"] == ["code_sociale_ondernemingen"]


def test_an_unrecognised_supplier_counts_the_default_weight():
    result = value_of(purchase(3000, ["b_corp"]), load_preset("den-haag-2023"))
    assert result.amount == Decimal(0)


def test_a_share_of_the_invoice():
    # A scheme counting 30% of an SW company's invoice: €10,000 × 30% × 100% = €3,000.
    shared = scheme(
        blocks=[
            {
                "code": "sw",
                "kind": "purchase",
                "label": "SW",
                "unit": "invoice_excl_vat",
                "share": 30,
            }
        ]
    )
    assert value_of(purchase(10000, block="sw"), shared).amount == Decimal(3000)


def test_subcontracting_counts_the_labour_cost():
    # Harlingen: subcontracting to an SW company counts actual labour costs: invoice €18,000 of
    # which €11,200 labour → €11,200.
    item = purchase(18000, block="onderaanneming-sw", labour_cost=Decimal(11200))
    assert value_of(item, load_preset("harlingen")).amount == Decimal(11200)


def test_a_labour_cost_block_needs_the_labour_cost():
    with pytest.raises(InvalidContract) as caught:
        evaluate(terms(), [purchase(18000, block="onderaanneming-sw")], load_preset("harlingen"))
    assert caught.value.problems[0].path == "items[0].labour_cost"


@pytest.mark.parametrize(("amount", "expected"), [("2450.50", 2451), ("2450.49", 2450)])
def test_each_item_is_rounded_half_up_to_whole_euros(amount, expected):
    # Utrecht: buying from a social enterprise counts its costs excl. VAT in full.
    assert value_of(purchase(amount), load_preset("utrecht")).amount == Decimal(expected)


def test_utrecht_counts_an_hour_of_help_at_a_hundred_euros():
    # Utrecht: 6 hours × 3 employees × €100 = €1,800.
    item = Activity(id="A-1", block="activiteit-uren", hours=Decimal(6), persons=3)
    assert value_of(item, load_preset("utrecht")).amount == Decimal(1800)


@pytest.mark.parametrize(("cost", "days", "expected"), [(2600, 2, 2000), (1500, 2, 1500)])
def test_leiden_activity_counts_at_most_a_thousand_euros_a_day(cost, days, expected):
    # Leiden 2023: a social activity counts its cost, at most €1,000 a day.
    item = Activity(id="A-1", block="maatschappelijke-activiteit", days=days, cost=Decimal(cost))
    assert value_of(item, load_preset("leiden-2023")).amount == Decimal(expected)


def test_an_activity_at_actual_cost():
    item = Activity(id="A-1", block="maatschappelijke-activiteit", cost=Decimal(950))
    assert value_of(item, load_preset("den-haag-2023")).amount == Decimal(950)


def test_a_cost_item_counts_its_amount():
    # Den Haag: training and special coaching at actual cost, €1,750.
    item = CostItem(id="C-1", block="opleiding", amount=Decimal(1750), description="VCA")
    result = value_of(item, load_preset("den-haag-2023"))
    assert result.amount == Decimal(1750)
    assert result.kind == "cost_item"


def test_realised_remaining_and_surplus():
    # Den Haag, works €1,000,000 → obligation €50,000.
    # Cost items of €30,000 → remaining €20,000; of €65,000 → surplus €15,000.
    den_haag = load_preset("den-haag-2023")
    short = evaluate(terms(), [CostItem("C-1", "opleiding", Decimal(30000))], den_haag)
    assert (short.realised, short.remaining, short.surplus) == (30000, 20000, 0)
    over = evaluate(terms(), [CostItem("C-1", "opleiding", Decimal(65000))], den_haag)
    assert (over.realised, over.remaining, over.surplus) == (65000, 0, 15000)


def test_the_evaluation_as_json_names_the_scheme_and_every_item():
    den_haag = load_preset("den-haag-2023")
    result = evaluate(terms(), [CostItem("C-1", "opleiding", Decimal(1750))], den_haag).as_json()
    assert result["scheme"] == "den-haag-2023@2023-07-01"
    assert result["obligation"]["amount"] == 50000
    assert result["items"][0]["id"] == "C-1"
    assert result["items"][0]["amount"] == 1750
    assert result["remaining"] == 48250
