"""Placements: the published per-year values pro-rated by hours and counted months, the counting
caps per candidate, wage-subsidy periods, the eligibility window, minimum hours, benefit-duration
bands and bonuses. Every case states its inputs and the sum that gives the expected figure."""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.socialreturn.valuation import (
    InvalidContract,
    dump_scheme,
    evaluate,
    load_preset,
    load_scheme,
)

from .builders import placement, scheme, terms


@pytest.fixture(scope="module")
def den_haag():
    return load_preset("den-haag-2023")


def value_of(item, contract, chosen_scheme):
    return evaluate(contract, [item], chosen_scheme).items[0]


# -- pro-rating ---------------------------------------------------------------------------------


def test_a_whole_year_full_time_is_the_table_value(den_haag):
    # Den Haag 2023, WW €20,000/yr at 36 h; 36 h/week, 1 Jan - 31 Dec 2024 → 20,000 × 1 × 12/12.
    item = placement(36, date(2024, 1, 1), date(2024, 12, 31), target_group="ww")
    result = value_of(item, terms(), den_haag)
    assert result.amount == Decimal(20000)
    assert result.inputs["counted_months"] == "12"
    assert result.inputs["fte"] == "1"


def test_partial_months_count_by_days_in_the_month(den_haag):
    # Participatiewet €40,000/yr, 36 h/week, 15 Jan - 14 Feb 2024:
    # January 17/31 + February (leap year) 14/29 = 927/899 months
    # → 40,000 × 927/899 / 12 = 3,437.15 → €3,437.
    item = placement(36, date(2024, 1, 15), date(2024, 2, 14), target_group="participatiewet")
    result = value_of(item, terms(), den_haag)
    assert result.amount == Decimal(3437)
    assert result.inputs["counted_months"] == "1.0311"


def test_only_the_overlap_with_the_contract_counts(den_haag):
    # Contract 1 Jan 2024 - 30 Jun 2024; Participatiewet 36 h hired 1 Oct 2023 (within the 12-month
    # window), still employed → counted 1 Jan - 30 Jun 2024 = 6 months → 40,000 × 6/12 = 20,000.
    contract = terms(start=date(2024, 1, 1), end=date(2024, 6, 30))
    item = placement(36, date(2023, 10, 1), target_group="participatiewet")
    result = value_of(item, contract, den_haag)
    assert result.amount == Decimal(20000)
    assert result.inputs["counted_from"] == "2024-01-01"
    assert result.inputs["counted_until"] == "2024-06-30"


def test_employment_outside_the_contract_period_counts_nothing(den_haag):
    contract = terms(start=date(2024, 1, 1), end=date(2024, 6, 30))
    item = placement(36, date(2024, 7, 1), date(2024, 12, 31), target_group="participatiewet")
    result = value_of(item, contract, den_haag)
    assert result.amount == Decimal(0)
    assert "does not overlap" in result.steps[-1]


def test_hours_above_the_base_count_as_one_fte_when_the_scheme_caps_them():
    # Utrecht WW €20,000/yr at 36 h; 40 h/week for 6 months (Jul-Dec 2024) → FTE capped at 1
    # → 20,000 × 1 × 6/12 = 10,000.
    utrecht = load_preset("utrecht")
    item = placement(40, date(2024, 7, 1), date(2024, 12, 31), target_group="ww")
    assert value_of(item, terms(), utrecht).amount == Decimal(10000)


def test_hours_above_the_base_count_in_full_when_the_scheme_does_not_cap_them():
    # Same, with cap_fte_at_one false: 20,000 × 40/36 × 6/12 = 11,111.11 → €11,111.
    data = dump_scheme(load_preset("utrecht"))
    data["cap_fte_at_one"] = False
    item = placement(40, date(2024, 7, 1), date(2024, 12, 31), target_group="ww")
    assert value_of(item, terms(), load_scheme(data)).amount == Decimal(11111)


def test_base_hours_are_per_scheme_version():
    # Participatiewet > 2 yrs €40,000: older Utrecht table at 40 h, 20 h/week for 6 months
    # → 40,000 × 20/40 × 6/12 = 10,000; at the current table's 36 h the same hours are 20/36.
    older = load_preset("utrecht-older")
    assert older.base_hours == Decimal(40)
    item = placement(
        20,
        date(2024, 1, 1),
        date(2024, 6, 30),
        target_group="participatiewet",
        benefit_duration_months=30,
    )
    assert value_of(item, terms(), older).amount == Decimal(10000)
    # Utrecht now: Participatiewet €40,000 at 36 h → 40,000 × 20/36 × 6/12 = 11,111.11 → €11,111.
    assert value_of(item, terms(), load_preset("utrecht")).amount == Decimal(11111)


