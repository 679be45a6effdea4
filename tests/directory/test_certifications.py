"""A certification counts from its start date up to and including its end date.

It is not yet valid before it starts, expired after its end date and expiring (with a reminder
due) while at most ``warn_days`` days remain; one without an end date stays valid. Only PSO and the
CO2-prestatieladder carry a level, and for them the level is required and must be one of theirs.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impactplein.directory.certifications import (
    CO2_LEVELS,
    PSO_LEVELS,
    Kind,
    LevelProblem,
    Status,
    level_problem,
    needs_reminder,
    status_on,
)

START = date(2026, 1, 1)
END = date(2026, 12, 31)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 31), Status.NOT_YET_VALID),
        (START, Status.VALID),
        (date(2026, 6, 1), Status.VALID),
        (END - timedelta(days=31), Status.VALID),
        (END - timedelta(days=30), Status.EXPIRING),
        (END, Status.EXPIRING),
        (END + timedelta(days=1), Status.EXPIRED),
    ],
)
def test_status_over_the_year(day, expected):
    assert status_on(day, START, END, warn_days=30) is expected


def test_without_end_date_it_stays_valid():
    assert status_on(date(2099, 1, 1), START, None) is Status.VALID
    assert status_on(date(2025, 1, 1), START, None) is Status.NOT_YET_VALID
    assert not needs_reminder(date(2099, 1, 1), START, None)


def test_reminder_only_while_expiring():
    assert needs_reminder(END - timedelta(days=10), START, END, warn_days=30)
    assert not needs_reminder(END - timedelta(days=40), START, END, warn_days=30)
    assert not needs_reminder(END + timedelta(days=1), START, END, warn_days=30)


def test_zero_warning_days_expires_on_the_last_day_only():
    assert status_on(END - timedelta(days=1), START, END, warn_days=0) is Status.VALID
    assert status_on(END, START, END, warn_days=0) is Status.EXPIRING


def test_end_before_start_and_negative_warning_refused():
    with pytest.raises(ValueError, match="end before"):
        status_on(START, END, START)
    with pytest.raises(ValueError, match="negative"):
        status_on(START, START, END, warn_days=-1)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(day=days, start=days, length=st.integers(0, 5000) | st.none(), warn=st.integers(0, 400))
def test_status_agrees_with_the_dates(day, start, length, warn):
    end = (
        None
        if length is None or start + timedelta(days=length) > date(2100, 12, 31)
        else (start + timedelta(days=length))
    )
    status = status_on(day, start, end, warn)
    assert (status is Status.NOT_YET_VALID) == (day < start)
    assert (status is Status.EXPIRED) == (end is not None and day > end)
    if status is Status.EXPIRING:
        assert end is not None
        assert start <= day <= end
        assert (end - day).days <= warn
    if status is Status.VALID:
        assert start <= day
        assert end is None or (end - day).days > warn
    assert needs_reminder(day, start, end, warn) == (status is Status.EXPIRING)


@given(day=days, start=days, length=st.integers(0, 2000), warn=st.integers(0, 400))
def test_status_moves_forward_only(day, start, length, warn):
    end = start + timedelta(days=length)
    order = [Status.NOT_YET_VALID, Status.VALID, Status.EXPIRING, Status.EXPIRED]
    today = order.index(status_on(day, start, end, warn))
    tomorrow = order.index(status_on(day + timedelta(days=1), start, end, warn))
    assert tomorrow >= today


@pytest.mark.parametrize("level", PSO_LEVELS)
def test_every_pso_level_fits_pso(level):
    assert level_problem(Kind.PSO, level) is None
    assert level_problem(Kind.CO2_PRESTATIELADDER, level) is LevelProblem.UNKNOWN


@pytest.mark.parametrize("level", CO2_LEVELS)
def test_co2_levels_one_to_five(level):
    assert level_problem(Kind.CO2_PRESTATIELADDER, level) is None


@pytest.mark.parametrize("kind", [Kind.PSO, Kind.CO2_PRESTATIELADDER])
def test_level_required_where_the_kind_has_levels(kind):
    assert level_problem(kind, "") is LevelProblem.REQUIRED


@pytest.mark.parametrize(
    "kind",
    [Kind.B_CORP, Kind.CODE_SOCIALE_ONDERNEMINGEN, Kind.SOCIAL_ENTERPRISE_NL, Kind.ISO_26000],
)
def test_no_level_for_the_other_kinds(kind):
    assert level_problem(kind, "") is None
    assert level_problem(kind, "trede_1") is LevelProblem.NOT_ALLOWED
    assert level_problem(kind, "6") is LevelProblem.NOT_ALLOWED


def test_unknown_level_refused():
    assert level_problem(Kind.CO2_PRESTATIELADDER, "6") is LevelProblem.UNKNOWN
    assert level_problem(Kind.PSO, "trede_4") is LevelProblem.UNKNOWN
