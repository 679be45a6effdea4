"""Counted months: how much of a placement's employment counts, in exact fractions of months.

Definitions (documented in ``docs/socialreturn.md``):

* The **counted period** is the overlap of the employment (start to end, both inclusive; no end
  means up to the contract's end) with the contract period (start to end, inclusive).
* Each **calendar month** of that period counts as *days employed in that month / days in that
  month*: a whole month is exactly 1, 1-15 April is 15/30 = 1/2, 1-14 February 2024 is 14/29.
  Summing gives the period's months; 1 January to 30 September is exactly 9.
* The **counting cap** (12 or 24 months) limits a candidate's counted months over *all* its
  placements, in the order they are valued; a block that counts *always* has no cap; a block
  that counts *while a wage subsidy runs* counts every day up to ``wage_subsidy_until`` without
  using up the cap being a limit, and after that day only what the cap still allows.

Fractions are exact (:class:`fractions.Fraction`), so a value is rounded once, at the end.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction


@dataclass(frozen=True)
class Segment:
    """Days ``start``..``end`` (inclusive) of one calendar month, as a fraction of that month."""

    start: date
    end: date

    @property
    def months(self) -> Fraction:
        days_in_month = calendar.monthrange(self.start.year, self.start.month)[1]
        return Fraction((self.end - self.start).days + 1, days_in_month)


def segments(start: date, end: date) -> list[Segment]:
    """The period ``start``..``end`` (inclusive) cut at month boundaries; empty if end < start."""
    result: list[Segment] = []
    current = start
    while current <= end:
        last_day = calendar.monthrange(current.year, current.month)[1]
        month_end = date(current.year, current.month, last_day)
        result.append(Segment(current, min(month_end, end)))
        current = month_end + timedelta(days=1)
    return result


def months_between(start: date, end: date) -> Fraction:
    """The months of ``start``..``end`` inclusive, by days per calendar month."""
    return sum((s.months for s in segments(start, end)), Fraction(0))


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

    Days up to ``free_until`` (a running wage subsidy) count regardless of the cap.
    """
    in_period = Fraction(0)
    counted = Fraction(0)
    left = None if cap is None else max(Fraction(cap) - used, Fraction(0))
    for segment in segments(start, end):
        in_period += segment.months
        parts = [segment]
        if free_until is not None and segment.start <= free_until < segment.end:
            parts = [
                Segment(segment.start, free_until),
                Segment(free_until + timedelta(days=1), segment.end),
            ]
        for part in parts:
            if free_until is not None and part.end <= free_until:
                counted += part.months
                if left is not None:
                    left = max(left - part.months, Fraction(0))
            elif left is None:
                counted += part.months
            else:
                take = min(part.months, left)
                counted += take
                left -= take
    return Count(in_period=in_period, counted=counted, capped=counted < in_period)
