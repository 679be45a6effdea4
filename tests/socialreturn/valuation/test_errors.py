"""Bad scheme and contract files: every problem of the file is reported, each naming the path,
the field and the item, with a stable code for the web layer."""

import json
from decimal import Decimal

import pytest

from impactplein.socialreturn.valuation import (
    InvalidContract,
    InvalidScheme,
    dump_scheme,
    load_contract,
    load_contract_file,
    load_preset,
    load_scheme,
    load_scheme_file,
)

from .builders import scheme_data


def contract_data(*items, **contract):
    return {
        "contract": {
            "reference": "C-1",
            "type": "works",
            "value": 1000000,
            "start": "2024-01-01",
            "end": "2025-12-31",
            **contract,
        },
        "items": list(items),
    }


def placement_row(**changes):
    return {
        "kind": "placement",
        "id": "P-7",
        "candidate": "K-1",
        "target_group": "participatiewet",
        "hours_per_week": 24,
        "start": "2024-01-01",
        **changes,
    }


def problems_of(data, scheme=None):
    with pytest.raises(InvalidContract) as caught:
        load_contract(data, scheme)
    return caught.value.problems


def test_a_bad_hours_value_names_the_item_and_field():
    data = contract_data(placement_row(id="P-1"), placement_row(), placement_row(id="P-3"))
    data["items"][2]["hours_per_week"] = "veel"
    [problem] = problems_of(data)
    assert problem.path == "items[2].hours_per_week"
    assert problem.code == "not_a_number"
    assert problem.message == "items[2] (P-3): hours_per_week must be a number, not 'veel'"
    assert problem.params["item"] == "P-3"
    assert problem.params["field"] == "hours_per_week"


def test_every_problem_of_a_contract_file_is_reported():
    data = contract_data(
        placement_row(id="P-1", hours_per_week=-4, start="2024-02-30"),
        placement_row(id="P-2", end="2023-01-01", colour="blue"),
        {"kind": "purchase", "id": "I-1", "invoice_number": "1", "amount_excl_vat": True},
        type="work",
        value="lots",
    )
    found = {(p.path, p.code) for p in problems_of(data)}
    assert found == {
        ("contract.type", "unknown_choice"),
        ("contract.value", "not_a_number"),
        ("items[0].hours_per_week", "negative"),
        ("items[0].start", "not_a_date"),
        ("items[1].end", "end_before_start"),
        ("items[1].colour", "unknown_field"),
        ("items[2].block", "required"),
        ("items[2].invoice_date", "required"),
        ("items[2].amount_excl_vat", "not_a_number"),
    }


def test_problems_come_in_file_order():
    data = contract_data(placement_row(id="P-1", start="x"), placement_row(id="P-2", start="y"))
    data["contract"]["value"] = "z"
    paths = [p.path for p in problems_of(data)]
    assert paths == ["contract.value", "items[0].start", "items[1].start"]


def test_with_a_scheme_unknown_blocks_and_target_groups_are_reported():
    den_haag = load_preset("den-haag-2023")
    data = contract_data(
        placement_row(id="P-1", target_group="bijstand"),
        {
            "kind": "purchase",
            "id": "I-1",
            "block": "opleiding",
            "invoice_number": "1",
            "invoice_date": "2024-02-01",
            "amount_excl_vat": 100,
        },
        {"kind": "activity", "id": "A-1", "block": "geen-blok", "hours": 2},
        {"kind": "activity", "id": "A-2", "block": "maatschappelijke-activiteit"},
    )
    problems = problems_of(data, den_haag)
    assert [(p.path, p.code) for p in problems] == [
        ("items[0].target_group", "unknown_target_group"),
        ("items[1].block", "wrong_kind"),
        ("items[2].block", "unknown_block"),
        ("items[3].cost", "required"),
    ]
    assert problems[0].message == (
        "items[0] (P-1): target_group 'bijstand' is not a target group of den-haag-2023@2023-07-01"
    )


def test_duplicate_item_ids_are_refused():
    problems = problems_of(contract_data(placement_row(), placement_row()))
    assert [(p.path, p.code) for p in problems] == [("items[1].id", "duplicate")]


def test_a_contract_file_with_floats_reads_them_as_exact_decimals(tmp_path):
    path = tmp_path / "contract.json"
    path.write_text(
        json.dumps(contract_data(placement_row())).replace(
            '"hours_per_week": 24', '"hours_per_week": 24.1'
        )
    )
    _, items = load_contract_file(path)
    assert items[0].hours_per_week == Decimal("24.1")


def test_a_missing_contract_file(tmp_path):
    with pytest.raises(InvalidContract) as caught:
        load_contract_file(tmp_path / "absent.json")
    assert caught.value.problems[0].code == "file_not_found"


