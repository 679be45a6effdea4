"""Small schemes and contracts for the engine's tests, built from data in the file format."""

from datetime import date
from decimal import Decimal
from typing import Any

from impactplein.socialreturn.valuation import ContractTerms, Placement, Scheme, load_scheme


def scheme_data(**changes: Any) -> dict[str, Any]:
    """A minimal valid scheme file: 36 h, 5% from €100,000, one Participatiewet block of €40,000."""
    data: dict[str, Any] = {
        "format": 1,
        "slug": "test",
        "version": "1",
        "name": "Test scheme",
        "base_hours": 36,
        "obligation": {
            "base": "contract_value",
            "percentage": 5,
            "thresholds": {"works": 100000, "services": 100000, "supplies": None},
        },
        "target_groups": [{"code": "pw", "label": "Participatiewet"}],
        "blocks": [
            {
                "code": "pw",
                "kind": "placement",
                "label": "Participatiewet",
                "unit": "per_year_fte",
                "amount": 40000,
                "target_group": "pw",
            }
        ],
    }
    data.update(changes)
    return data


def scheme(**changes: Any) -> Scheme:
    return load_scheme(scheme_data(**changes))


def obligation_scheme(**rule: Any) -> Scheme:
    """The minimal scheme with its obligation rule changed by ``rule``."""
    base = scheme_data()["obligation"]
    return scheme(obligation={**base, **rule})


def terms(
    value: str | int = 1000000,
    *,
    contract_type: str = "works",
    start: date = date(2024, 1, 1),
    end: date = date(2025, 12, 31),
    **more: Any,
) -> ContractTerms:
    return ContractTerms(
        reference="T-1",
        contract_type=contract_type,
        value=Decimal(value),
        start=start,
        end=end,
        **more,
    )


def placement(
    hours: str | int = 36,
    start: date = date(2024, 1, 1),
    end: date | None = None,
    *,
    id: str = "P-1",
    candidate: str = "K-1",
    target_group: str = "pw",
    **more: Any,
) -> Placement:
    return Placement(
        id=id,
        candidate=candidate,
        target_group=target_group,
        hours_per_week=Decimal(hours),
        start=start,
        end=end,
        **more,
    )
