"""Buy Social: how much of the municipality's spend goes to social enterprises and PSO holders.

A supplier counts as a **social enterprise** for a period when its organisation record is of the
kind social enterprise, or when it holds a Code Sociale Ondernemingen registration or a Social
Enterprise NL membership that is valid on the period's last day (domain note §3.2–3.3). It counts
as **PSO-certified** when it holds a PSO certificate at basis level or a trede (1–3, 30+) valid on
that day; *aspirant* is left out, since an aspirant does not meet the norm yet (§3.1).
A certification is valid on a day from its first to its last day, both included, as the
directory's ``certifications.status_on`` has it. Lines whose KvK number matches no organisation
count in the total spend and in neither share.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum

from impactplein.directory.constants import CertificationKind, CertificationLevel
from impactplein.directory.models import Certification
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.models import SpendImport, SpendLine

ZERO = Decimal("0")
SOCIAL_CERTIFICATIONS = (
    CertificationKind.CODE_SOCIALE_ONDERNEMINGEN,
    CertificationKind.SOCIAL_ENTERPRISE_NL,
)
PSO_COUNTED_LEVELS = (
    CertificationLevel.PSO_BASIS,
    CertificationLevel.PSO_TREDE_1,
    CertificationLevel.PSO_TREDE_2,
    CertificationLevel.PSO_TREDE_3,
    CertificationLevel.PSO_30_PLUS,
)


def _share(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return ZERO
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _valid_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def social_enterprise_ids(organisation_ids: Iterable[int], day: date) -> set[int]:
    """Those of ``organisation_ids`` that count as a social enterprise on ``day`` (two queries)."""
    ids = set(organisation_ids)
    by_kind = set(
        Organisation.objects.filter(
            pk__in=ids, kind=OrganisationKind.SOCIAL_ENTERPRISE
        ).values_list("pk", flat=True)
    )
    certified = set(
        Certification.objects.filter(
            _valid_on(day), organisation_id__in=ids, kind__in=SOCIAL_CERTIFICATIONS
        ).values_list("organisation_id", flat=True)
    )
    return by_kind | certified


def pso_certified_ids(organisation_ids: Iterable[int], day: date) -> dict[int, str]:
    """Those of ``organisation_ids`` with a counted PSO certificate on ``day``, with its level
    (the highest when there are several)."""
    order = {level.value: index for index, level in enumerate(PSO_COUNTED_LEVELS)}
    found: dict[int, str] = {}
    for pk, level in Certification.objects.filter(
        _valid_on(day),
        organisation_id__in=set(organisation_ids),
        kind=CertificationKind.PSO,
        level__in=PSO_COUNTED_LEVELS,
    ).values_list("organisation_id", "level"):
        if pk not in found or order[level] > order[found[pk]]:
            found[pk] = level
    return found


@dataclass(frozen=True)
class SpendFigures:
    """The spend of one import (a period) or of several, and the Buy Social shares of it."""

    total: Decimal
    social_enterprise: Decimal
    pso: Decimal
    matched: Decimal  # spend with suppliers the directory knows
    suppliers: int
    unmatched_suppliers: int

    @property
    def social_enterprise_share(self) -> Decimal:
        return _share(self.social_enterprise, self.total)

    @property
    def pso_share(self) -> Decimal:
        return _share(self.pso, self.total)


@dataclass(frozen=True)
class SpendSupplier:
    kvk_number: str
    name: str  # the name in the file, or the organisation's
    organisation_id: int | None
    organisation_name: str
    amount: Decimal
    social_enterprise: bool
    pso_level: str  # "" when not PSO-certified


@dataclass(frozen=True)
class SpendPeriod:
    spend_import: SpendImport
    figures: SpendFigures


def _lines(spend_import: SpendImport) -> list[tuple[str, str, int | None, str, Decimal]]:
    return list(
        SpendLine.objects.filter(spend_import=spend_import)
        .order_by("-amount", "kvk_number")
        .values_list(
            "kvk_number", "supplier_name", "organisation_id", "organisation__name", "amount"
        )
    )


def _figures(
    lines: list[tuple[str, str, int | None, str, Decimal]], day: date
) -> tuple[SpendFigures, list[SpendSupplier]]:
    ids = {org for _kvk, _name, org, _org_name, _amount in lines if org}
    social = social_enterprise_ids(ids, day)
    pso = pso_certified_ids(ids, day)
    suppliers = [
        SpendSupplier(
            kvk_number=kvk,
            name=name or (org_name or ""),
            organisation_id=org,
            organisation_name=org_name or "",
            amount=amount,
            social_enterprise=org in social,
            pso_level=pso.get(org, "") if org else "",
        )
        for kvk, name, org, org_name, amount in lines
    ]
    figures = SpendFigures(
        total=sum((s.amount for s in suppliers), ZERO),
        social_enterprise=sum((s.amount for s in suppliers if s.social_enterprise), ZERO),
        pso=sum((s.amount for s in suppliers if s.pso_level), ZERO),
        matched=sum((s.amount for s in suppliers if s.organisation_id), ZERO),
        suppliers=len(suppliers),
        unmatched_suppliers=sum(1 for s in suppliers if not s.organisation_id),
    )
    return figures, suppliers


def spend_import_detail(spend_import: SpendImport) -> tuple[SpendFigures, list[SpendSupplier]]:
    """The figures of one import and every supplier line with its status on the period's end."""
    return _figures(_lines(spend_import), spend_import.period_end)


def spend_imports() -> QuerySet[SpendImport]:
    return SpendImport.objects.order_by("period_end", "period_start", "pk")


def spend_periods() -> list[SpendPeriod]:
    """Every import, oldest period first, with its figures."""
    return [
        SpendPeriod(spend_import, spend_import_detail(spend_import)[0])
        for spend_import in spend_imports()
    ]


@dataclass(frozen=True)
class BuySocialShare:
    period_start: date
    period_end: date
    imports: int
    figures: SpendFigures


def buy_social_share(period_start: date, period_end: date) -> BuySocialShare:
    """The Buy Social figures over every import whose period lies within the given dates.

    Each import's suppliers are judged on its own period's last day, then the amounts are added,
    so the share is spend-weighted over the periods (for the programme's KPIs).
    """
    imports = list(
        SpendImport.objects.filter(
            period_start__gte=period_start, period_end__lte=period_end
        ).order_by("period_end", "pk")
    )
    total = social = pso = matched = ZERO
    suppliers = unmatched = 0
    for spend_import in imports:
        figures, _suppliers = spend_import_detail(spend_import)
        total += figures.total
        social += figures.social_enterprise
        pso += figures.pso
        matched += figures.matched
        suppliers += figures.suppliers
        unmatched += figures.unmatched_suppliers
    return BuySocialShare(
        period_start=period_start,
        period_end=period_end,
        imports=len(imports),
        figures=SpendFigures(total, social, pso, matched, suppliers, unmatched),
    )


def total_spend(spend_import: SpendImport) -> Decimal:
    return SpendLine.objects.filter(spend_import=spend_import).aggregate(
        total=Sum("amount", default=ZERO)
    )["total"]