# -- minimum hours ------------------------------------------------------------------------------


def test_harlingen_needs_at_least_twelve_hours_a_week():
    # Harlingen: Participatiewet > 2 yrs €40,000 at 36 h, minimum 12 h/week; 12 months.
    harlingen = load_preset("harlingen")
    below = placement(
        "11.5",
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="participatiewet",
        benefit_duration_months=36,
    )
    at = placement(
        12,
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="participatiewet",
        benefit_duration_months=36,
    )
    result = value_of(below, terms(), harlingen)
    assert result.amount == Decimal(0)
    assert "below the minimum of 12" in result.steps[-1]
    # 12 h counts: 40,000 × 12/36 × 12/12 = 13,333.33 → €13,333
    assert value_of(at, terms(), harlingen).amount == Decimal(13333)


# -- counting caps ------------------------------------------------------------------------------


def test_ww_counts_at_most_twelve_months(den_haag):
    # Den Haag: WW €20,000, 36 h, employed for the whole 24-month contract → 12 months count.
    result = value_of(placement(36, target_group="ww"), terms(), den_haag)
    assert result.amount == Decimal(20000)
    assert result.inputs["counted_months"] == "12"
    assert result.inputs["months_in_period"] == "24"


def test_participatiewet_counts_at_most_twenty_four_months(den_haag):
    # Contract 2024-2026 (36 months); Participatiewet 36 h the whole time → 24 × 40,000/12 = 80,000.
    contract = terms(end=date(2026, 12, 31))
    result = value_of(placement(36, target_group="participatiewet"), contract, den_haag)
    assert result.amount == Decimal(80000)


def test_banenafspraak_always_counts(den_haag):
    # Banenafspraak €50,000, 36 h, 36 months → 50,000 × 36/12 = 150,000.
    contract = terms(end=date(2026, 12, 31))
    result = value_of(placement(36, target_group="banenafspraak"), contract, den_haag)
    assert result.amount == Decimal(150000)
    assert "always counts" in result.steps[1]


def test_bbl_level_two_employment_counts_at_most_twenty_four_months(den_haag):
    # BBL up to level 2: €25,000/yr, employment max. 24 months; 36 h for 36 months → 50,000.
    contract = terms(end=date(2026, 12, 31))
    result = value_of(placement(36, target_group="bbl_niveau_2"), contract, den_haag)
    assert result.amount == Decimal(50000)
    assert result.kind == "placement"
    assert result.block == "bbl-2"


def test_wage_subsidy_months_count_beyond_the_cap(den_haag):
    # WW (cap 12) with loonkostensubsidie until 30 Jun 2025; 36 h from 1 Jan 2024 on a 2-year
    # contract → the 18 subsidised months count → 20,000 × 18/12 = 30,000.
    item = placement(36, target_group="ww", wage_subsidy_until=date(2025, 6, 30))
    assert value_of(item, terms(), den_haag).amount == Decimal(30000)


def test_a_short_wage_subsidy_uses_up_the_cap(den_haag):
    # WW with subsidy until 31 Mar 2024: 3 months under subsidy + 9 more up to the 12-month cap
    # → 12 months → 20,000.
    item = placement(36, target_group="ww", wage_subsidy_until=date(2024, 3, 31))
    result = value_of(item, terms(), den_haag)
    assert result.amount == Decimal(20000)
    assert result.inputs["counted_months"] == "12"


def test_the_cap_holds_per_candidate_across_placements(den_haag):
    # Candidate K-1, WW €20,000 at 36 h, cap 12 months:
    # first job 1 Jan - 31 Aug 2024 (8 months) → 20,000 × 8/12 = 13,333.33 → €13,333;
    # second job 1 Oct 2024 - 30 Jun 2025 (9 months) → only 4 months left → €6,667.
    # Candidate K-2 in the same period is not affected: 9 months → €15,000.
    first = placement(36, date(2024, 1, 1), date(2024, 8, 31), id="P-1", target_group="ww")
    second = placement(36, date(2024, 10, 1), date(2025, 6, 30), id="P-2", target_group="ww")
    other = placement(
        36, date(2024, 10, 1), date(2025, 6, 30), id="P-3", candidate="K-2", target_group="ww"
    )
    result = evaluate(terms(), [first, second, other], den_haag)
    assert [item.amount for item in result.items] == [Decimal(13333), Decimal(6667), Decimal(15000)]
    assert result.items[1].inputs["months_used_before"] == "8"
    assert result.realised == Decimal(35000)


