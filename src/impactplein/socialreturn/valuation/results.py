"""The results the engine returns, and how their figures are written in steps and inputs.

Amounts are whole euros as :class:`~decimal.Decimal`. ``inputs`` hold plain JSON types (numbers as
strings), so a caller can store them beside the figure and show later how it came about. The
``explanation`` of a result is a tuple of :class:`~.explain.Step` (a code and its parameters) that
:func:`~.explain.render_steps` writes in Dutch or English; ``steps`` is that explanation in
English, derived from it so the two cannot differ.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .explain import Step, money, render_steps, step


@dataclass(frozen=True)
class ObligationResult:
    """A contract's obligation in whole euros, with the inputs and steps that produced it."""

    amount: Decimal
    scheme: str
    inputs: Mapping[str, Any]
    explanation: tuple[Step, ...]
    steps: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(render_steps(self.explanation, "en")))


@dataclass(frozen=True)
class ItemValue:
    """What one item counts for, in whole euros, with the inputs and steps that produced it."""

    item_id: str
    kind: str
    block: str
    amount: Decimal
    inputs: Mapping[str, Any]
    explanation: tuple[Step, ...]
    steps: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(render_steps(self.explanation, "en")))


@dataclass(frozen=True)
class Evaluation:
    """A contract's obligation, its items' values and what is realised, remaining and surplus."""

    scheme: str
    contract: str
    obligation: ObligationResult
    items: tuple[ItemValue, ...]
    realised: Decimal
    remaining: Decimal
    surplus: Decimal

    def as_json(self, language: str = "en") -> dict[str, Any]:
        """The evaluation as plain JSON types (amounts as whole-euro integers), with ``steps``
        written in ``language`` and each ``explanation`` as ``[{"code": …, "params": {…}}]``."""
        return {
            "scheme": self.scheme,
            "contract": self.contract,
            "obligation": {
                "amount": int(self.obligation.amount),
                "inputs": dict(self.obligation.inputs),
                "steps": render_steps(self.obligation.explanation, language),
                "explanation": [s.as_json() for s in self.obligation.explanation],
            },
            "items": [
                {
                    "id": item.item_id,
                    "kind": item.kind,
                    "block": item.block,
                    "amount": int(item.amount),
                    "inputs": dict(item.inputs),
                    "steps": render_steps(item.explanation, language),
                    "explanation": [s.as_json() for s in item.explanation],
                }
                for item in self.items
            ],
            "realised": int(self.realised),
            "remaining": int(self.remaining),
            "surplus": int(self.surplus),
        }


def whole_euros(value: Fraction) -> Decimal:
    """``value`` rounded to whole euros, halves up (``ROUND_HALF_UP``: 2.5 → 3, −2.5 → −3).

    The value is exact (a fraction), so the rounding is decided on the exact amount.
    """
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return Decimal(magnitude if value >= 0 else -magnitude)


def show(value: Fraction | Decimal | int) -> str:
    """A number for a step or an input: exact when whole, else to 4 decimals."""
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    shown = (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    return format(shown.normalize(), "f")


def euros(value: Fraction | Decimal | int) -> str:
    """An amount as English steps write it: ``€40,000`` (or ``€1,234.56`` when not whole)."""
    return "€" + format(Decimal(money(value)), ",")


def value_step(exact: Fraction, rounded: Decimal) -> Step:
    """The last step of an item: its value, and its rounding when that changed it."""
    if exact == Fraction(rounded):
        return step("item.value", amount=money(rounded))
    return step("item.value_rounded", exact=money(exact), amount=money(rounded))
