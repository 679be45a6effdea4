"""What the directory measures for the programme's KPIs (objective O1: make impact visible).

Registered with ``core.kpis`` and found there by name; see that module for stocks and flows.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impactplein.core.kpis import COUNT, FLOW, STOCK, KpiSource, register
from impactplein.directory.constants import ProfileStatus, StoryStatus
from impactplein.directory.models import Certification, ImpactProfile, Story


def _published_profiles(end: date):  # type: ignore[no-untyped-def]
    """Profiles published on or before ``end`` that are published now."""
    return ImpactProfile.objects.filter(status=ProfileStatus.PUBLISHED, published_at__date__lte=end)


def published_profiles(start: date, end: date) -> Decimal:
    return Decimal(_published_profiles(end).count())


def certified_profiles(start: date, end: date) -> Decimal:
    # Valid on ``end`` as the showcase's certification filter counts it (expiring is still valid).
    valid = Certification.objects.filter(
        Q(valid_from__lte=end) & (Q(valid_until__isnull=True) | Q(valid_until__gte=end))
    )
    return Decimal(
        _published_profiles(end).filter(organisation_id__in=valid.values("organisation_id")).count()
    )


def stories_published(start: date, end: date) -> Decimal:
    return Decimal(
        Story.objects.filter(
            status=StoryStatus.PUBLISHED, published_at__date__gte=start, published_at__date__lte=end
        ).count()
    )


register(
    KpiSource(
        key="directory.published_profiles",
        label=_("Gepubliceerde impactondernemers"),
        unit=COUNT,
        compute=published_profiles,
        description=_(
            "Het aantal impactprofielen in de etalage op de laatste dag van de periode: "
            "gepubliceerd op of vóór die dag en nu nog gepubliceerd."
        ),
        app="directory",
        measure=STOCK,
    )
)
register(
    KpiSource(
        key="directory.certified_profiles",
        label=_("Impactondernemers met een geldige certificering"),
        unit=COUNT,
        compute=certified_profiles,
        description=_(
            "Het aantal gepubliceerde impactprofielen waarvan de organisatie op de laatste dag "
            "van de periode een geldige certificering of keurmerk heeft (zoals het filter van de "
            "etalage telt)."
        ),
        app="directory",
        measure=STOCK,
    )
)
register(
    KpiSource(
        key="directory.stories_published",
        label=_("Gepubliceerde verhalen"),
        unit=COUNT,
        compute=stories_published,
        description=_(
            "Het aantal inspiratieverhalen dat in de periode is gepubliceerd en nu nog "
            "gepubliceerd is."
        ),
        app="directory",
        measure=FLOW,
    )
)
