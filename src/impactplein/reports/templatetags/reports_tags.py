"""Template filters of the reports: a KPI's value and status as the KPI pages write them."""

from decimal import Decimal

from django import template

from impactplein.reports import presentation

register = template.Library()


@register.filter
def report_kpi(value: Decimal | None, unit: str) -> str:
    return presentation.kpi_text(value, unit)


@register.filter
def report_status(met: bool | None) -> str:
    return presentation.status_text(met)
