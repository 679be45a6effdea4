"""Reads of valuation schemes: the list with its contract counts, the scheme valid on a day."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactplein.socialreturn import valuation
from impactplein.socialreturn.constants import SchemeStatus
from impactplein.socialreturn.models import ValuationScheme


def scheme_list() -> QuerySet[ValuationScheme]:
    """Every scheme with ``contract_count``: the contracts pinned to it."""
    return ValuationScheme.objects.annotate(contract_count=Count("contracts")).order_by(
        "name", "-valid_from", "version", "pk"
    )


def published_schemes() -> QuerySet[ValuationScheme]:
    return ValuationScheme.objects.filter(status=SchemeStatus.PUBLISHED).order_by(
        "name", "-valid_from", "version", "pk"
    )


def scheme_valid_on(day: date, *, region: str = "") -> ValuationScheme | None:
    """The published scheme valid on ``day`` (latest ``valid_from`` first); a region narrows it.

    Without a region, a Drechtsteden scheme wins (the project's own region), then any other.
    """
    candidates = published_schemes().filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_until__isnull=True) | Q(valid_until__gte=day),
    )
    if region:
        candidates = candidates.filter(region__icontains=region)
    ordered = sorted(
        candidates,
        key=lambda s: (
            "drechtsteden" not in s.slug,
            -(s.valid_from.toordinal() if s.valid_from else 0),
            s.name,
        ),
    )
    return ordered[0] if ordered else None


KIND_LABELS = {
    "placement": gettext_lazy("plaatsing"),
    "internship": gettext_lazy("stage"),
    "bbl": gettext_lazy("BBL-leerwerkplek"),
    "bol": gettext_lazy("BOL-stage"),
    "work_experience": gettext_lazy("werkervaringsplaats"),
    "bonus": gettext_lazy("bonus"),
    "purchase": gettext_lazy("inkoop"),
    "activity": gettext_lazy("maatschappelijke activiteit"),
    "cost_item": gettext_lazy("kostenpost"),
}
UNIT_LABELS = {
    "per_year_fte": gettext_lazy("per jaar bij voltijd"),
    "per_month": gettext_lazy("per maand"),
    "per_hour": gettext_lazy("per uur"),
    "per_day_max": gettext_lazy("per dag (maximum)"),
    "actual_cost": gettext_lazy("werkelijke kosten"),
    "invoice_excl_vat": gettext_lazy("factuurbedrag excl. btw"),
    "wage_cost": gettext_lazy("loonkosten"),
}
CONDITION_LABELS = {
    "age": gettext_lazy("leeftijd"),
    "permanent_contract": gettext_lazy("vast contract"),
    "status_holder": gettext_lazy("statushouder"),
    "claimed": gettext_lazy("op verzoek"),
}
BASE_LABELS = {
    "contract_value": gettext_lazy("opdrachtwaarde"),
    "tender_sum": gettext_lazy("inschrijfsom"),
    "wage_sum": gettext_lazy("loonsom"),
    "invoiced_turnover": gettext_lazy("gefactureerde omzet"),
}


@dataclass(frozen=True)
class BlockRow:
    code: str
    kind: str
    label: str
    target_group: str
    amount: Decimal
    unit: str
    counting: str
    bonus: str


def _counting(block: valuation.Block) -> str:
    parts = []
    if block.count_always:
        parts.append(_("altijd"))
    if block.max_count_months:
        parts.append(_("max. %(months)s maanden") % {"months": block.max_count_months})
    if block.count_while_wage_subsidy:
        parts.append(_("zolang loonkostensubsidie loopt"))
    if block.min_hours_per_week:
        parts.append(_("min. %(hours)s uur per week") % {"hours": block.min_hours_per_week})
    return ", ".join(parts)


def scheme_blocks(definition: Any) -> tuple[valuation.Scheme | None, list[BlockRow]]:
    """The scheme as the engine reads it and its blocks as table rows ((None, []) if invalid)."""
    try:
        scheme = valuation.load_scheme(definition)
    except valuation.InvalidScheme:
        return None, []
    groups = dict(scheme.target_groups())
    rows = []
    for block in scheme.blocks:
        bonus = ""
        if block.kind == "bonus":
            condition = str(CONDITION_LABELS.get(block.condition, block.condition))
            flags = [condition + (f" ≥ {block.min_age}" if block.min_age else "")]
            flags.append(_("naar rato") if block.prorated else _("niet naar rato"))
            if block.tier_group:
                flags.append(_("tredegroep %(group)s") % {"group": block.tier_group})
            bonus = ", ".join(flags)
        rows.append(
            BlockRow(
                code=block.code,
                kind=str(KIND_LABELS.get(block.kind, block.kind)),
                label=block.label,
                target_group=groups.get(block.target_group, block.target_group),
                amount=block.amount,
                unit=str(UNIT_LABELS.get(block.unit, block.unit)),
                counting=_counting(block),
                bonus=bonus,
            )
        )
    return scheme, rows
