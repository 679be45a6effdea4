"""A small partnership of the letter for the programme tests, built through the services."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from impactplein.organisations.constants import LegalForm, OrganisationKind
from impactplein.programme import services
from impactplein.programme.models import ActionProgramme, Activity, Objective, Partner, Partnership
from tests.organisations.factories import OrganisationFactory, UserFactory, grant, member

__all__ = ["Setup", "UserFactory", "activity", "grant", "member", "setup"]


@dataclass
class Setup:
    partnership: Partnership
    partners: dict[str, Partner]
    objectives: dict[str, Objective]
    programme: ActionProgramme


def setup(*, start_year: int = 2026, year: int | None = None) -> Setup:
    """Two partners (MBO, WSP), objectives O1 (all together) and O4 (WSP), a draft programme."""
    partnership = services.partnership_create(
        actor=None, name="Ondernemen met impact", start_year=start_year, duration_years=5
    )
    partners = {}
    for index, short in enumerate(("MBO", "WSP")):
        organisation = OrganisationFactory(
            name=f"Partner {short}",
            kind=OrganisationKind.PROGRAMME_PARTNER,
            legal_form=LegalForm.STICHTING,
        )
        partners[short] = services.partner_add(
            actor=None,
            partnership=partnership,
            organisation=organisation,
            short_name=short,
            order=index,
        )
    objectives = {
        "O1": services.objective_add(
            actor=None,
            partnership=partnership,
            code="O1",
            title="Zichtbaarheid",
            shared_by_all=True,
        ),
        "O4": services.objective_add(
            actor=None,
            partnership=partnership,
            code="O4",
            title="Inclusief werkgeverschap",
            owners=[partners["WSP"]],
            order=4,
        ),
    }
    programme = services.programme_create(
        actor=None, partnership=partnership, year=year or start_year
    )
    return Setup(partnership, partners, objectives, programme)


def activity(made: Setup, **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "objective": made.objectives["O1"],
        "partner": made.partners["MBO"],
        "title": "Etalage van impactondernemers",
        "progress": 0,
        "weight": Decimal("1"),
    }
    values.update(fields)
    programme = values.pop("programme", made.programme)
    return services.activity_create(actor=None, programme=programme, **values)
