"""Counted months: days per calendar month as exact fractions, and calendar-month arithmetic for
the eligibility window."""

import calendar
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactplein.socialreturn.valuation import months_between
from impactplein.socialreturn.valuation.months import add_months, count


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 1, 1), date(2024, 9, 30), Fraction(9)),
        (date(2024, 4, 1), date(2024, 4, 15), Fraction(1, 2)),
        # February 2024 has 29 days
        (date(2024, 2, 1), date(2024, 2, 14), Fraction(14, 29)),
        (date(2023, 2, 1), date(2023, 2, 14), Fraction(1, 2)),
        # one day
        (date(2024, 1, 31), date(2024, 1, 31), Fraction(1, 31)),
        # end before start: nothing
        (date(2024, 2, 1), date(2024, 1, 31), Fraction(0)),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("day", "shift", "expected"),
    [
        (date(2024, 1, 1), -12, date(2023, 1, 1)),
        # clamped to the last day of a shorter month
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 1, 15), 13, date(2025, 2, 15)),
    ],
)
def test_add_months(day, shift, expected):
    assert add_months(day, shift) == expected


def test_the_cap_stops_counting_part_way_through_a_month():
    # 11.5 months used of 12: of 1 Jan - 31 Mar 2024 only half a month more counts.
    result = count(date(2024, 1, 1), date(2024, 3, 31), cap=12, used=Fraction(23, 2))
    assert result.counted == Fraction(1, 2)
    assert result.in_period == 3
    assert result.capped


def test_days_under_a_wage_subsidy_count_beyond_the_cap():
    # Cap 12 already used up; subsidy until 15 Jan 2024: 15/31 of January counts, nothing after.
    result = count(
        date(2024, 1, 1),
        date(2024, 3, 31),
        cap=12,
        used=Fraction(12),
        free_until=date(2024, 1, 15),
    )
    assert result.counted == Fraction(15, 31)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=-5, max_value=900),
)
def test_months_between_adds_up_each_day_as_a_share_of_its_month(start, length):
    end = start + timedelta(days=length)
    by_day = sum(
        (
            Fraction(1, calendar.monthrange(day.year, day.month)[1])
            for day in (start + timedelta(days=n) for n in range(length + 1))
        ),
        Fraction(0),
    )
    assert months_between(start, end) == by_day
