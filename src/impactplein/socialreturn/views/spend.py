"""Buy Social spend: the overview per period, the import of a spend file, the Excel export.

The import is checked first and shown as a preview (every row, errors first); nothing is saved
until the user confirms a file without errors. The checked rows wait in the user's session under a
random token until then. Figures come from ``selectors.spend``; page and workbook are built from
the same tables.
"""

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from impactplein.accounts.access import staff_permission_required
from impactplein.core import charts
from impactplein.core.xlsx import workbook_bytes
from impactplein.socialreturn.forms.spend import SpendConfirmForm, SpendUploadForm
from impactplein.socialreturn.models import SpendImport
from impactplein.socialreturn.selectors import spend as selectors
from impactplein.socialreturn.services import spend as services
from impactplein.socialreturn.statement import euros
from impactplein.socialreturn.views.dashboards import SheetTable, percent, xlsx_response

VIEW = "socialreturn.view_spendimport"
ADD = "socialreturn.add_spendimport"
SESSION_KEY = "socialreturn_spend_import"
PSO_LEVELS = {
    "basis": "PSO basis",
    "trede_1": "PSO trede 1",
    "trede_2": "PSO trede 2",
    "trede_3": "PSO trede 3",
    "30plus": "PSO 30+",
}


def _period(spend_import: SpendImport) -> str:
    return (
        f"{formats.date_format(spend_import.period_start, 'SHORT_DATE_FORMAT')} – "
        f"{formats.date_format(spend_import.period_end, 'SHORT_DATE_FORMAT')}"
    )


def periods_table(periods: list[selectors.SpendPeriod]) -> SheetTable:
    return SheetTable(
        key="periods",
        title=_("Perioden"),
        caption=_("Inkoopuitgaven per periode"),
        headers=[
            _("Omschrijving"),
            _("Periode vanaf"),
            _("Periode tot en met"),
            _("Totale uitgaven"),
            _("Bij sociale ondernemingen"),
            _("Aandeel sociale ondernemingen"),
            _("Bij PSO-gecertificeerden"),
            _("Aandeel PSO-gecertificeerden"),
            _("Leveranciers"),
            _("Niet gevonden in de etalage"),
        ],
        rows=[
            [
                p.spend_import.label,
                p.spend_import.period_start,
                p.spend_import.period_end,
                p.figures.total,
                p.figures.social_enterprise,
                p.figures.social_enterprise_share,
                p.figures.pso,
                p.figures.pso_share,
                p.figures.suppliers,
                p.figures.unmatched_suppliers,
            ]
            for p in periods
        ],
        money_columns=frozenset({3, 4, 6}),
        percent_columns=frozenset({5, 7}),
        numeric_columns=frozenset({8, 9}),
    )


def suppliers_table(spend_import: SpendImport, rows: list[selectors.SpendSupplier]) -> SheetTable:
    yes, no = _("ja"), _("nee")
    return SheetTable(
        key="suppliers",
        title=_("Leveranciers"),
        caption=_("Leveranciers in %(label)s, grootste uitgave eerst")
        % {"label": spend_import.label},
        headers=[
            _("KvK-nummer"),
            _("Naam in het bestand"),
            _("Organisatie in de etalage"),
            _("Bedrag (excl. btw)"),
            _("Sociale onderneming"),
            _("PSO-certificaat"),
        ],
        rows=[
            [
                row.kvk_number,
                row.name,
                row.organisation_name or _("niet gevonden"),
                row.amount,
                yes if row.social_enterprise else no,
                PSO_LEVELS.get(row.pso_level, row.pso_level) or no,
            ]
            for row in rows
        ],
        money_columns=frozenset({3}),
    )


def share_chart(periods: list[selectors.SpendPeriod]) -> charts.LineChart:
    summary = "; ".join(
        _("%(label)s: %(social)s bij sociale ondernemingen, %(pso)s bij PSO-gecertificeerden")
        % {
            "label": p.spend_import.label,
            "social": percent(p.figures.social_enterprise_share),
            "pso": percent(p.figures.pso_share),
        }
        for p in periods
    )
    return charts.LineChart(
        id="spend-share-chart",
        title=_("Aandeel van de inkoopuitgaven per periode"),
        description=_(
            "Het aandeel van de uitgaven bij sociale ondernemingen en bij PSO-gecertificeerde "
            "leveranciers, in procenten van de totale uitgaven per periode. %(summary)s."
        )
        % {"summary": summary},
        points=[p.spend_import.label for p in periods],
        series=[
            charts.Series(
                _("Sociale ondernemingen (%)"),
                [p.figures.social_enterprise_share for p in periods],
            ),
            charts.Series(_("PSO-gecertificeerd (%)"), [p.figures.pso_share for p in periods]),
        ],
        point_heading=_("Periode"),
        minimum=0,
        maximum=max(
            [
                Decimal(10),
                *(p.figures.social_enterprise_share for p in periods),
                *(p.figures.pso_share for p in periods),
            ]
        ),
        format_value=lambda value: percent(value),  # type: ignore[arg-type]
    )


