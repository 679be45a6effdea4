"""Counted months: how much of a placement's employment counts, in exact fractions of months.

Definitions (documented in ``docs/socialreturn.md``):

* The **counted period** is the overlap of the employment (start to end, both inclusive; no end
  means up to the contract's end) with the contract period (start to end, inclusive).
* Each **calendar month** of that period counts as *days employed in that month / days in that
  month*: a whole month is exactly 1, 1-15 April is 15/30 = 1/2, 1-14 February 2024 is 14/29.
  Summing gives the period's months; 1 January to 30 September is exactly 9.
* The **counting cap** (12 or 24 months) limits a candidate's counted months over *all* its
  placements, in the order they are valued; a block that counts *always* has no cap; a block
  that counts *while a wage subsidy runs* counts every day up to ``wage_subsidy_until`` whatever
  the cap (those months still use it up), and after that day only what the cap still allows.

Fractions are exact (:class:`fractions.Fraction`), so a value is rounded once, at the end.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction


def _days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def months_between(start: date, end: date) -> Fraction:
    """The months of ``start``..``end`` inclusive, by days per calendar month (0 if end < start).

    The first and last calendar months count their days employed / days in the month; every
    calendar month in between counts 1.
    """
    if end < start:
        return Fraction(0)
    if (start.year, start.month) == (end.year, end.month):
        return Fraction((end - start).days + 1, _days_in_month(start))
    first_days = _days_in_month(start)
    first = Fraction(first_days - start.day + 1, first_days)
    last = Fraction(end.day, _days_in_month(end))
    between = (end.year * 12 + end.month) - (start.year * 12 + start.month) - 1
    return first + between + last


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Count:
    """The outcome of counting one placement: months in the period, months counted, cap reached."""

    in_period: Fraction
    counted: Fraction
    capped: bool


def count(
    start: date,
    end: date,
    *,
    cap: int | None,
    used: Fraction,
    free_until: date | None = None,
) -> Count:
    """Count ``start``..``end`` against ``cap`` months of which ``used`` are already taken.

    Days up to ``free_until`` (a running wage subsidy) count regardless of the cap; they still
    use it up. Later days count only as far as the cap still allows.
    """
    in_period = months_between(start, end)
    if cap is None:
        return Count(in_period=in_period, counted=in_period, capped=False)
    left = max(Fraction(cap) - used, Fraction(0))
    free = Fraction(0)
    if free_until is not None and free_until >= start:
        free = months_between(start, min(end, free_until))
        left = max(left - free, Fraction(0))
        start = free_until + timedelta(days=1)
    counted = free + min(months_between(start, end), left)
    return Count(in_period=in_period, counted=counted, capped=counted < in_period)
