"""What the social-return monitor measures for the programme's KPIs (objective O3).

Registered with ``core.kpis`` and found there by name; see that module for stocks and flows.
The realised value is summed by the dashboards' own totals (``selectors.dashboards``) and the
Buy Social share is the spend selector's, so the KPI equals what those pages show.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from impactplein.core.kpis import EURO, FLOW, PERCENT, KpiSource, register
from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import Contract, FulfilmentEntry
from impactplein.socialreturn.selectors import dashboards, spend

ZERO = Decimal("0")


def obligation_awarded(start: date, end: date) -> Decimal:
    total = Contract.objects.filter(awarded_on__gte=start, awarded_on__lte=end).aggregate(
        total=Sum("obligation", default=ZERO)
    )["total"]
    return Decimal(total)


def realised_value(start: date, end: date) -> Decimal:
    entries = FulfilmentEntry.objects.filter(
        status=EntryStatus.APPROVED, decided_at__date__gte=start, decided_at__date__lte=end
    )
    return sum((kind.approved for kind in dashboards.kind_totals(entries)), ZERO)


def buy_social_share(start: date, end: date) -> Decimal:
    return spend.buy_social_share(start, end).figures.social_enterprise_share


register(
    KpiSource(
        key="socialreturn.obligation_awarded",
        label=_("Social-returnverplichting van gegunde contracten"),
        unit=EURO,
        compute=obligation_awarded,
        description=_(
            "De som van de social-returnverplichtingen van de contracten die in de periode zijn "
            "gegund (gunningsdatum in de periode), in euro."
        ),
        app="socialreturn",
        measure=FLOW,
    )
)
register(
    KpiSource(
        key="socialreturn.realised_value",
        label=_("Gerealiseerde social return (goedgekeurd)"),
        unit=EURO,
        compute=realised_value,
        description=_(
            "De waarde van de invullingen die in de periode zijn goedgekeurd (datum van het "
            "besluit in de periode), in euro."
        ),
        app="socialreturn",
        measure=FLOW,
    )
)
register(
    KpiSource(
        key="socialreturn.buy_social_share",
        label=_("Aandeel Buy Social in de inkoop"),
        unit=PERCENT,
        compute=buy_social_share,
        description=_(
            "Het aandeel van de inkoopuitgaven bij sociale ondernemingen, over de "
            "uitgavenbestanden waarvan de periode binnen deze periode valt, in procenten."
        ),
        app="socialreturn",
        measure=FLOW,
    )
)