# -- eligibility window -------------------------------------------------------------------------


def test_hired_within_twelve_months_before_the_contract_still_counts(den_haag):
    # Den Haag: hired no more than 12 months before the contract (1 Jan 2024): 1 Jan 2023 counts.
    item = placement(36, date(2023, 1, 1), date(2024, 6, 30), target_group="participatiewet")
    assert value_of(item, terms(), den_haag).amount == Decimal(20000)


def test_hired_earlier_counts_nothing_and_says_why(den_haag):
    item = placement(36, date(2022, 12, 31), date(2024, 6, 30), target_group="participatiewet")
    result = value_of(item, terms(), den_haag)
    assert result.amount == Decimal(0)
    assert result.inputs["zero_reason"] == "before_window"
    assert "more than 12 months before the contract started" in result.steps[-1]


# -- benefit-duration bands ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "block", "amount"),
    [
        # older Utrecht: Participatiewet < 2 yrs €30,000, > 2 yrs €40,000; 40 h basis;
        # 40 h/week for 12 months
        (23, "pw-kort", 30000),
        (24, "pw-lang", 40000),
    ],
)
def test_benefit_duration_selects_the_block(months, block, amount):
    older = load_preset("utrecht-older")
    item = placement(
        40,
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="participatiewet",
        benefit_duration_months=months,
    )
    result = value_of(item, terms(), older)
    assert result.block == block
    assert result.amount == Decimal(amount)


@pytest.mark.parametrize(
    ("months", "amount"),
    [
        # Harlingen WW: 3 months - 1 yr €15,000, > 1 yr €20,000; 36 h for 12 months
        (2, 0),
        (3, 15000),
        (11, 15000),
        (12, 20000),
    ],
)
def test_harlingen_ww_counts_from_three_months_of_benefit(months, amount):
    item = placement(
        36,
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="ww",
        benefit_duration_months=months,
    )
    result = value_of(item, terms(), load_preset("harlingen"))
    assert result.amount == Decimal(amount)
    if amount == 0:
        assert result.inputs["zero_reason"] == "no_block"


def test_a_banded_target_group_needs_the_benefit_duration():
    item = placement(36, target_group="ww")
    with pytest.raises(InvalidContract) as caught:
        evaluate(terms(), [item], load_preset("harlingen"))
    assert caught.value.problems[0].path == "items[0].benefit_duration_months"
    assert caught.value.problems[0].code == "required"


def test_a_placement_may_name_its_block(den_haag):
    # Named block 'stage-vso-pro' (€7,500/yr), 36 h for 6 months → 3,750.
    item = placement(
        36, date(2024, 1, 1), date(2024, 6, 30), target_group="", block="stage-vso-pro"
    )
    assert value_of(item, terms(), den_haag).amount == Decimal(3750)


# -- per month and wage cost --------------------------------------------------------------------


def test_work_experience_place_counts_per_month_whatever_the_hours():
    # Oost-Nederland V05: work-experience place €750 a month; 20 h/week, 1 Jan - 15 Apr 2024
    # → 3 + 15/30 = 3.5 months → 750 × 3.5 = 2,625.
    item = placement(20, date(2024, 1, 1), date(2024, 4, 15), target_group="werkervaringsplaats")
    result = value_of(item, terms(contract_type="services"), load_preset("oost-nederland-v05"))
    assert result.amount == Decimal(2625)


def test_a_wage_cost_block_counts_the_evidenced_wage_cost():
    # OAZ case: the annual salary incl. employer charges counts in full: €38,412.60 → €38,413.
    wage_scheme = scheme(
        blocks=[
            {
                "code": "loon",
                "kind": "placement",
                "label": "Loonkosten",
                "unit": "wage_cost",
                "target_group": "pw",
            }
        ]
    )
    item = placement(36, date(2024, 1, 1), date(2024, 12, 31), wage_cost=Decimal("38412.60"))
    assert value_of(item, terms(), wage_scheme).amount == Decimal(38413)


# -- bonuses ------------------------------------------------------------------------------------


