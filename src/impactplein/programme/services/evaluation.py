"""The yearly evaluation: starting it, writing per objective, closing it.

Closing keeps the year's figures as they stand (progress per objective, each KPI's value, target
and whether it was met), so the closed evaluation never changes with later data, and drafts next
year's action programme: the open activities carry over, except those of objectives the table
decided to stop. Every write checks the version it was made on; a stale one changes nothing.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.programme import selectors
from impactplein.programme.constants import ProgrammeStatus
from impactplein.programme.models import (
    ActionProgramme,
    EvaluatedKpi,
    EvaluationDecision,
    EvaluationStatus,
    Objective,
    ObjectiveEvaluation,
    YearEvaluation,
)
from impactplein.programme.selectors.kpis import kpi_table
from impactplein.programme.services.programmes import programme_for_next_year


class StaleEvaluationError(Exception):
    """The form was filled in on an older version; nothing was saved."""

    def __init__(self, current: YearEvaluation | ObjectiveEvaluation) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}")
        self.current = current


def _must_be_open(evaluation: YearEvaluation) -> None:
    if evaluation.status == EvaluationStatus.CLOSED:
        raise ValidationError(
            _("De evaluatie van %(year)s is afgesloten en kan niet meer worden gewijzigd.")
            % {"year": evaluation.programme.year}
        )


@transaction.atomic
def evaluation_start(*, actor: Model | None, programme: ActionProgramme) -> YearEvaluation:
    """Open the evaluation of an adopted programme, with a row for each of its objectives."""
    programme = ActionProgramme.objects.select_for_update().get(pk=programme.pk)
    if YearEvaluation.objects.filter(programme=programme).exists():
        raise ValidationError(
            _("De evaluatie van %(year)s is al begonnen.") % {"year": programme.year}
        )
    if programme.status != ProgrammeStatus.ADOPTED:
        raise ValidationError(
            _("Een actieprogramma in concept wordt niet geëvalueerd; stel het eerst vast.")
        )
    evaluation = YearEvaluation(programme=programme)
    evaluation._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as taken:  # begun at the same moment (SQLite has no row locks)
        raise ValidationError(
            _("De evaluatie van %(year)s is al begonnen.") % {"year": programme.year}
        ) from taken
    for objective in selectors.objectives_of(partnership=programme.partnership):
        _objective_row(evaluation, objective, actor)
    return evaluation


def _objective_row(
    evaluation: YearEvaluation, objective: Objective, actor: Model | None
) -> ObjectiveEvaluation:
    """The objective's row; made when missing (callers hold the evaluation's lock)."""
    row = ObjectiveEvaluation.objects.filter(evaluation=evaluation, objective=objective).first()
    if row is None:
        row = ObjectiveEvaluation(evaluation=evaluation, objective=objective)
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
    return row


@transaction.atomic
def evaluation_summary_update(
    *, actor: Model | None, evaluation: YearEvaluation, expected_version: int, summary: str
) -> YearEvaluation:
    """Change the evaluation's overall summary."""
    current = (
        YearEvaluation.objects.select_for_update().select_related("programme").get(pk=evaluation.pk)
    )
    _must_be_open(current)
    if current.version != expected_version:
        raise StaleEvaluationError(current)
    summary = summary.strip()
    if summary == current.summary:
        return current
    current.summary = summary
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


@transaction.atomic
def objective_evaluation_update(
    *,
    actor: Model | None,
    evaluation: YearEvaluation,
    objective: Objective,
    expected_version: int,
    narrative: str,
    decision: str,
    adjustment: str = "",
) -> ObjectiveEvaluation:
    """Write what an objective achieved and what the table decides for it.

    An objective added to the partnership after the evaluation began gets its row here.
    Adjusting needs a word on what changes; a decision may stay open until closing.
    """
    locked = (
        YearEvaluation.objects.select_for_update().select_related("programme").get(pk=evaluation.pk)
    )
    _must_be_open(locked)
    if objective.partnership_id != locked.programme.partnership_id:
        raise ValidationError(_("Dit doel hoort niet bij deze samenwerking."))
    row = _objective_row(locked, objective, actor)
    if row.version != expected_version:
        raise StaleEvaluationError(row)
    narrative, adjustment = narrative.strip(), adjustment.strip()
    errors: dict[str, str] = {}
    if decision not in ("", *EvaluationDecision.values):
        errors["decision"] = _("Kies voortzetten, bijstellen of stoppen.")
    if decision == EvaluationDecision.ADJUST and not adjustment:
        errors["adjustment"] = _("Schrijf bij bijstellen wat er het volgende jaar verandert.")
    if decision and not narrative:
        errors["narrative"] = _("Schrijf bij een besluit wat er bereikt is en wat niet.")
    if errors:
        raise ValidationError(errors)
    if decision != EvaluationDecision.ADJUST:
        adjustment = ""
    values = {"narrative": narrative, "decision": decision, "adjustment": adjustment}
    if all(getattr(row, name) == value for name, value in values.items()):
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = actor  # type: ignore[assignment]
    row.version += 1
    row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    return row


@transaction.atomic
def evaluation_close(
    *,
    actor: Model | None,
    evaluation: YearEvaluation,
    expected_version: int,
    on: date | None = None,
    today: date | None = None,
) -> YearEvaluation:
    """Close the evaluation: keep the figures, draft next year's programme.

    Refused while an objective has no decision (each is named). When the next year lies within
    the partnership and has no programme yet, its draft is made from this year's open activities
    without those of stopped objectives; a programme that already exists is linked, not changed.
    """
    current = (
        YearEvaluation.objects.select_for_update().select_related("programme").get(pk=evaluation.pk)
    )
    _must_be_open(current)
    if current.version != expected_version:
        raise StaleEvaluationError(current)
    programme = current.programme
    partnership = programme.partnership
    rows = {
        row.objective_id: row
        for row in current.objectives.select_for_update().select_related("objective")
    }
    for objective in selectors.objectives_of(partnership=partnership):
        if objective.pk not in rows:
            rows[objective.pk] = _objective_row(current, objective, actor)
    undecided = sorted(
        (row.objective.order, row.objective.code) for row in rows.values() if not row.decision
    )
    if undecided:
        raise ValidationError(
            _("Er is nog geen besluit genomen voor %(codes)s.")
            % {"codes": ", ".join(code for _order, code in undecided)}
        )
    progress = {
        item.objective.pk: item.percentage
        for item in selectors.objective_progress(programme=programme)
    }
    for group in kpi_table(partnership=partnership, year=programme.year, today=today):
        row = rows[group.objective.pk]
        row.progress = progress.get(group.objective.pk)
        row.version += 1
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
        EvaluatedKpi.objects.bulk_create(
            EvaluatedKpi(
                objective_evaluation=row,
                definition=series.definition,
                name=series.definition.name,
                unit=series.definition.unit,
                direction=series.definition.direction,
                computed=series.definition.is_computed,
                value=series.total.value,
                target=series.target,
                met=series.met,
                order=position,
            )
            for position, series in enumerate(group.rows)
        )
    next_year = programme.year + 1
    if next_year in partnership.years:
        existing = ActionProgramme.objects.filter(partnership=partnership, year=next_year).first()
        current.next_programme = existing or programme_for_next_year(
            actor=actor,
            partnership=partnership,
            year=next_year,
            leave_out_objective_ids=frozenset(
                pk for pk, row in rows.items() if row.decision == EvaluationDecision.STOP
            ),
        )
    current.status = EvaluationStatus.CLOSED
    current.closed_on = on or timezone.localdate()
    current.closed_by = actor  # type: ignore[assignment]
    current.version += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current
