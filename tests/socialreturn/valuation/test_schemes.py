"""Schemes: the shipped presets load from the package, carry their source, validity and notes,
round-trip through the file format, and are immutable once loaded."""

import dataclasses
import json
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from impactplein.socialreturn.valuation import (
    InvalidScheme,
    dump_scheme,
    load_preset,
    load_scheme,
    preset_definition,
    preset_names,
)

PRESETS = [
    "den-haag-2023",
    "drechtsteden",
    "harlingen",
    "leiden-2023",
    "oost-nederland-v05",
    "rijnvicus",
    "utrecht",
    "utrecht-older",
]


def test_the_presets_are_listed_sorted():
    assert preset_names() == PRESETS


@pytest.mark.parametrize("slug", PRESETS)
def test_every_preset_loads_with_its_source_and_notes(slug):
    scheme = load_preset(slug)
    assert scheme.slug == slug
    assert scheme.source.startswith("https://")
    assert scheme.notes
    assert scheme.base_hours in (Decimal(36), Decimal(38), Decimal(40))
    assert scheme.target_groups()


@pytest.mark.parametrize("slug", PRESETS)
def test_every_preset_round_trips_through_the_file_format(slug):
    scheme = load_preset(slug)
    dumped = dump_scheme(scheme)
    assert load_scheme(json.loads(json.dumps(dumped))) == scheme


@pytest.mark.parametrize("slug", PRESETS)
def test_a_preset_definition_is_plain_json_and_loads_to_the_preset(slug):
    definition = preset_definition(slug)
    assert json.loads(json.dumps(definition)) == definition
    assert load_scheme(definition) == load_preset(slug)


def test_presets_are_package_resources():
    root = resources.files("impactplein.socialreturn.presets")
    names = {p.name for p in root.iterdir() if p.name.endswith(".json")}
    assert names == {f"{slug}.json" for slug in PRESETS}
    # one example contract per preset, for the documentation and the command-line tests
    examples = resources.files("impactplein.socialreturn.presets.examples")
    assert {p.name for p in examples.iterdir() if p.name.endswith(".json")} == names


def test_an_unknown_preset_is_a_key_error():
    with pytest.raises(KeyError):
        load_preset("amsterdam")
    with pytest.raises(KeyError):
        preset_definition("amsterdam")


def test_validity_dates_from_the_sources():
    assert load_preset("den-haag-2023").valid_from == date(2023, 7, 1)
    assert load_preset("leiden-2023").valid_from == date(2023, 9, 1)
    assert load_preset("oost-nederland-v05").valid_from == date(2023, 4, 1)


def test_drechtsteden_is_a_draft_waiting_for_unit_sroi():
    scheme = load_preset("drechtsteden")
    assert scheme.status == "draft"
    assert any("Unit SROI" in note for note in scheme.notes)
    assert all(block.amount == 0 for block in scheme.blocks)


def test_regions_without_a_published_rule_use_the_general_five_percent():
    for slug in ("utrecht", "harlingen", "rijnvicus", "leiden-2023", "drechtsteden"):
        scheme = load_preset(slug)
        assert scheme.obligation.percentage == Decimal(5)
        assert any("general rule" in note for note in scheme.notes), slug


def test_truncated_sources_are_noted():
    for slug in ("den-haag-2023", "oost-nederland-v05"):
        assert any("runcated" in note for note in load_preset(slug).notes), slug


def test_a_loaded_scheme_cannot_be_changed():
    scheme = load_preset("den-haag-2023")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scheme.base_hours = Decimal(40)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        scheme.blocks[0].amount = Decimal(1)  # type: ignore[misc]


def test_scheme_lookups():
    scheme = load_preset("harlingen")
    assert scheme.block("ww-kort").amount == Decimal(15000)
    with pytest.raises(KeyError):
        scheme.block("nope")
    assert [b.code for b in scheme.blocks_of_kind("bonus")] == ["bonus-50", "bonus-55"]
    assert ("ww", "WW") in scheme.target_groups()
    assert scheme.label == "harlingen@1"


def test_a_scheme_file_with_a_json_float_reads_it_exactly(tmp_path):
    from impactplein.socialreturn.valuation import load_scheme_file

    data = dump_scheme(load_preset("utrecht"))
    text = json.dumps(data).replace('"base_hours": 36', '"base_hours": 37.5')
    path = tmp_path / "scheme.json"
    path.write_text(text)
    assert load_scheme_file(path).base_hours == Decimal("37.5")


def test_a_python_float_is_read_through_its_text():
    data = dump_scheme(load_preset("utrecht"))
    data["base_hours"] = 37.5
    assert load_scheme(data).base_hours == Decimal("37.5")


def test_the_draft_scheme_still_loads_when_edited_with_amounts():
    data = preset_definition("drechtsteden")
    data["blocks"][0]["amount"] = 35000
    data["version"] = "1"
    data["status"] = "published"
    assert load_scheme(data).block("participatiewet").amount == Decimal(35000)


def test_a_scheme_that_is_not_an_object_is_invalid():
    with pytest.raises(InvalidScheme):
        load_scheme([])  # type: ignore[arg-type]
