"""Correcting a manual KPI value: the coordinator changes its number, date or note over the
version they saw; a stale form shows what is saved now beside what they typed and writes
nothing."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from impactplein.programme.forms_kpis import KpiValueEditForm
from impactplein.programme.models import KpiDefinition, KpiValue
from impactplein.programme.selectors import kpis as kpi_selectors
from impactplein.programme.services import kpis as kpi_services
from impactplein.programme.views.common import require
from impactplein.programme.views.kpis import shown


def _entry_or_404(pk: int, value_pk: int) -> tuple[KpiDefinition, KpiValue]:
    try:
        definition = kpi_selectors.kpi_get(pk=pk)
    except KpiDefinition.DoesNotExist as error:
        raise Http404 from error
    entry = kpi_selectors.values_of(definition).filter(pk=value_pk).first()
    if entry is None:
        raise Http404
    return definition, entry


def _kpi_url(definition: KpiDefinition, year: int) -> str:
    return f"{reverse('programme:kpi', args=[definition.pk])}?jaar={year}"


def _conflicts(
    definition: KpiDefinition, current: KpiValue, typed: dict[str, Any]
) -> list[dict[str, str]]:
    """What is saved now beside what the writer typed, field by field."""

    def day(value: Any) -> str:
        return formats.date_format(value, "j F Y")

    rows = [
        ("date", _("Datum van de meting"), day(current.date), day(typed["date"])),
        (
            "value",
            _("Waarde"),
            shown(current.value, definition.unit),
            shown(Decimal(typed["value"]), definition.unit),
        ),
        ("note", _("Toelichting"), current.note or "–", typed["note"].strip() or "–"),
    ]
    return [
        {"name": name, "id": f"id_{name}", "label": label, "saved": saved, "typed": mine}
        for name, label, saved, mine in rows
    ]


@login_required
def kpi_value_edit(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    definition, entry = _entry_or_404(pk, value_pk)
    partnership = definition.objective.partnership
    # Correcting a value is the coordinator's, like entering one.
    require(request, "programme.change_kpivalue", partnership)
    back = _kpi_url(definition, entry.date.year)
    if definition.is_computed:
        messages.error(
            request,
            _(
                "Deze KPI wordt berekend uit de gegevens van het platform; een met de hand "
                "ingevoerde waarde kan niet worden gewijzigd."
            ),
        )
        return redirect(back)
    form = KpiValueEditForm(request.POST or None, entry=entry)
    conflicts: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = kpi_services.kpi_value_update(
                actor=request.user,
                entry=entry,
                expected_version=form.cleaned_data["version"],
                date=form.cleaned_data["date"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except kpi_services.StaleKpiError as refused:
            current: Any = refused.current
            conflicts = _conflicts(definition, current, form.cleaned_data)
            entry = current
            form = KpiValueEditForm(entry=current)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De waarde is gecorrigeerd."))
            return redirect(_kpi_url(definition, saved.date.year))
    return render(
        request,
        "programme/kpis/value_form.html",
        {
            "definition": definition,
            "entry": entry,
            "entry_shown": shown(entry.value, definition.unit),
            "form": form,
            "stale": bool(conflicts),
            "conflicts": conflicts,
            "cancel_url": back,
        },
        status=409 if conflicts else (400 if form.errors else 200),
    )
