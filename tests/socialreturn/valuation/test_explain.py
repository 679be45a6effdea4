"""Explanation steps have a code and parameters and are written in Dutch or English: the web
application stores their JSON form and shows them in the reader's language; a code an older
record holds that the engine no longer knows is shown as a neutral line, never an error."""

import json
import re
import string
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import impactplein.socialreturn.presets.examples as examples_package
from impactplein.socialreturn.valuation import (
    BASES,
    CONTRACT_TYPES,
    PSO_LEVELS,
    UNITS,
    Placement,
    Purchase,
    Step,
    evaluate,
    load_contract_file,
    load_preset,
    obligation,
    preset_names,
    render_steps,
)
from impactplein.socialreturn.valuation.explain import MESSAGES_EN, MESSAGES_NL, TERMS, money
from impactplein.socialreturn.valuation.results import euros

from .builders import scheme, scheme_data, terms
from .test_properties import CONTRACT, placements

EXAMPLES = Path(examples_package.__file__).parent
DOC = Path(__file__).resolve().parents[3] / "docs" / "socialreturn.md"
FORMATS = {"money", "number", "percent", "date", "quoted", "list", "persons", "days", "fte"}


def fields(template: str) -> set[tuple[str, str]]:
    """The (name, kind) of every placeholder in ``template``."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name}


def example(slug: str):
    scheme_ = load_preset(slug)
    contract_terms, items = load_contract_file(EXAMPLES / f"{slug}.json", scheme_)
    return evaluate(contract_terms, items, scheme_)


# -- the message tables --------------------------------------------------------------------------


def test_every_code_has_an_english_and_a_dutch_message_with_the_same_parameters():
    assert set(MESSAGES_EN) == set(MESSAGES_NL)
    for code in MESSAGES_EN:
        assert fields(MESSAGES_EN[code]) == fields(MESSAGES_NL[code]), code
        assert MESSAGES_EN[code] != MESSAGES_NL[code] or "×" in MESSAGES_EN[code], code


def test_every_kind_a_message_uses_is_a_format_or_a_table_of_terms_in_both_languages():
    assert set(TERMS["en"]) == set(TERMS["nl"])
    for kind in TERMS["en"]:
        assert set(TERMS["en"][kind]) == set(TERMS["nl"][kind]), kind
        for value in TERMS["en"][kind]:
            assert fields(TERMS["en"][kind][value]) == fields(TERMS["nl"][kind][value])
    templates = [*MESSAGES_EN.values(), *MESSAGES_NL.values()]
    templates += [t for lang in TERMS.values() for table in lang.values() for t in table.values()]
    used = {kind for template in templates for _, kind in fields(template) if kind}
    assert used <= FORMATS | set(TERMS["en"])
    assert set(TERMS["en"]) <= used


def test_the_terms_cover_every_base_contract_type_unit_and_pso_level():
    for language in ("en", "nl"):
        assert set(TERMS[language]["base"]) == set(BASES)
        assert set(TERMS[language]["contract_type"]) == set(CONTRACT_TYPES)
        assert set(TERMS[language]["unit"]) == set(UNITS)
        assert set(TERMS[language]["pso_level"]) == {level for level in PSO_LEVELS if level}


def test_every_example_uses_only_known_codes_and_steps_are_the_english_rendering():
    codes = set()
    for slug in preset_names():
        result = example(slug)
        for part in (result.obligation, *result.items):
            assert part.steps == tuple(render_steps(part.explanation, "en"))
            assert len(part.explanation) == len(part.steps)
            codes |= {s.code for s in part.explanation}
    assert codes <= set(MESSAGES_EN)
    assert len(codes) >= 15  # the examples cover most of the table


# -- Dutch ---------------------------------------------------------------------------------------


def test_den_haag_in_dutch():
    # Den Haag: Participatiewet €40,000/yr at 36 h; 24 h/week from 1 Jan to 30 Sep 2024 (9 of
    # the 24 months the block counts) → 40,000 × 24/36 × 9/12 = €20,000. Obligation 5% of a
    # tender sum of €1,000,000 (threshold €215,000).
    den_haag = load_preset("den-haag-2023")
    contract = terms(1000000, start=date(2024, 1, 1), end=date(2025, 12, 31))
    placement = Placement(
        id="P-1",
        candidate="K-001",
        target_group="participatiewet",
        hours_per_week=Decimal(24),
        start=date(2024, 1, 1),
        end=date(2024, 9, 30),
    )
    result = evaluate(contract, [placement], den_haag)
    assert render_steps(result.obligation.explanation, "nl") == [
        "Grondslag (inschrijfsom): € 1.000.000.",
        "Op of boven de drempel van € 215.000 voor werken.",
        "5% (het percentage van de regeling) van € 1.000.000 = € 50.000.",
        "Verplichting: € 50.000 (eenmaal afgerond op hele euro's).",
    ]
    dutch = render_steps(result.items[0].explanation, "nl")
    assert "```text\n" + "\n".join(dutch) + "\n```" in DOC.read_text()  # the documented example
    assert dutch == [
        "Bouwblok 'participatiewet' (Participatiewet, € 40.000 per jaar bij 36 uur per week), "
        "voor doelgroep 'participatiewet'.",
        "In dienst binnen de opdracht van 1 januari 2024 tot en met 30 september 2024: "
        "9 maanden; telplafond 24 maanden, waarvan al 0 geteld voor deze kandidaat; "
        "geteld 9 maanden.",
        "€ 40.000 × 24/36 × 9/12 = € 20.000.",
        "Waarde: € 20.000.",
    ]


def test_the_den_haag_example_contract_in_dutch():
    # The banenafspraak placement of the example: €50,000 × 18/36 × 10/12 = €20,833.33; the
    # purchase from a PSO aspirant counts 50% of €3,000; the WIA candidate was hired in 2022.
    result = example("den-haag-2023")
    by_id = {item.item_id: render_steps(item.explanation, "nl") for item in result.items}
    assert by_id["P-2"][-2:] == [
        "€ 50.000 × 18/36 × 10/12 = € 20.833,33.",
        "Waarde: € 20.833,33, rekenkundig afgerond op € 20.833.",
    ]
    assert by_id["I-2"][1] == (
        "Certificeringen van de leverancier op 28 juni 2024: pso:aspirant; de inkoop telt voor 50%."
    )
    assert by_id["P-4"][-1] == (
        "In dienst sinds 1 maart 2022, meer dan 12 maanden vóór de start van de opdracht "
        "(1 januari 2024); de vroegste startdatum die telt is 1 januari 2023. Waarde: € 0."
    )


def test_dutch_decimals_and_reduced_percentages():
    # 2.5% instead of 5% because the labour share 25.5% is below 30%: 2.5% of €123,456.78
    # = €3,086.4195, shown to the cent.
    rule_scheme = scheme(
        obligation={
            **scheme_data()["obligation"],
            "reduced_percentage": {"labour_share_below": 30, "percentage": "2.5"},
        }
    )
    result = obligation(terms("123456.78", labour_share=Decimal("25.5")), rule_scheme)
    assert render_steps(result.explanation, "nl")[2] == (
        "2,5% (verlaagd: loonkostenaandeel 25,5% is lager dan 30%) van € 123.456,78 = € 3.086,42."
    )
    assert result.steps[2] == (
        "2.5% (reduced: labour share 25.5% is below 30%) of €123,456.78 = €3,086.42."
    )


def test_a_target_group_without_a_block_says_so_in_both_languages():
    data = scheme_data(target_groups=[{"code": "pw", "label": "PW"}, {"code": "x", "label": "X"}])
    result = evaluate(
        terms(), [Placement("P-1", "K-1", "x", Decimal(36), date(2024, 1, 1))], scheme(**data)
    )
    item = result.items[0]
    assert item.amount == 0
    assert item.steps == ("No block of test@1 fits target group 'x'. Value: €0.",)
    assert render_steps(item.explanation, "nl") == [
        "Geen bouwblok van test@1 past bij doelgroep 'x'. Waarde: € 0."
    ]


def test_a_purchase_without_certifications_in_dutch():
    # Den Haag's default purchase weight applies when the supplier names no certification.
    den_haag = load_preset("den-haag-2023")
    invoice = Purchase("I-1", "inkoop-sociale-onderneming", "F-1", date(2024, 5, 13), Decimal(1000))
    item = evaluate(terms(), [invoice], den_haag).items[0]
    weight = item.inputs["weight"]
    assert render_steps(item.explanation, "nl")[1] == (
        f"Certificeringen van de leverancier op 13 mei 2024: geen; de inkoop telt voor {weight}%."
    )
    assert item.steps[1] == (
        f"Supplier certifications on 2024-05-13: none; the purchase counts {weight}%."
    )


@pytest.mark.parametrize("language", ["nl", "NL", "nl-nl", "nl_NL"])
def test_dutch_language_codes(language):
    assert render_steps([Step("item.value", {"amount": "1500"})], language) == ["Waarde: € 1.500."]


@pytest.mark.parametrize("language", ["en", "en-gb", "de", "", "fr-FR"])
def test_any_other_language_is_english(language):
    assert render_steps([Step("item.value", {"amount": "1500"})], language) == ["Value: €1,500."]


# -- the stored JSON form ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", preset_names())
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_json_form_renders_like_the_steps(slug, language):
    result = example(slug)
    stored = json.loads(json.dumps(result.as_json()))  # as a database keeps it
    assert render_steps(stored["obligation"]["explanation"], language) == render_steps(
        result.obligation.explanation, language
    )
    for item, kept in zip(result.items, stored["items"], strict=True):
        assert render_steps(kept["explanation"], language) == render_steps(
            item.explanation, language
        )
        assert [Step(**entry) for entry in kept["explanation"]] == list(item.explanation)
    assert stored["obligation"]["steps"] == list(result.obligation.steps)


def test_as_json_writes_steps_in_the_language_asked():
    result = example("utrecht")
    dutch = result.as_json("nl")
    assert dutch["obligation"]["steps"] == render_steps(result.obligation.explanation, "nl")
    assert dutch["obligation"]["explanation"] == result.as_json()["obligation"]["explanation"]
    assert dutch["obligation"]["steps"][0].startswith("Grondslag (contractwaarde): € 800.000")


def test_an_unknown_code_becomes_a_neutral_line():
    stored = [
        {"code": "placement.teleported", "params": {"to": "Mars", "months": "3"}},
        {"code": "placement.gone"},
        {"code": "item.value", "params": {"amount": "20000"}},
    ]
    expected_tail = ["[placement.teleported] months=3, to=Mars", "[placement.gone]"]
    assert render_steps(stored, "nl") == [*expected_tail, "Waarde: € 20.000."]
    assert render_steps(stored, "en") == [*expected_tail, "Value: €20,000."]


def test_broken_records_never_raise():
    stored = [
        {"code": "item.value", "params": {}},  # a parameter missing
        {"code": "item.value", "params": {"amount": "veel"}},  # not an amount
        {"code": "obligation.base", "params": {"base": "onbekend", "value": "1"}},  # no term
        {"code": "purchase.certifications", "params": {"date": "2024-13-45", "weight": "5"}},
        {"params": {"amount": "1"}},  # no code
        ["not", "a", "step"],
        "Value: €20,000.",  # a line stored before steps had codes
    ]
    for language in ("nl", "en"):
        lines = render_steps(stored, language)
        assert lines[:3] == [
            "[item.value]",
            "[item.value] amount=veel",
            "[obligation.base] base=onbekend, value=1",
        ]
        assert lines[3].startswith("[purchase.certifications]")
        assert lines[4].startswith("[?]")
        assert lines[5].startswith("[?]")
        assert lines[6] == "Value: €20,000."
    assert render_steps(None, "nl") == []  # type: ignore[arg-type]


def test_a_step_is_a_value():
    first = Step("item.value", {"amount": 20000})  # type: ignore[dict-item]
    assert first.params == {"amount": "20000"}
    assert first == Step("item.value", {"amount": "20000"})
    assert len({first, Step("item.value", {"amount": "20000"})}) == 1
    assert first.as_json() == {"code": "item.value", "params": {"amount": "20000"}}


# -- the documentation ---------------------------------------------------------------------------


def test_the_documented_codes_are_the_message_tables():
    text = DOC.read_text()
    codes = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| `(.*?)` \| `(.*?)` \|$", text, re.M)
    assert {code: (en, nl) for code, en, nl in codes} == {
        code: (MESSAGES_EN[code], MESSAGES_NL[code]) for code in MESSAGES_EN
    }
    assert len(codes) == len(MESSAGES_EN)
    terms_rows = re.findall(r"^\| `([a-z_]+)` \| `(.*?)` \| `(.*?)` \| `(.*?)` \|$", text, re.M)
    assert {(kind, value): (en, nl) for kind, value, en, nl in terms_rows} == {
        (kind, value): (TERMS["en"][kind][value], TERMS["nl"][kind][value])
        for kind in TERMS["en"]
        for value in TERMS["en"][kind]
    }


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(placements())
def test_any_placement_renders_in_both_languages_one_line_per_step(case):
    scheme_, item = case
    for candidate in (item, replace(item, benefit_duration_months=None)):
        try:
            result = evaluate(CONTRACT, [candidate], scheme_)
        except ValueError:
            continue  # the scheme needs the benefit duration
        value = result.items[0]
        for language in ("nl", "en"):
            lines = render_steps(value.explanation, language)
            assert len(lines) == len(value.steps)
            assert not any(line.startswith("[") for line in lines), lines
        assert render_steps(value.explanation, "en") == list(value.steps)


amounts = st.fractions(min_value=0, max_value=10**9, max_denominator=10**4)


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_amounts_are_written_as_before_in_english_and_the_dutch_way_in_dutch(amount):
    if amount.denominator == 1:
        before = f"€{amount.numerator:,}"
    else:
        before = f"€{Decimal(amount.numerator) / Decimal(amount.denominator):,.2f}"
    assert euros(amount) == before
    value = money(amount)
    assert render_steps([Step("item.value", {"amount": value})], "en") == [f"Value: {before}."]
    dutch = before.replace(",", "_").replace(".", ",").replace("_", ".").replace("€", "€ ")
    assert render_steps([Step("item.value", {"amount": value})], "nl") == [f"Waarde: {dutch}."]


def test_a_fraction_of_a_cent_is_shown_to_the_cent():
    assert money(Fraction(1, 3)) == "0.33"
    assert render_steps([Step("item.value", {"amount": money(Fraction(2, 3))})], "nl") == [
        "Waarde: € 0,67."
    ]
