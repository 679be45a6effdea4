"""The public monitor: what the programme achieved, for residents and the council.

Only figures and the partners' organisation names: the objectives with their roll-up progress,
every KPI's yearly value against its target (chart and data table), the decisions per objective
of each closed yearly evaluation (the decision only, not its texts), and the budget totals per
year. Nothing about people: no names, no candidates, no attendance, no minutes, no actions.
"""

from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from impactplein.core import charts
from impactplein.programme import selectors
from impactplein.programme.models import EvaluationDecision, KpiUnit, Partnership
from impactplein.programme.selectors import kpis as kpi_selectors
from impactplein.programme.selectors.evaluation import closed_evaluations
from impactplein.reports.presentation import euros, kpi_text, status_text


def _years_so_far(partnership: Partnership) -> list[int]:
    today = timezone.localdate()
    return [year for year in partnership.years if year <= today.year]


def _kpi_block(definition: Any, years: list[int]) -> dict[str, Any]:
    unit = definition.unit
    values: list[Decimal | None] = []
    targets: list[Decimal | None] = []
    for year in years:
        period = kpi_selectors.year_period(year)
        values.append(kpi_selectors.kpi_value(definition, period.start, period.end))
        targets.append(kpi_selectors.target_of(definition, year))
    known = [float(v) for v in [*values, *targets] if v is not None]
    top = max(known) if known else 1.0
    maximum = 100.0 if unit == KpiUnit.PERCENT and top <= 100 else (top * 1.1 if top > 0 else 1.0)
    chart = charts.LineChart(
        id=f"monitor-kpi-{definition.pk}",
        title=_("%(name)s per jaar tegenover de streefwaarde") % {"name": definition.name},
        description="; ".join(
            f"{year}: {kpi_text(value, unit)} ({_('streefwaarde')} {kpi_text(target, unit)})"
            for year, value, target in zip(years, values, targets, strict=True)
        ),
        points=[str(year) for year in years],
        series=[
            charts.Series(_("Waarde"), values),
            charts.Series(_("Streefwaarde"), targets),
        ],
        point_heading=_("Jaar"),
        maximum=maximum,
        missing_label=_("nog geen waarde"),
        format_value=lambda value: kpi_text(Decimal(value), unit),
    )
    latest_value = values[-1] if values else None
    latest_target = targets[-1] if targets else None
    met = kpi_selectors.target_met(latest_value, latest_target, definition.direction)
    return {
        "id": definition.pk,
        "name": definition.name,
        "direction": definition.get_direction_display(),
        "status": status_text(met),
        "svg": charts.chart_svg(chart),
        "table": charts.chart_table(chart),
    }


def monitor_context(partnership: Partnership) -> dict[str, Any]:
    years = _years_so_far(partnership)
    year = years[-1] if years else partnership.start_year
    programme = selectors.programme_for_year(partnership=partnership, year=year)
    progress = selectors.objective_progress(programme=programme) if programme else []
    definitions = list(kpi_selectors.kpis_of(partnership=partnership))
    kpis_by_objective: dict[int, list[dict[str, Any]]] = {}
    for definition in definitions:
        kpis_by_objective.setdefault(definition.objective_id, []).append(
            _kpi_block(definition, years)
        )
    objectives = [
        {
            "objective": group.objective,
            "owners": (
                _("alle partners samen")
                if group.objective.shared_by_all
                else ", ".join(owner.short_name for owner in group.objective.owners.all())
            ),
            "activity_count": len(group.activities),
            "percentage": (
                "–"
                if group.percentage is None
                else formats.number_format(group.percentage, decimal_pos=1, use_l10n=True) + "%"
            ),
            "kpis": kpis_by_objective.get(group.objective.pk, []),
        }
        for group in progress
    ]
    overview = selectors.multi_year(partnership=partnership)
    budget_rows = [
        [
            str(row.year),
            euros(row.figures.budgeted),
            euros(row.figures.committed),
            euros(row.figures.received),
            euros(row.figures.spent),
        ]
        for row in overview.years
        if row.figures is not None
    ]
    codes = [item["objective"].code for item in objectives]
    decision_rows = []
    for evaluation in closed_evaluations(partnership=partnership):
        decided = {row.objective.code: row.decision for row in evaluation.objectives.all()}
        decision_rows.append(
            [str(evaluation.programme.year)]
            + [
                str(EvaluationDecision(decided[code]).label) if decided.get(code) else "–"
                for code in codes
            ]
        )
    partners = [
        {"short_name": partner.short_name, "name": partner.organisation.name}
        for partner in selectors.partners_of(partnership=partnership)
    ]
    return {
        "programme_year": programme.year if programme else None,
        "objectives": objectives,
        "budget_rows": budget_rows,
        "budget_headers": [
            _("Jaar"),
            _("Begroting"),
            _("Toegezegd"),
            _("Ontvangen"),
            _("Uitgegeven"),
        ],
        "budget_numeric": [1, 2, 3, 4],
        "decision_headers": [_("Jaar"), *codes],
        "decision_rows": decision_rows,
        "partners": partners,
    }
