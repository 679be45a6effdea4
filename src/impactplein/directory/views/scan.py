"""The impact scan: members of an organisation take it, staff with the permission look at it.

The page shows the latest result (level, a bar chart per area with its data table, what the top
level asks) and the history of earlier scans, and, for members, the form with the 22 questions.
A new scan is a new record: the history keeps every earlier one.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from impactplein.core import charts
from impactplein.directory import scan, selectors, services
from impactplein.directory.forms import ScanForm, area_name
from impactplein.directory.models import ImpactScan
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import organisation_get


def _score(value: charts.Number) -> str:
    return formats.number_format(value, decimal_pos=1)


def _area_scores(record: ImpactScan) -> dict[scan.Area, Decimal | None]:
    return {
        area: None
        if record.area_scores.get(area.value) is None
        else Decimal(record.area_scores[area.value])
        for area in scan.Area
    }


def scan_result(record: ImpactScan, *, chart_id: str) -> dict[str, Any]:
    """The result of one scan as a page shows it: level, total, chart and its table."""
    scores = _area_scores(record)
    not_applicable = _("niet van toepassing")
    taken = formats.date_format(record.taken_at, "j F Y")
    summary = "; ".join(
        f"{area_name(area)}: {not_applicable if value is None else _score(value)}"
        for area, value in scores.items()
    )
    chart = charts.BarChart(
        id=chart_id,
        title=_("Score per onderdeel, impactscan van %(date)s") % {"date": taken},
        description=_(
            "Score als percentage van het maximum per onderdeel, van 0 tot 100, met een lijn bij "
            "%(minimum)s, het minimum voor Koploper. %(summary)s."
        )
        % {"minimum": _score(scan.AREA_MINIMUM_FOR_FRONT_RUNNER), "summary": summary},
        bars=[charts.Bar(area_name(area), value) for area, value in scores.items()],
        maximum=100,
        label_heading=_("Onderdeel"),
        value_heading=_("Score (% van het maximum)"),
        missing_label=not_applicable,
        references=[
            charts.ReferenceLine(scan.AREA_MINIMUM_FOR_FRONT_RUNNER, _("minimum Koploper"))
        ],
        format_value=_score,
    )
    return {
        "record": record,
        "level": record.get_level_display(),
        "total": _score(record.total),
        "chart": charts.chart_svg(chart),
        "table": charts.chart_table(chart),
    }


def level_rules() -> dict[str, str]:
    """The thresholds of the levels, in words, from the scoring module itself."""
    return {
        "starter_below": _score(scan.STARTER_BELOW),
        "front_runner_from": _score(scan.FRONT_RUNNER_FROM),
        "area_minimum": _score(scan.AREA_MINIMUM_FOR_FRONT_RUNNER),
    }


def _history_rows(records: list[ImpactScan]) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        scores = _area_scores(record)
        rows.append(
            {
                "taken_at": record.taken_at,
                "level": record.get_level_display(),
                "total": _score(record.total),
                "scores": ["–" if value is None else _score(value) for value in scores.values()],
            }
        )
    return rows


def _history_chart(records: list[ImpactScan]) -> dict[str, Any] | None:
    """The total score over time, when there is more than one scan."""
    if len(records) < 2:
        return None
    oldest_first = list(reversed(records))
    chart = charts.LineChart(
        id="scan-history-chart",
        title=_("Totaalscore per impactscan"),
        description=_("De totaalscore van elke impactscan, van de eerste tot de laatste: %(list)s.")
        % {
            "list": "; ".join(
                f"{formats.date_format(record.taken_at, 'j F Y')}: {_score(record.total)}"
                for record in oldest_first
            )
        },
        points=[formats.date_format(record.taken_at, "j-n-Y") for record in oldest_first],
        series=[charts.Series(_("Totaalscore"), [record.total for record in oldest_first])],
        point_heading=_("Datum"),
        minimum=0,
        maximum=100,
        format_value=_score,
        format_tick=formats.number_format,
    )
    return {"chart": charts.chart_svg(chart), "table": charts.chart_table(chart)}


def _organisation(pk: int) -> Organisation:
    try:
        return organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def scan_page(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _organisation(organisation_pk)
    may_take = request.user.has_perm("directory.add_impactscan", organisation)
    if not (may_take or request.user.has_perm("directory.view_impactscan", organisation)):
        raise PermissionDenied

    history = list(selectors.scan_history(organisation))
    latest = history[0] if history else None
    form = None
    status = 200
    if may_take:
        if request.method == "POST":
            form = ScanForm(request.POST)
            if form.is_valid():
                try:
                    services.scan_record(
                        actor=request.user, organisation=organisation, answers=form.answers()
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("Uw impactscan is opgeslagen."))
                    url = reverse("directory:scan", kwargs={"organisation_pk": organisation.pk})
                    return redirect(f"{url}#resultaat")
            status = 400
        else:
            initial = ScanForm.initial_from(latest.answers_by_number) if latest else {}
            form = ScanForm(initial=initial)
    elif request.method == "POST":
        raise PermissionDenied

    context = {
        "organisation": organisation,
        "form": form,
        "result": scan_result(latest, chart_id="scan-result-chart") if latest else None,
        "rules": level_rules(),
        "history": _history_rows(history),
        "history_chart": _history_chart(history),
        "area_names": [area_name(area) for area in scan.Area],
    }
    return render(request, "directory/scan/page.html", context, status=status)