def test_a_contract_file_that_is_not_json_names_line_and_column(tmp_path):
    path = tmp_path / "contract.json"
    path.write_text('{\n  "contract": {\n    "reference": "C-1",,\n')
    with pytest.raises(InvalidContract) as caught:
        load_contract_file(path)
    [problem] = caught.value.problems
    assert problem.code == "not_json"
    assert "line 3, column 24" in problem.message


def test_every_problem_of_a_scheme_is_reported():
    data = scheme_data(base_hours=0, slug="Den Haag")
    data["obligation"] = {"base": "omzet", "percentage": 105, "thresholds": {"works": 1}}
    data["blocks"] = [
        {
            "code": "pw",
            "kind": "placement",
            "label": "PW",
            "unit": "per_hour",
            "amount": "x",
            "target_group": "pw",
        },
        {
            "code": "b",
            "kind": "bonus",
            "label": "B",
            "unit": "per_year_fte",
            "amount": 1,
            "condition": "age",
        },
        {"code": "pw", "kind": "cost_item", "label": "dup", "unit": "actual_cost"},
        {
            "code": "x",
            "kind": "placement",
            "label": "X",
            "unit": "per_year_fte",
            "amount": 1,
            "target_group": "onbekend",
        },
    ]
    with pytest.raises(InvalidScheme) as caught:
        load_scheme(data)
    found = {(p.path, p.code) for p in caught.value.problems}
    assert found == {
        ("slug", "not_a_slug"),
        ("base_hours", "out_of_range"),
        ("obligation.base", "unknown_choice"),
        ("obligation.percentage", "out_of_range"),
        ("obligation.thresholds.services", "required"),
        ("obligation.thresholds.supplies", "required"),
        ("blocks[0].unit", "unit_not_allowed"),
        ("blocks[0].amount", "not_a_number"),
        ("blocks[1].min_age", "required"),
        ("blocks[3].target_group", "unknown_target_group"),
    }
    block_message = next(p.message for p in caught.value.problems if p.path == "blocks[0].amount")
    assert block_message == "blocks[0] (pw): amount must be a number, not 'x'"


def test_a_duplicate_block_code_is_refused():
    data = scheme_data()
    data["blocks"].append(dict(data["blocks"][0]))
    with pytest.raises(InvalidScheme) as caught:
        load_scheme(data)
    assert [(p.path, p.code) for p in caught.value.problems] == [("blocks[1].code", "duplicate")]


def test_an_unknown_scheme_field_is_reported():
    data = dump_scheme(load_preset("utrecht"))
    data["base_hour"] = 36
    with pytest.raises(InvalidScheme) as caught:
        load_scheme(data)
    assert [(p.path, p.code) for p in caught.value.problems] == [("base_hour", "unknown_field")]


def test_a_boolean_is_not_a_number():
    data = scheme_data(base_hours=True)
    with pytest.raises(InvalidScheme) as caught:
        load_scheme(data)
    assert caught.value.problems[0].message == "base_hours must be a number, not true"


def test_a_scheme_file_that_is_not_json(tmp_path):
    path = tmp_path / "scheme.json"
    path.write_text("slug: den-haag\n")
    with pytest.raises(InvalidScheme) as caught:
        load_scheme_file(path)
    assert caught.value.problems[0].code == "not_json"
    assert "line 1, column 1" in str(caught.value)


def test_items_built_in_code_without_required_values_are_problems_not_crashes():
    # A record half filled in by a form: the engine names the missing field instead of failing.
    from datetime import date

    from impactplein.socialreturn.valuation import CostItem, Placement, Purchase, evaluate

    from .builders import terms

    items = [
        Placement(id="P-1", candidate="K-1", target_group="ww", hours_per_week=None, start=None),  # type: ignore[arg-type]
        Purchase(
            id="I-1",
            block="inkoop-sociale-onderneming",
            invoice_number="1",
            invoice_date=date(2024, 1, 1),
            amount_excl_vat=None,  # type: ignore[arg-type]
        ),
        CostItem(id="C-1", block="opleiding", amount=None),  # type: ignore[arg-type]
    ]
    with pytest.raises(InvalidContract) as caught:
        evaluate(terms(), items, load_preset("den-haag-2023"))
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("items[0].hours_per_week", "required"),
        ("items[0].start", "required"),
        ("items[1].amount_excl_vat", "required"),
        ("items[2].amount", "required"),
    ]


def test_misspelt_certifications_and_pso_levels_are_reported():
    data = scheme_data(
        purchase_weights={
            "default": 0,
            "by_certification": {"pso:trede2": 100, "Code Register": 100, "pso:basis": 150},
        }
    )
    data["obligation"]["pso_discounts"] = {"trede_4": 10}
    with pytest.raises(InvalidScheme) as caught:
        load_scheme(data)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("obligation.pso_discounts.trede_4", "unknown_choice"),
        ("purchase_weights.by_certification.pso:trede2", "unknown_choice"),
        ("purchase_weights.by_certification.Code Register", "not_a_slug"),
        ("purchase_weights.by_certification.pso:basis", "out_of_range"),
    ]
