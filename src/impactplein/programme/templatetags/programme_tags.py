"""Template filters of the programme's pages: money, percentages and status badges."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from impactplein.programme.constants import ActivityStatus
from impactplein.programme.models import EvaluationDecision
from impactplein.programme.views.common import euro as _euro
from impactplein.programme.views.common import percent as _percent

register = template.Library()

BADGES = {
    ActivityStatus.PLANNED: "neutral",
    ActivityStatus.RUNNING: "info",
    ActivityStatus.DONE: "success",
    ActivityStatus.POSTPONED: "neutral",  # the theme's warning badge lacks contrast
    ActivityStatus.STOPPED: "danger",
}


@register.filter
def euro(value: Any) -> str:
    return _euro(value)


@register.filter
def percent(value: Any) -> str:
    return _percent(value)


@register.filter
def status_badge(status: str) -> str:
    return BADGES.get(status, "neutral")  # type: ignore[call-overload]


DECISION_BADGES = {
    EvaluationDecision.CONTINUE: "success",
    EvaluationDecision.ADJUST: "info",
    EvaluationDecision.STOP: "danger",
}


@register.filter
def decision_badge(decision: str) -> str:
    return DECISION_BADGES.get(decision, "neutral")  # type: ignore[call-overload]


@register.filter
def decision_label(decision: str) -> str:
    """The decision in words; "nog geen besluit" while there is none."""
    if decision in EvaluationDecision.values:
        return str(EvaluationDecision(decision).label)
    return str(_("nog geen besluit"))
