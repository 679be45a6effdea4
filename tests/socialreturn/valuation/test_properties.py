"""Properties that hold for any input: values are never negative, grow (or stay) with hours and
months worked, the counting caps and the obligation cap hold, and a contract evaluated with its
pinned scheme gets the same result whatever happens to other versions."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from impactplein.socialreturn.valuation import (
    ContractTerms,
    Placement,
    dump_scheme,
    evaluate,
    load_preset,
    load_scheme,
    obligation,
    preset_names,
)
from impactplein.socialreturn.valuation.months import count

from .builders import obligation_scheme

SCHEMES = {slug: load_preset(slug) for slug in preset_names()}
CONTRACT = ContractTerms(
    reference="PROP",
    contract_type="works",
    value=Decimal(1000000),
    start=date(2024, 1, 1),
    end=date(2026, 12, 31),
    awarded_on=date(2023, 12, 1),
)

days = st.integers(min_value=-500, max_value=1300).map(lambda n: date(2024, 1, 1) + timedelta(n))
hours = st.integers(min_value=0, max_value=120).map(lambda n: Decimal(n) / 2)


@st.composite
def placements(draw, scheme_slug=None):
    slug = scheme_slug or draw(st.sampled_from(sorted(SCHEMES)))
    scheme = SCHEMES[slug]
    group = draw(st.sampled_from([code for code, _ in scheme.target_groups()]))
    start = draw(days)
    end = draw(st.one_of(st.none(), days.filter(lambda d: d >= start)))
    item = Placement(
        id="P-1",
        candidate="K-1",
        target_group=group,
        hours_per_week=draw(hours),
        start=start,
        end=end,
        benefit_duration_months=draw(st.integers(min_value=0, max_value=120)),
        age_at_reference_date=draw(st.integers(min_value=16, max_value=70)),
        permanent_contract=draw(st.booleans()),
        status_holder=draw(st.booleans()),
        wage_subsidy_until=draw(st.one_of(st.none(), days)),
    )
    return scheme, item


def value(scheme, item):
    return evaluate(CONTRACT, [item], scheme).items[0].amount


@settings(max_examples=150, deadline=None)
@given(placements())
def test_a_value_is_never_negative(case):
    scheme, item = case
    assert value(scheme, item) >= 0


@settings(max_examples=100, deadline=None)
@given(placements(), hours, hours)
def test_more_hours_never_lower_the_value(case, first, second):
    scheme, item = case
    low, high = sorted((first, second))
    assert value(scheme, replace(item, hours_per_week=low)) <= value(
        scheme, replace(item, hours_per_week=high)
    )


@settings(max_examples=100, deadline=None)
@given(placements(), days, days)
def test_working_longer_never_lowers_the_value(case, first, second):
    scheme, item = case
    early, late = sorted((first, second))
    if early < item.start:
        early = item.start
    if late < early:
        late = early
    shorter = value(scheme, replace(item, end=early))
    longer = value(scheme, replace(item, end=late))
    still_employed = value(scheme, replace(item, end=None))
    assert shorter <= longer <= still_employed


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(days, st.integers(min_value=0, max_value=800)), min_size=1, max_size=6),
    st.sampled_from([12, 24]),
)
def test_counted_months_never_exceed_the_cap(periods, cap):
    used = Fraction(0)
    for start, length in periods:
        counted = count(start, start + timedelta(length), cap=cap, used=used)
        assert counted.counted <= max(Fraction(cap) - used, Fraction(0))
        used += counted.counted
    assert used <= cap


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(days, st.integers(min_value=0, max_value=800)), min_size=1, max_size=6))
def test_one_candidates_ww_placements_together_count_at_most_twelve_months(periods):
    # Den Haag WW: €20,000 a year at 36 h, 12 months at most per candidate; full-time jobs
    # together are worth at most €20,000 (plus at most €1 of rounding per item).
    items = [
        Placement(
            id=f"P-{index}",
            candidate="K-1",
            target_group="ww",
            hours_per_week=Decimal(36),
            start=start,
            end=start + timedelta(length),
        )
        for index, (start, length) in enumerate(periods)
    ]
    result = evaluate(CONTRACT, items, SCHEMES["den-haag-2023"])
    assert result.realised <= Decimal(20000) + len(items)


@settings(max_examples=150, deadline=None)
@given(
    value=st.integers(min_value=0, max_value=10**9),
    percentage=st.integers(min_value=0, max_value=100),
    offered=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    labour_share=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    cap=st.integers(min_value=0, max_value=10**7),
    pso=st.sampled_from(["", "aspirant", "basis", "trede_1", "trede_2", "trede_3", "30plus"]),
    contract_type=st.sampled_from(["works", "services", "supplies"]),
)
def test_the_obligation_never_exceeds_the_cap(
    value, percentage, offered, labour_share, cap, pso, contract_type
):
    scheme = obligation_scheme(
        percentage=percentage,
        cap=cap,
        reduced_percentage={"labour_share_below": 30, "percentage": 2},
        pso_discounts={"trede_1": 10, "trede_2": 20, "trede_3": 30},
    )
    terms = ContractTerms(
        reference="PROP",
        contract_type=contract_type,
        value=Decimal(value),
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        offered_percentage=None if offered is None else Decimal(offered),
        labour_share=None if labour_share is None else Decimal(labour_share),
        supplier_pso_level=pso,
    )
    amount = obligation(terms, scheme).amount
    assert 0 <= amount <= cap
    assert amount == amount.to_integral_value()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(placements("den-haag-2023"), min_size=1, max_size=4),
    st.integers(min_value=2, max_value=5),
)
def test_a_new_scheme_version_never_changes_an_awarded_contracts_result(cases, factor):
    pinned = SCHEMES["den-haag-2023"]
    items = [
        replace(item, id=f"P-{index}", candidate=f"K-{index % 2}")
        for index, (_, item) in enumerate(cases)
    ]
    before = evaluate(CONTRACT, items, pinned)

    # An administrator publishes a new version: a copy with other amounts and base hours.
    changed = dump_scheme(pinned)
    changed["version"] = "2024-01-01"
    changed["base_hours"] = 40
    for block in changed["blocks"]:
        block["amount"] = int(Decimal(block["amount"]) * factor)
    newer = load_scheme(changed)
    evaluate(CONTRACT, items, newer)
    for slug in preset_names():  # other presets loaded meanwhile
        load_preset(slug)

    again = evaluate(CONTRACT, items, pinned)
    assert again == before
    assert again.as_json() == before.as_json()
    assert again.scheme == "den-haag-2023@2023-07-01"
    assert pinned == load_preset("den-haag-2023")
