"""The KPI pages: the list per objective, a KPI's series with chart, targets, values and
narratives, the coordinator's forms, and the export of the table (same numbers as the page)."""

import io
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from impactplein.core import charts, tabular
from impactplein.programme.forms_kpis import (
    KpiDefinitionForm,
    KpiNarrativeForm,
    KpiTargetForm,
    KpiValueForm,
)
from impactplein.programme.models import KpiDefinition, KpiUnit, Partnership
from impactplein.programme.selectors import kpis as kpi_selectors
from impactplein.programme.services import kpis as kpi_services
from impactplein.programme.views.common import euro, partnership_or_404, percent, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_COLUMNS = (
    ("doel", "doel"),
    ("kpi", "kpi"),
    ("eenheid", "eenheid"),
    ("richting", "richting"),
    ("bron", "bron"),
    ("q1", "kwartaal 1"),
    ("q2", "kwartaal 2"),
    ("q3", "kwartaal 3"),
    ("q4", "kwartaal 4"),
    ("jaar", "jaar"),
    ("streefwaarde", "streefwaarde"),
    ("gehaald", "gehaald"),
)
EXPORT_HEADERS = tuple(header for _key, header in EXPORT_COLUMNS)


# --- formatting ----------------------------------------------------------------------------------


def shown(value: Decimal | None, unit: str) -> str:
    """A KPI value as the pages show it (Dutch or English number format)."""
    if value is None:
        return "–"
    if unit == KpiUnit.EURO:
        return euro(value)
    if unit == KpiUnit.PERCENT:
        return percent(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def plain(value: Decimal | None) -> str:
    """A value in a file: digits with a decimal comma, no grouping; empty when there is none."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def status_label(met: bool | None) -> str:
    return str(kpi_selectors.STATUS_LABELS[met])


# --- helpers -------------------------------------------------------------------------------------


def _year(request: HttpRequest, partnership: Partnership) -> int:
    years = list(partnership.years)
    try:
        wanted = int(request.GET.get("jaar", ""))
    except ValueError:
        wanted = timezone.localdate().year
    if wanted in years:
        return wanted
    return min(max(timezone.localdate().year, years[0]), years[-1])


def _definition_or_404(pk: int) -> KpiDefinition:
    try:
        return kpi_selectors.kpi_get(pk=pk)
    except KpiDefinition.DoesNotExist as error:
        raise Http404 from error


def _chart(series: kpi_selectors.KpiSeries) -> dict[str, Any]:
    definition = series.definition
    unit = definition.unit
    values = [point.value for point in series.points]
    known = [float(v) for v in values if v is not None]
    if series.target is not None:
        known.append(float(series.target))
    top = max(known) if known else 0.0
    maximum = 100 if unit == KpiUnit.PERCENT and top <= 100 else (top * 1.1 if top > 0 else 1)
    description = "; ".join(
        f"{point.period.label}: {shown(point.value, unit)}" for point in series.points
    )
    if series.target is not None:
        description += "; " + _("streefwaarde %(year)s: %(value)s") % {
            "year": series.year,
            "value": shown(series.target, unit),
        }
    chart = charts.BarChart(
        id=f"kpi-{definition.pk}-{series.year}",
        title=_("%(name)s in %(year)s, per kwartaal en over het jaar")
        % {"name": definition.name, "year": series.year},
        description=description,
        bars=[charts.Bar(point.period.label, point.value) for point in series.points],
        maximum=maximum,
        value_heading=_("Waarde"),
        label_heading=_("Periode"),
        missing_label=_("nog geen waarde"),
        references=(
            [charts.ReferenceLine(series.target, _("streefwaarde"))]
            if series.target is not None
            else []
        ),
        format_value=lambda value: shown(Decimal(value), unit),
    )
    return {"svg": charts.chart_svg(chart), "table": charts.chart_table(chart)}


# --- pages ---------------------------------------------------------------------------------------


@login_required
def kpi_list(request: HttpRequest) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.view_kpidefinition", partnership)
    year = _year(request, partnership)
    return render(
        request,
        "programme/kpis/list.html",
        {
            "partnership": partnership,
            "year": year,
            "years": list(partnership.years),
            "groups": kpi_selectors.kpi_table(partnership=partnership, year=year),
            "can_add": request.user.has_perm("programme.add_kpidefinition"),
        },
    )


def _detail(
    request: HttpRequest,
    definition: KpiDefinition,
    year: int,
    *,
    value_form: KpiValueForm | None = None,
    target_form: KpiTargetForm | None = None,
    target_stale: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    partnership = definition.objective.partnership
    user = request.user
    series = kpi_selectors.kpi_series(definition, year)
    can_change = user.has_perm("programme.change_kpidefinition", partnership)
    can_add_value = not definition.is_computed and user.has_perm(
        "programme.add_kpivalue", partnership
    )
    narratives = {
        narrative.quarter: narrative
        for narrative in kpi_selectors.narratives_of(definition, year=year)
    }
    targets = {target.year: target for target in kpi_selectors.targets_of(definition)}
    context: dict[str, Any] = {
        "definition": definition,
        "partnership": partnership,
        "source": kpi_selectors.source_of(definition),
        "year": year,
        "years": list(partnership.years),
        "series": series,
        "rows": [
            {"point": point, "shown": shown(point.value, definition.unit)}
            for point in series.points
        ],
        "year_shown": shown(series.total.value, definition.unit),
        "target_shown": shown(series.target, definition.unit),
        "status": status_label(series.met),
        "chart": _chart(series),
        "targets": [
            {"year": t.year, "shown": shown(t.value, definition.unit)} for t in targets.values()
        ],
        "values": [
            {"value": v, "shown": shown(v.value, definition.unit)}
            for v in kpi_selectors.values_of(definition)[:50]
        ]
        if not definition.is_computed
        else [],
        "can_edit_values": can_add_value,
        "target_stale": target_stale,
        "periods": [
            {"period": point.period, "narrative": narratives.get(point.period.quarter)}
            for point in series.points
        ],
        "can_change": can_change,
        "can_add_value": can_add_value,
        "can_narrate": user.has_perm("programme.change_kpinarrative", partnership),
    }
    if can_add_value:
        context["value_form"] = value_form or KpiValueForm()
    if can_change:
        context["target_form"] = target_form or KpiTargetForm(
            partnership=partnership, year=year, target=targets.get(year)
        )
        context["target_url"] = (
            f"{reverse('programme:kpi_target', args=[definition.pk])}?jaar={year}"
        )
    return render(request, "programme/kpis/detail.html", context, status=status)


@login_required
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition_or_404(pk)
    partnership = definition.objective.partnership
    require(request, "programme.view_kpidefinition", partnership)
    return _detail(request, definition, _year(request, partnership))


def _back(definition: KpiDefinition, year: int) -> HttpResponse:
    return redirect(f"{reverse('programme:kpi', args=[definition.pk])}?jaar={year}")


@login_required
def kpi_value_add(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition_or_404(pk)
    partnership = definition.objective.partnership
    require(request, "programme.add_kpivalue", partnership)
    year = _year(request, partnership)
    if request.method != "POST":
        return _back(definition, year)
    form = KpiValueForm(request.POST)
    if form.is_valid():
        try:
            made = kpi_services.kpi_value_add(
                actor=request.user, definition=definition, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De waarde is opgeslagen."))
            return _back(
                definition, made.date.year if made.date.year in partnership.years else year
            )
    return _detail(request, definition, year, value_form=form, status=400)


@login_required
def kpi_target_set(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition_or_404(pk)
    partnership = definition.objective.partnership
    require(request, "programme.change_kpidefinition", partnership)
    year = _year(request, partnership)
    if request.method != "POST":
        return _back(definition, year)
    form = KpiTargetForm(request.POST, partnership=partnership, year=year)
    if form.is_valid():
        try:
            target = kpi_services.kpi_target_set(
                actor=request.user,
                definition=definition,
                year=form.cleaned_data["year"],
                value=form.cleaned_data["value"],
                expected_version=form.cleaned_data["version"],
            )
        except kpi_services.StaleKpiError as refused:
            current: Any = refused.current
            typed = form.cleaned_data["value"]
            return _detail(
                request,
                definition,
                current.year,
                target_form=KpiTargetForm(
                    partnership=partnership, year=current.year, target=current
                ),
                target_stale={
                    "year": str(current.year),
                    "current": shown(current.value, definition.unit),
                    "typed": shown(typed, definition.unit),
                },
                status=409,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De streefwaarde is opgeslagen."))
            return _back(definition, target.year)
    return _detail(request, definition, year, target_form=form, status=400)


def _definition_values(form: KpiDefinitionForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in kpi_services.DEFINITION_FIELDS}


@login_required
def kpi_create(request: HttpRequest) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.add_kpidefinition", partnership)
    form = KpiDefinitionForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            made = kpi_services.kpi_definition_create(
                actor=request.user, partnership=partnership, **_definition_values(form)
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De KPI is toegevoegd."))
            return redirect("programme:kpi", pk=made.pk)
    return render(
        request,
        "programme/kpis/form.html",
        {"form": form, "definition": None},
        status=400 if form.errors else 200,
    )


@login_required
def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition_or_404(pk)
    partnership = definition.objective.partnership
    require(request, "programme.change_kpidefinition", partnership)
    form = KpiDefinitionForm(request.POST or None, instance=definition, partnership=partnership)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            kpi_services.kpi_definition_update(
                actor=request.user,
                definition=definition,
                expected_version=form.cleaned_data.get("version") or 0,
                **_definition_values(form),
            )
        except kpi_services.StaleKpiError:
            stale = True
            definition = _definition_or_404(pk)
            form = KpiDefinitionForm(instance=definition, partnership=partnership)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De KPI is opgeslagen."))
            return redirect("programme:kpi", pk=definition.pk)
    return render(
        request,
        "programme/kpis/form.html",
        {"form": form, "definition": definition, "stale": stale},
        status=409 if stale else (400 if form.errors else 200),
    )


@login_required
def kpi_narrative(request: HttpRequest, pk: int, year: int, quarter: int = 0) -> HttpResponse:
    definition = _definition_or_404(pk)
    partnership = definition.objective.partnership
    require(request, "programme.change_kpinarrative", partnership)
    if year not in partnership.years or quarter not in (0, 1, 2, 3, 4):
        raise Http404
    period = (
        kpi_selectors.quarter_period(year, quarter) if quarter else kpi_selectors.year_period(year)
    )
    narrative = kpi_selectors.narrative_get(definition, year=year, quarter=quarter or None)
    form = KpiNarrativeForm(request.POST or None, instance=narrative)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            kpi_services.kpi_narrative_save(
                actor=request.user,
                definition=definition,
                year=year,
                quarter=quarter or None,
                expected_version=form.cleaned_data.get("version"),
                **{name: form.cleaned_data[name] for name in kpi_services.NARRATIVE_FIELDS},
            )
        except kpi_services.StaleKpiError as refused:
            stale = True
            form = KpiNarrativeForm(instance=refused.current)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het verhaal achter de curve is opgeslagen."))
            return _back(definition, year)
    return render(
        request,
        "programme/kpis/narrative.html",
        {
            "definition": definition,
            "period": period,
            "value_shown": shown(
                kpi_selectors.kpi_value(definition, period.start, period.end), definition.unit
            ),
            "form": form,
            "stale": stale,
            "year": year,
            "cancel_url": f"{reverse('programme:kpi', args=[definition.pk])}?jaar={year}",
        },
        status=409 if stale else (400 if form.errors else 200),
    )


# --- export --------------------------------------------------------------------------------------


def export_rows(groups: list[kpi_selectors.ObjectiveKpis]) -> list[dict[str, str]]:
    rows = []
    for group in groups:
        for series in group.rows:
            definition = series.definition
            values = [point.value for point in series.quarters]
            rows.append(
                {
                    "doel": group.objective.code,
                    "kpi": definition.name,
                    "eenheid": definition.get_unit_display(),
                    "richting": definition.get_direction_display(),
                    "bron": definition.source_key or "handmatig",
                    "kwartaal 1": plain(values[0]),
                    "kwartaal 2": plain(values[1]),
                    "kwartaal 3": plain(values[2]),
                    "kwartaal 4": plain(values[3]),
                    "jaar": plain(series.total.value),
                    "streefwaarde": plain(series.target),
                    "gehaald": {True: "ja", False: "nee", None: ""}[series.met],
                }
            )
    return rows


@login_required
def kpi_export(request: HttpRequest, year: int, extension: str) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.view_kpidefinition", partnership)
    if year not in partnership.years:
        raise Http404
    rows = export_rows(kpi_selectors.kpi_table(partnership=partnership, year=year))
    filename = f"kpis-{year}.{extension}"
    if extension == "xlsx":
        data = tabular.write_xlsx(rows, EXPORT_HEADERS, sheet_title=f"KPI's {year}")
        response = HttpResponse(data, content_type=XLSX)
    elif extension == "csv":
        buffer = io.StringIO(newline="")
        buffer.write("\ufeff")
        tabular.write_csv(rows, buffer, EXPORT_HEADERS)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
