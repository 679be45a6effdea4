"""How a report's figures are written (page, PDF and workbook in the reader's language), the KPI
charts with their data tables, and the workbook's sheets. All of it reads one ProgressReport."""

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from impactplein.core import charts, xlsx
from impactplein.programme.models import KpiDirection, KpiUnit
from impactplein.programme.selectors import kpis as kpi_selectors
from impactplein.reports.progress import ProgressReport, meeting_day


def euros(value: Decimal | None) -> str:
    """Whole euros as the reader's language writes them: "€ 150.000" in Dutch."""
    if value is None:
        return "–"
    return "€\u00a0" + formats.number_format(
        value, decimal_pos=0, use_l10n=True, force_grouping=True
    )


def kpi_text(value: Decimal | None, unit: str) -> str:
    """A KPI value as the KPI pages write it: euros with cents, percentages with one decimal."""
    if value is None:
        return "–"
    if unit == KpiUnit.EURO:
        return "€\u00a0" + formats.number_format(
            value, decimal_pos=2, use_l10n=True, force_grouping=True
        )
    if unit == KpiUnit.PERCENT:
        return formats.number_format(value, decimal_pos=1, use_l10n=True) + "%"
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def status_text(met: bool | None) -> str:
    return str(kpi_selectors.STATUS_LABELS[met])


def badge(met: bool | None) -> str:
    return {True: "success", False: "danger", None: "neutral"}[met]


def _maximum(values: list[Decimal | None], target: Decimal | None, unit: str) -> float:
    known = [float(v) for v in values if v is not None]
    if target is not None:
        known.append(float(target))
    top = max(known) if known else 0.0
    if unit == KpiUnit.PERCENT and top <= 100:
        return 100.0
    return top * 1.1 if top > 0 else 1.0


def share_of_target(series: kpi_selectors.KpiSeries) -> Decimal | None:
    """How far the year's value is towards its target, in percent (100 = met); for "lower is
    better" the target divided by the value. ``None`` without a value or a target."""
    value, target = series.total.value, series.target
    if value is None or target is None:
        return None
    if series.definition.direction == KpiDirection.LOWER:
        if value <= 0:
            return Decimal("100.0") if target >= 0 else None
        share = target / value * 100
    else:
        if target <= 0:
            return Decimal("100.0") if value >= target else None
        share = value / target * 100
    return share.quantize(Decimal("0.1"))


def objective_chart(group: kpi_selectors.ObjectiveKpis, year: int) -> dict[str, Any] | None:
    """One chart per objective: each KPI's value of the year as a share of its target, against
    the line of 100%; the same figures as a table. ``None`` when the objective has no KPIs."""
    if not group.rows:
        return None
    shares = [(series.definition.name, share_of_target(series)) for series in group.rows]
    known = [float(share) for _name, share in shares if share is not None]
    maximum = max([100.0, *known]) * 1.05
    percent = lambda value: formats.number_format(value, decimal_pos=1, use_l10n=True) + "%"  # noqa: E731
    chart = charts.BarChart(
        id=f"report-objective-{group.objective.pk}-{year}",
        title=_("KPI's van %(code)s in %(year)s: waarde als deel van de streefwaarde")
        % {"code": group.objective.code, "year": year},
        description="; ".join(
            f"{name}: {'–' if share is None else percent(share)}" for name, share in shares
        ),
        bars=[charts.Bar(name, share) for name, share in shares],
        maximum=maximum,
        value_heading=_("Deel van de streefwaarde"),
        label_heading=_("KPI"),
        missing_label=_("geen streefwaarde of waarde"),
        references=[charts.ReferenceLine(100, _("streefwaarde"))],
        format_value=lambda value: percent(Decimal(value)),
    )
    return {"svg": charts.chart_svg(chart), "table": charts.chart_table(chart)}