def _selected(request: HttpRequest, periods: list[selectors.SpendPeriod]) -> SpendImport | None:
    wanted = request.GET.get("periode", "")
    for period in periods:
        if str(period.spend_import.pk) == wanted:
            return period.spend_import
    return periods[-1].spend_import if periods else None


def _overview(request: HttpRequest) -> dict[str, Any]:
    periods = selectors.spend_periods()
    selected = _selected(request, periods)
    context: dict[str, Any] = {
        "periods": periods,
        "selected": selected,
        "periods_table": periods_table(list(reversed(periods))),
    }
    if selected is not None:
        figures, rows = selectors.spend_import_detail(selected)
        context.update(
            figures=figures,
            suppliers_table=suppliers_table(selected, rows),
            unmatched=[row for row in rows if not row.organisation_id],
        )
    return context


@staff_permission_required(VIEW)
def spend_overview(request: HttpRequest) -> HttpResponse:
    context = _overview(request)
    periods = context["periods"]
    if periods:
        chart = share_chart(periods)
        context["chart"] = charts.chart_svg(chart)
        context["chart_table"] = charts.chart_table(chart)
    context["periods_cells"] = context["periods_table"].cells()
    if "suppliers_table" in context:
        context["suppliers_cells"] = context["suppliers_table"].cells()
    context["can_import"] = request.user.has_perm(ADD)
    context["export_query"] = (
        f"?periode={context['selected'].pk}" if context.get("selected") else ""
    )
    context["period_text"] = _period(context["selected"]) if context.get("selected") else ""
    context["money"] = (
        {
            key: euros(getattr(context["figures"], key))
            for key in ("total", "social_enterprise", "pso", "matched")
        }
        if "figures" in context
        else {}
    )
    return render(request, "socialreturn/spend/overview.html", context)


@staff_permission_required(VIEW)
def spend_export(request: HttpRequest) -> HttpResponse:
    context = _overview(request)
    tables = [context["periods_table"]]
    if "suppliers_table" in context:
        tables.append(context["suppliers_table"])
    sheets = [(t.title, t.headers, t.rows) for t in tables]
    stamp = timezone.localdate().isoformat()
    return xlsx_response(workbook_bytes(sheets), f"inkoopuitgaven-{stamp}.xlsx")


# --- import ----------------------------------------------------------------------------------


@staff_permission_required(ADD)
def spend_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "POST":
        return _check(request)
    return _render_upload(request, SpendUploadForm(), status=200)


def _render_upload(request: HttpRequest, form: SpendUploadForm, status: int) -> HttpResponse:
    context = {
        "form": form,
        "columns": services.COLUMNS,
        "spend_url": reverse("socialreturn:spend"),
    }
    return render(request, "socialreturn/spend/upload.html", context, status=status)


def _check(request: HttpRequest) -> HttpResponse:
    form = SpendUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form, status=400)
    upload = form.cleaned_data["file"]
    plan = services.spend_check(data=upload.read(), filename=upload.name or "")
    if plan.file_error:
        form.add_error("file", plan.file_error)
        return _render_upload(request, form, status=400)
    context: dict[str, Any] = {
        "plan": plan,
        "label": form.cleaned_data["label"],
        "period_start": form.cleaned_data["period_start"],
        "period_end": form.cleaned_data["period_end"],
        "file_name": upload.name,
        "total": euros(plan.total),
        "lines": sorted(plan.lines, key=lambda line: (not line.errors, line.number)),
    }
    if plan.is_valid:
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {
            "token": token,
            "label": form.cleaned_data["label"],
            "period_start": form.cleaned_data["period_start"].isoformat(),
            "period_end": form.cleaned_data["period_end"].isoformat(),
            "file_name": upload.name or "",
            "lines": services.plan_to_session(plan),
        }
        context["confirm_form"] = SpendConfirmForm(initial={"token": token})
    status = 200 if plan.is_valid else 400
    return render(request, "socialreturn/spend/preview.html", context, status=status)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = SpendConfirmForm(request.POST)
    pending = request.session.get(SESSION_KEY) or {}
    if not form.is_valid() or not pending or form.cleaned_data["token"] != pending.get("token"):
        messages.error(request, _("Deze import is niet meer te vinden. Kies het bestand opnieuw."))
        return redirect("socialreturn:spend_import")
    spend_import_record = services.spend_import_create(
        actor=request.user,
        label=pending["label"],
        period_start=date.fromisoformat(pending["period_start"]),
        period_end=date.fromisoformat(pending["period_end"]),
        file_name=pending["file_name"],
        lines=pending["lines"],
    )
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("De inkoopuitgaven van %(label)s zijn geïmporteerd: %(count)s leveranciers.")
        % {"label": spend_import_record.label, "count": len(pending["lines"])},
    )
    return redirect(f"{reverse('socialreturn:spend')}?periode={spend_import_record.pk}")