def test_den_haag_age_bonus_is_pro_rated(den_haag):
    # Participatiewet 24 h for 9 months, age 56 on the reference date:
    # 40,000 × 24/36 × 9/12 = 20,000 plus 55+ bonus 10,000 × 24/36 × 9/12 = 5,000 → 25,000.
    item = placement(
        24,
        date(2024, 1, 1),
        date(2024, 9, 30),
        target_group="participatiewet",
        age_at_reference_date=56,
    )
    result = value_of(item, terms(), den_haag)
    assert result.amount == Decimal(25000)
    assert result.inputs["bonuses"] == [{"block": "bonus-55", "value": "5000"}]


@pytest.mark.parametrize(
    ("age", "amount"),
    [
        # Harlingen WW > 1 yr €20,000, 36 h, 12 months; 50+ +5,000 and 55+ +7,500 are tiers.
        (49, 20000),
        (50, 25000),
        (54, 25000),
        (55, 27500),  # the highest tier only, not 5,000 + 7,500
    ],
)
def test_harlingen_age_tiers_do_not_stack(age, amount):
    item = placement(
        36,
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="ww",
        benefit_duration_months=18,
        age_at_reference_date=age,
    )
    assert value_of(item, terms(), load_preset("harlingen")).amount == Decimal(amount)


def test_age_tiers_stack_when_the_scheme_says_so():
    # Same 55-year-old with bonus_tiers_stack true: 20,000 + 5,000 + 7,500 = 32,500.
    data = dump_scheme(load_preset("harlingen"))
    data["bonus_tiers_stack"] = True
    item = placement(
        36,
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="ww",
        benefit_duration_months=18,
        age_at_reference_date=55,
    )
    assert value_of(item, terms(), load_scheme(data)).amount == Decimal(32500)


def test_utrecht_bonuses_pro_rated_and_once():
    # Utrecht: Participatiewet €40,000 at 36 h; 18 h/week for 6 months, age 50, permanent contract:
    # 40,000 × 18/36 × 6/12 = 10,000; 50+ 10,000 × 18/36 × 6/12 = 2,500 (pro-rated);
    # permanent contract 10,000 once per candidate (not pro-rated) → 22,500.
    # A second placement of the same candidate gets the permanent bonus no second time:
    # 10,000 + 2,500 = 12,500.
    utrecht = load_preset("utrecht")
    first = placement(
        18,
        date(2024, 1, 1),
        date(2024, 6, 30),
        id="P-1",
        target_group="participatiewet",
        age_at_reference_date=50,
        permanent_contract=True,
    )
    second = placement(
        18,
        date(2024, 7, 1),
        date(2024, 12, 31),
        id="P-2",
        target_group="participatiewet",
        age_at_reference_date=50,
        permanent_contract=True,
    )
    result = evaluate(terms(), [first, second], utrecht)
    assert [item.amount for item in result.items] == [Decimal(22500), Decimal(12500)]


def test_status_holder_bonus():
    # Utrecht WW €20,000, 36 h for 12 months, status holder +10,000 → 30,000.
    item = placement(
        36, date(2024, 1, 1), date(2024, 12, 31), target_group="ww", status_holder=True
    )
    assert value_of(item, terms(), load_preset("utrecht")).amount == Decimal(30000)


def test_a_claimed_bonus_applies_only_when_claimed(den_haag):
    # Den Haag: 'arbeidsbeperking incl. IPS' +10,000/yr applies when the placement claims it.
    # WW 36 h for 12 months: 20,000, claimed → 30,000.
    plain = placement(36, date(2024, 1, 1), date(2024, 12, 31), target_group="ww")
    claimed = placement(
        36,
        date(2024, 1, 1),
        date(2024, 12, 31),
        target_group="ww",
        candidate="K-2",
        id="P-2",
        claimed_bonuses=("bonus-arbeidsbeperking",),
    )
    result = evaluate(terms(), [plain, claimed], den_haag)
    assert [item.amount for item in result.items] == [Decimal(20000), Decimal(30000)]


def test_no_bonus_without_counted_months(den_haag):
    item = placement(36, date(2022, 1, 1), target_group="participatiewet", age_at_reference_date=60)
    assert value_of(item, terms(), den_haag).amount == Decimal(0)


def test_steps_explain_the_figure(den_haag):
    item = placement(24, date(2024, 1, 1), date(2024, 9, 30), target_group="participatiewet")
    result = value_of(item, terms(), den_haag)
    assert "€40,000 × 24/36 × 9/12 = €20,000." in result.steps
    assert result.inputs["scheme"] == "den-haag-2023@2023-07-01"
