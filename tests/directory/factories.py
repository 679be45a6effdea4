"""Impact profiles, certifications and scan answers for the directory tests.

Records are made through the services, as the pages make them; organisations and users come from
the organisations factories.
"""

from datetime import date
from typing import Any

from impactplein.directory import scan
from impactplein.directory.constants import CertificationKind, ImpactModel
from impactplein.directory.models import Certification, ImpactProfile
from impactplein.directory.services import certification_add, profile_create
from impactplein.organisations.models import Organisation
from tests.organisations.factories import OrganisationFactory, UserFactory, grant, member

__all__ = [
    "OrganisationFactory",
    "UserFactory",
    "answers",
    "certification",
    "grant",
    "member",
    "profile",
]


def profile(organisation: Organisation | None = None, **fields: Any) -> ImpactProfile:
    values: dict[str, Any] = {
        "pitch": "Wij maken fietsen klaar voor hergebruik, met mensen die werk zoeken.",
        "story": "Begonnen in de Dordtse binnenstad.",
        "impact_models": [ImpactModel.EMPLOYMENT],
        "target_groups": ["statushouders"],
    }
    values.update(fields)
    return profile_create(actor=None, organisation=organisation or OrganisationFactory(), **values)


def certification(
    organisation: Organisation | None = None,
    *,
    kind: str = CertificationKind.B_CORP,
    level: str = "",
    valid_from: date = date(2026, 1, 1),
    valid_until: date | None = date(2028, 12, 31),
) -> Certification:
    return certification_add(
        actor=None,
        organisation=organisation or OrganisationFactory(),
        kind=kind,
        level=level,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def answers(value: int | None = 2, **overrides: int | None) -> dict[int, int | None]:
    """An answer for every question (``value``); ``q6=4`` overrides question 6."""
    result: dict[int, int | None] = {question.number: value for question in scan.QUESTIONS}
    for key, answer in overrides.items():
        result[int(key.removeprefix("q"))] = answer
    return result
