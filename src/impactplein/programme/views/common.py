"""What the programme's views share: finding records and checking who asks."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import formats

from impactplein.programme import selectors
from impactplein.programme.models import ActionProgramme, Activity, Budget, Partnership

View = Callable[..., HttpResponse]
F = TypeVar("F", bound=forms.Form)


def partnership_or_404() -> Partnership:
    partnership = selectors.partnership_current()
    if partnership is None:
        raise Http404
    return partnership


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def programme_or_404(partnership: Partnership, year: int) -> ActionProgramme:
    try:
        return selectors.programme_get(partnership=partnership, year=year)
    except ActionProgramme.DoesNotExist as error:
        raise Http404 from error


def activity_or_404(pk: int) -> Activity:
    try:
        return selectors.activity_get(pk=pk)
    except Activity.DoesNotExist as error:
        raise Http404 from error


def budget_or_404(partnership: Partnership, year: int) -> Budget:
    try:
        return selectors.budget_get(partnership=partnership, year=year)
    except Budget.DoesNotExist as error:
        raise Http404 from error


def resubmittable(form_class: type[F], request: HttpRequest, version: int) -> F:
    """After a stale save: the author's own input, now on the current version. Nothing typed is
    lost, and saving again is a choice made after seeing what the other person saved."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data)
    form.is_valid()
    return form


def euro(value: Any) -> str:
    """An amount as a Dutch (or English) page shows it: € 150.000,00."""
    return "€\u00a0" + formats.number_format(
        value, decimal_pos=2, use_l10n=True, force_grouping=True
    )


def percent(value: Any) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=1, use_l10n=True) + "%"
