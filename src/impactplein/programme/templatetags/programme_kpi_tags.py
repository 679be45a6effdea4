"""Template filters of the KPI pages: a value in its unit, and the status of a target."""

from decimal import Decimal
from typing import Any

from django import template

from impactplein.programme.views.kpis import shown, status_label

register = template.Library()

BADGES = {True: "success", False: "danger", None: "neutral"}


@register.filter
def kpi_shown(value: Decimal | None, unit: str) -> str:
    return shown(value, unit)


@register.filter
def kpi_status(met: Any) -> str:
    return status_label(met)


@register.filter
def kpi_badge(met: Any) -> str:
    return BADGES.get(met, "neutral")
