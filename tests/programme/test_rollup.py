"""An objective's progress is the weighted mean of its activities' progress, reproducible by hand.

Σ(weight × progress) / Σ(weight): between the lowest and the highest progress, the plain mean
when all weights are equal, unchanged when every weight is multiplied by the same number.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impactplein.programme.rollup import as_decimal, roll_up, rounded

progress = st.integers(min_value=0, max_value=100)
weight = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2, allow_nan=False
)
pairs = st.lists(st.tuples(progress, weight), min_size=1, max_size=30)


def test_weighted_mean_of_two_activities() -> None:
    result = roll_up([(100, Decimal("3")), (20, Decimal("1"))])
    assert result.weighted_sum == 320
    assert result.total_weight == 4
    assert result.value == 80
    assert rounded(result.value) == Decimal("80.0")


def test_rounding_is_half_away_from_zero_to_one_decimal() -> None:
    result = roll_up([(0, 1), (1, 1), (0, 2)])  # 1/4 = 0.25
    assert rounded(result.value) == Decimal("0.3")
    assert rounded(Fraction(200, 3)) == Decimal("66.7")
    assert as_decimal(Fraction(7, 2)) == Decimal("3.50")


def test_no_activities_gives_no_figure() -> None:
    result = roll_up([])
    assert result.count == 0
    assert result.value is None
    assert rounded(result.value) is None


@pytest.mark.parametrize("bad", [(50, 0), (50, Decimal("-1")), (101, 1), (-1, 1)])
def test_impossible_input_is_refused(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=r"weight must be positive|Progress is a percentage"):
        roll_up([bad])


@given(pairs)
def test_result_lies_between_lowest_and_highest_progress(items) -> None:  # type: ignore[no-untyped-def]
    value = roll_up(items).value
    assert value is not None
    assert min(p for p, _ in items) <= value <= max(p for p, _ in items)


@given(st.lists(progress, min_size=1, max_size=30), weight)
def test_equal_weights_give_the_plain_mean(values, same) -> None:  # type: ignore[no-untyped-def]
    value = roll_up([(p, same) for p in values]).value
    assert value == Fraction(sum(values), len(values))


@given(pairs, st.integers(min_value=1, max_value=1000))
def test_scaling_every_weight_changes_nothing(items, factor) -> None:  # type: ignore[no-untyped-def]
    scaled = [(p, w * factor) for p, w in items]
    assert roll_up(scaled).value == roll_up(items).value


@given(pairs)
def test_order_of_activities_does_not_matter(items) -> None:  # type: ignore[no-untyped-def]
    assert roll_up(list(reversed(items))).value == roll_up(items).value
