"""The yearly evaluations of the demo partnership: the first year evaluated and closed in January
of the second (its figures kept, linked to the second year's programme, which already existed),
and the running year's evaluation begun, with two objectives written so far.

The narratives and decisions are made up, in the spirit of the council letter; the figures are
the demo's own, read by the evaluation itself.
"""

from datetime import date
from typing import Any

from impactplein.core.demo import DemoContext
from impactplein.programme.models import ActionProgramme, EvaluationDecision, Partnership
from impactplein.programme.services import evaluation as services

# (objective, narrative, decision, what changes)
FIRST_YEAR = (
    (
        "O1",
        "De etalage staat en de eerste impactondernemers zijn zichtbaar; de stadskrant en de "
        "Impactprijs brachten nieuwe aanmeldingen. De doelen voor het aantal ondernemers in de "
        "etalage zijn gehaald.",
        EvaluationDecision.CONTINUE,
        "",
    ),
    (
        "O2",
        "De vraagbaak draait, maar vragen over financiering blijven vaak liggen; de gids "
        "financiering en markttoegang is uitgesteld.",
        EvaluationDecision.ADJUST,
        "De gids wordt samen met de banken in de regio gemaakt; de vraagbaak krijgt een vast "
        "spreekuur.",
    ),
    (
        "O3",
        "Social return staat in alle nieuwe aanbestedingen boven de drempel; de Buy Social-lijst "
        "wordt door inkopers gebruikt.",
        EvaluationDecision.CONTINUE,
        "",
    ),
    (
        "O4",
        "Het werkgeversontbijt trok veel werkgevers; de matching van kandidaten loopt trager dan "
        "gehoopt.",
        EvaluationDecision.ADJUST,
        "Een maandelijks spreekuur banenafspraak voor werkgevers naast de matching.",
    ),
    (
        "O5",
        "Impactondernemen stond op de ledenavonden; de lobbyagenda is gestopt ten gunste van "
        "een regionale campagne.",
        EvaluationDecision.CONTINUE,
        "",
    ),
)

# The running year: written so far.
RUNNING_YEAR = (
    (
        "O1",
        "Meer impactondernemers in de etalage dan vorig jaar, ook uit Zwijndrecht en Papendrecht.",
        EvaluationDecision.CONTINUE,
        "",
    ),
    (
        "O4",
        "Het spreekuur banenafspraak helpt: de plaatsingen liggen op koers.",
        "",
        "",
    ),
)


def _write(evaluation: Any, partnership: Partnership, rows: tuple, coordinator: Any) -> None:
    objectives = {objective.code: objective for objective in partnership.objectives.all()}
    for code, narrative, decision, adjustment in rows:
        row = evaluation.objectives.get(objective=objectives[code])
        services.objective_evaluation_update(
            actor=coordinator,
            evaluation=evaluation,
            objective=objectives[code],
            expected_version=row.version,
            narrative=narrative,
            decision=decision,
            adjustment=adjustment,
        )


def seed_evaluations(context: DemoContext, *, partnership: Partnership, coordinator: Any) -> None:
    first, running = ActionProgramme.objects.filter(partnership=partnership).order_by("year")[:2]
    evaluation = services.evaluation_start(actor=coordinator, programme=first)
    _write(evaluation, partnership, FIRST_YEAR, coordinator)
    evaluation = services.evaluation_summary_update(
        actor=coordinator,
        evaluation=evaluation,
        expected_version=evaluation.version,
        summary="Een goed eerste jaar: de samenwerking staat, de etalage is gevuld en social "
        "return is de norm in de aanbestedingen. De vraagbaak en de matching van kandidaten "
        "vragen meer aandacht.",
    )
    services.evaluation_close(
        actor=coordinator,
        evaluation=evaluation,
        expected_version=evaluation.version,
        on=date(running.year, 1, 20),
    )
    evaluation = services.evaluation_start(actor=coordinator, programme=running)
    _write(evaluation, partnership, RUNNING_YEAR, coordinator)
    context.say(
        f"yearly evaluations: {first.year} closed, {running.year} begun "
        f"({len(RUNNING_YEAR)} of {partnership.objectives.count()} objectives written)"
    )