def report_context(report: ProgressReport, *, with_charts: bool = True) -> dict[str, Any]:
    """What the page and the PDF show, written in the reader's language."""
    kpi_groups = []
    for group in report.kpis:
        rows = []
        for series in group.rows:
            unit = series.definition.unit
            rows.append(
                {
                    "id": series.definition.pk,
                    "name": series.definition.name,
                    "direction": series.definition.get_direction_display(),
                    "quarters": [kpi_text(point.value, unit) for point in series.quarters],
                    "value": kpi_text(series.total.value, unit),
                    "target": kpi_text(series.target, unit),
                    "met": series.met,
                    "status": status_text(series.met),
                    "badge": badge(series.met),
                }
            )
        kpi_groups.append(
            {
                "objective": group.objective,
                "rows": rows,
                "chart": objective_chart(group, report.kpi_year) if with_charts else None,
            }
        )
    activity_groups = [
        {
            "objective": group.objective,
            "percentage": (
                "–"
                if group.percentage is None
                else formats.number_format(group.percentage, decimal_pos=1, use_l10n=True) + "%"
            ),
            "rows": [
                {
                    "title": activity.title,
                    "partner": activity.partner.short_name,
                    "status": activity.get_status_display(),
                    "progress": f"{activity.progress}%",
                    "weight": formats.number_format(activity.weight.normalize(), use_l10n=True),
                }
                for activity in group.activities
            ],
        }
        for group in report.activities
    ]
    budgets = [
        {
            "year": figures.year,
            "budgeted": euros(figures.budgeted),
            "committed": euros(figures.committed),
            "received": euros(figures.received),
            "spent": euros(figures.spent),
            "surplus": euros(figures.surplus),
            "cash": euros(figures.cash),
        }
        for figures in report.budgets
    ]
    return {
        "report": report,
        "quarter_labels": [f"Q{quarter}" for quarter in (1, 2, 3, 4)],
        "kpi_groups": kpi_groups,
        "activity_groups": activity_groups,
        "decisions": [
            {
                "meeting": str(decision.meeting),
                "day": meeting_day(decision.meeting),
                "text": decision.text,
            }
            for decision in report.decisions
        ],
        "actions": [
            {
                "description": row.action.description,
                "owner": row.action.owner_partner.short_name,
                "person": row.action.owner_person,
                "due": row.action.due_date,
                "overdue": row.overdue,
                "meeting": str(row.action.meeting),
            }
            for row in report.open_actions
        ],
        "budgets": budgets,
    }


def workbook(report: ProgressReport) -> bytes:
    """One sheet per section; numbers stay numbers, the same values as the page and the PDF."""
    kpi_rows = [
        [
            f"{group.objective.code} {group.objective.title}",
            series.definition.name,
            series.definition.get_unit_display(),
            series.total.value,
            series.target,
            status_text(series.met),
        ]
        for group in report.kpis
        for series in group.rows
    ]
    activity_rows = [
        [
            f"{group.objective.code} {group.objective.title}",
            activity.title,
            activity.partner.short_name,
            activity.get_status_display(),
            activity.progress,
            activity.weight,
            group.percentage,
        ]
        for group in report.activities
        for activity in group.activities
    ]
    decision_rows: list[list[Any]] = [
        [_("besluit"), str(d.meeting), meeting_day(d.meeting), d.text, "", None, ""]
        for d in report.decisions
    ]
    decision_rows += [
        [
            _("open actie"),
            str(row.action.meeting),
            meeting_day(row.action.meeting),
            row.action.description,
            row.action.owner_partner.short_name,
            row.action.due_date,
            _("ja") if row.overdue else _("nee"),
        ]
        for row in report.open_actions
    ]
    budget_rows = [
        [f.year, f.budgeted, f.committed, f.received, f.spent, f.surplus, f.cash]
        for f in report.budgets
    ]
    sheets = [
        (
            _("KPI's"),
            [
                _("Doel"),
                _("KPI"),
                _("Eenheid"),
                _("Waarde %(year)s") % {"year": report.kpi_year},
                _("Streefwaarde"),
                _("Status"),
            ],
            kpi_rows,
            [3, 4],
        ),
        (
            _("Activiteiten"),
            [
                _("Doel"),
                _("Activiteit"),
                _("Trekker"),
                _("Status"),
                _("Voortgang (%)"),
                _("Gewicht"),
                _("Voortgang doel (%)"),
            ],
            activity_rows,
            [4, 5, 6],
        ),
        (
            _("Besluiten en acties"),
            [
                _("Soort"),
                _("Overleg"),
                _("Datum overleg"),
                _("Tekst"),
                _("Eigenaar"),
                _("Uiterlijk op"),
                _("Te laat"),
            ],
            decision_rows,
        ),
        (
            _("Begroting"),
            [
                _("Jaar"),
                _("Begroting"),
                _("Toegezegd"),
                _("Ontvangen"),
                _("Uitgegeven"),
                _("Overschot"),
                _("Saldo"),
            ],
            budget_rows,
            [0, 1, 2, 3, 4, 5, 6],
        ),
    ]
    return xlsx.workbook_bytes(sheets)


XLSX_CONTENT_TYPE = xlsx.CONTENT_TYPE


def render_pdf(context: dict[str, Any], template: str = "reports/pdf/progress.html") -> bytes:
    """A report as PDF bytes (WeasyPrint), from the page's context."""
    from django.template.loader import render_to_string

    from weasyprint import HTML  # imported here: the library is large and only this needs it

    html = render_to_string(template, {**context, "pdf": True})
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
