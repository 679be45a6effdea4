"""When a certification counts, and when its holder must be reminded; no Django import.

A certification is valid from ``valid_from`` up to and including ``valid_until``; without an end
date it stays valid. While at most ``warn_days`` days remain until its end date it is *expiring*,
and that is when the organisation is reminded to renew it. The levels a kind of certification may
carry are listed here too, so a form, the admin and an import apply the same rule: PSO has its rungs
(aspirant, basis, trede 1-3, 30+; domain note ``social-return-and-employment.md`` §3), the
CO2-prestatieladder its levels 1-5, and the other kinds have no level at all.
"""

from collections.abc import Collection
from datetime import date, timedelta
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    CODE_SOCIALE_ONDERNEMINGEN = "code_sociale_ondernemingen"
    SOCIAL_ENTERPRISE_NL = "social_enterprise_nl"
    B_CORP = "b_corp"
    PSO = "pso"
    CO2_PRESTATIELADDER = "co2_prestatieladder"
    ISO_26000 = "iso_26000"


class Status(StrEnum):
    NOT_YET_VALID = "not_yet_valid"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


PSO_LEVELS: Final[tuple[str, ...]] = (
    "aspirant",
    "basis",
    "trede_1",
    "trede_2",
    "trede_3",
    "30plus",
)
CO2_LEVELS: Final[tuple[str, ...]] = ("1", "2", "3", "4", "5")
LEVELS_BY_KIND: Final[dict[Kind, tuple[str, ...]]] = {
    Kind.CODE_SOCIALE_ONDERNEMINGEN: (),
    Kind.SOCIAL_ENTERPRISE_NL: (),
    Kind.B_CORP: (),
    Kind.PSO: PSO_LEVELS,
    Kind.CO2_PRESTATIELADDER: CO2_LEVELS,
    Kind.ISO_26000: (),
}

# Remind the organisation this many days before the end of its certification.
DEFAULT_WARN_DAYS: Final = 60


class LevelProblem(StrEnum):
    REQUIRED = "required"
    NOT_ALLOWED = "not_allowed"
    UNKNOWN = "unknown"


def level_problem(kind: str, level: str) -> LevelProblem | None:
    """What is wrong with ``level`` for a certification of ``kind``, or ``None`` when it fits."""
    allowed = LEVELS_BY_KIND[Kind(kind)]
    if not allowed:
        return LevelProblem.NOT_ALLOWED if level else None
    if not level:
        return LevelProblem.REQUIRED
    return None if level in allowed else LevelProblem.UNKNOWN


def status_on(
    day: date,
    valid_from: date,
    valid_until: date | None,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> Status:
    """The status of a certification valid from ``valid_from`` to ``valid_until`` (inclusive)."""
    if warn_days < 0:
        raise ValueError("warn_days cannot be negative")
    if valid_until is not None and valid_until < valid_from:
        raise ValueError("A certification cannot end before it starts")
    if day < valid_from:
        return Status.NOT_YET_VALID
    if valid_until is None:
        return Status.VALID
    if day > valid_until:
        return Status.EXPIRED
    if valid_until - day <= timedelta(days=warn_days):
        return Status.EXPIRING
    return Status.VALID


def needs_reminder(
    day: date,
    valid_from: date,
    valid_until: date | None,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> bool:
    """Whether the holder should be reminded on ``day`` to renew: only while it is expiring."""
    return status_on(day, valid_from, valid_until, warn_days) is Status.EXPIRING


# Remind the members this many days before the end date; each threshold at most once.
REMINDER_DAYS: Final[tuple[int, ...]] = (60, 30, 7)


def reminder_due(
    day: date,
    valid_from: date,
    valid_until: date | None,
    sent: Collection[int] = (),
    thresholds: Collection[int] = REMINDER_DAYS,
) -> int | None:
    """The threshold (days before the end) to remind the holder of on ``day``, or ``None``.

    Only the tightest threshold reached counts: a certification added 20 days before its end gets
    the 30-day reminder, not the 60-day one as well. Nothing is due once a threshold at or below
    it was sent, before the certification starts, after it ended, or without an end date.
    """
    if valid_until is None or day < valid_from or day > valid_until:
        return None
    days_left = (valid_until - day).days
    reached = [threshold for threshold in thresholds if days_left <= threshold]
    if not reached:
        return None
    tightest = min(reached)
    if any(threshold <= tightest for threshold in sent):
        return None
    return tightest
