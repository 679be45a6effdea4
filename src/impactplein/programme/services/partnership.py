"""Setting up the partnership: its period, partners, objectives and executing team."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from impactplein.organisations.models import Organisation
from impactplein.programme.constants import DEFAULT_REEVALUATION_AFTER_YEARS
from impactplein.programme.models import Objective, Partner, Partnership, TeamMember


def _save(record: Model, actor: Model | None) -> None:
    record.full_clean()
    record._history_user = actor  # type: ignore[attr-defined]
    record.save()


@transaction.atomic
def partnership_create(
    *,
    actor: Model | None,
    name: str,
    start_year: int,
    duration_years: int,
    ambition: str = "",
    reevaluation_after_years: int = DEFAULT_REEVALUATION_AFTER_YEARS,
) -> Partnership:
    """Start a partnership of 4 or 5 calendar years from ``start_year``."""
    partnership = Partnership(
        name=name.strip(),
        start_year=start_year,
        duration_years=duration_years,
        ambition=ambition.strip(),
        reevaluation_after_years=reevaluation_after_years,
    )
    _save(partnership, actor)
    return partnership


@transaction.atomic
def partner_add(
    *,
    actor: Model | None,
    partnership: Partnership,
    organisation: Organisation,
    short_name: str,
    role: str = "",
    order: int = 0,
) -> Partner:
    """Let ``organisation`` take part in ``partnership`` under ``short_name``."""
    if partnership.partners.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("Deze organisatie is al partner in deze samenwerking.")}
        )
    if partnership.partners.filter(short_name=short_name.strip()).exists():
        raise ValidationError({"short_name": _("Een andere partner heeft deze korte naam al.")})
    partner = Partner(
        partnership=partnership,
        organisation=organisation,
        short_name=short_name.strip(),
        role=role.strip(),
        order=order,
    )
    _save(partner, actor)
    return partner


@transaction.atomic
def objective_add(
    *,
    actor: Model | None,
    partnership: Partnership,
    code: str,
    title: str,
    description: str = "",
    owners: Iterable[Partner] = (),
    shared_by_all: bool = False,
    order: int = 0,
) -> Objective:
    """Add an objective owned by the given partners, or by all partners together.

    Exactly one of the two: an objective of all partners names no owners (so a partner joining
    later shares it as well); any other objective names at least one owner.
    """
    owners = list(owners)
    if shared_by_all and owners:
        raise ValidationError(
            {"owners": _("Een doel van alle partners samen noemt geen afzonderlijke eigenaren.")}
        )
    if not shared_by_all and not owners:
        raise ValidationError(
            {"owners": _("Kies de partner(s) die eigenaar zijn, of 'alle partners samen'.")}
        )
    if any(owner.partnership_id != partnership.pk for owner in owners):
        raise ValidationError({"owners": _("Deze partner hoort niet bij deze samenwerking.")})
    if partnership.objectives.filter(code=code.strip()).exists():
        raise ValidationError({"code": _("Er is al een doel met deze code.")})
    objective = Objective(
        partnership=partnership,
        code=code.strip(),
        title=title.strip(),
        description=description.strip(),
        shared_by_all=shared_by_all,
        order=order,
    )
    _save(objective, actor)
    objective.owners.set(owners)
    return objective


@transaction.atomic
def team_member_add(
    *,
    actor: Model | None,
    partnership: Partnership,
    partner: Partner,
    role_description: str,
    user: Model | None = None,
    order: int = 0,
) -> TeamMember:
    """Add a post to the executing team, seconded by ``partner``."""
    if partner.partnership_id != partnership.pk:
        raise ValidationError({"partner": _("Deze partner hoort niet bij deze samenwerking.")})
    member = TeamMember(
        partnership=partnership,
        partner=partner,
        role_description=role_description.strip(),
        user=user,
        order=order,
    )
    _save(member, actor)
    return member
