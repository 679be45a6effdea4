"""How an objective's progress follows from its activities: a weighted mean. No Django import.

    progress(objective) = Σ(weight × progress) / Σ(weight)

over the activities of one year's programme that serve the objective. Weights are published with
the activities, so anyone can redo the sum from the programme page or its export. The figure is
computed exactly (with fractions) and rounded only for display (:func:`rounded`), half away from
zero, to one decimal.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Number = int | Decimal | Fraction


@dataclass(frozen=True)
class RollUp:
    """The parts of the sum, so a page can show how the figure came about."""

    count: int
    total_weight: Fraction
    weighted_sum: Fraction

    @property
    def value(self) -> Fraction | None:
        """The exact weighted mean; ``None`` when there is nothing to average."""
        if self.count == 0 or self.total_weight == 0:
            return None
        return self.weighted_sum / self.total_weight


def roll_up(items: Iterable[tuple[Number, Number]]) -> RollUp:
    """Roll ``(progress, weight)`` pairs up into one weighted mean.

    Progress is a percentage from 0 to 100; weights are positive. A negative weight or a progress
    outside 0–100 is a programming error (the database refuses them too) and raises ``ValueError``.
    """
    count = 0
    total_weight = Fraction(0)
    weighted_sum = Fraction(0)
    for progress, weight in items:
        p = Fraction(progress)
        w = Fraction(weight)
        if w <= 0:
            raise ValueError(f"A weight must be positive, not {weight}")
        if not 0 <= p <= 100:
            raise ValueError(f"Progress is a percentage from 0 to 100, not {progress}")
        count += 1
        total_weight += w
        weighted_sum += w * p
    return RollUp(count=count, total_weight=total_weight, weighted_sum=weighted_sum)


def rounded(value: Fraction | None, places: int = 1) -> Decimal | None:
    """``value`` as a Decimal with ``places`` decimals, rounded half away from zero."""
    if value is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(exponent, rounding=ROUND_HALF_UP)


def as_decimal(value: Fraction, places: int = 2) -> Decimal:
    """A sum's part (Σ weight, Σ weight × progress) for display, rounded half away from zero."""
    result = rounded(value, places)
    assert result is not None
    return result
