"""The KPIs of the demo partnership: computed ones for O1 (directory) and O3 (social return),
manual ones for O2, O4 and O5, targets for both programme years, values and one narrative.

The computed KPIs read the demo data the directory and the social-return monitor already made, so
their targets are set from what that data gives: the first year's target reached, the running
year's target ahead. The manual figures are made up, in the spirit of the council letter.
"""

from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.utils import timezone

from impactplein.core import kpis as registry
from impactplein.core.demo import DemoContext
from impactplein.programme.models import KpiDirection, KpiUnit, Partnership
from impactplein.programme.selectors import kpis as selectors
from impactplein.programme.services import kpis as services

# (objective, source key, name, order)
COMPUTED = (
    ("O1", "directory.published_profiles", "Impactondernemers in de etalage", 1),
    ("O1", "directory.certified_profiles", "Impactondernemers met een certificering", 2),
    ("O1", "directory.stories_published", "Verhalen van impactondernemers gepubliceerd", 3),
    (
        "O3",
        "socialreturn.obligation_awarded",
        "Social-returnverplichting van gegunde opdrachten",
        1,
    ),
    ("O3", "socialreturn.realised_value", "Gerealiseerde social return", 2),
    ("O3", "socialreturn.buy_social_share", "Aandeel Buy Social in de gemeentelijke inkoop", 3),
)

# (objective, name, unit, description, first-year target, running-year target,
#  values per quarter of the first year, of the running year so far)
MANUAL = (
    (
        "O2",
        "Vragen beantwoord door de vraagbaak",
        KpiUnit.COUNT,
        "Vragen van ondernemers over financiering, markttoegang en impact meten die de vraagbaak "
        "in het jaar heeft beantwoord (telling van MBO Dordrecht, cumulatief).",
        "60",
        "90",
        ("9", "24", "41", "63"),
        ("18", "37", "55", "80"),
    ),
    (
        "O4",
        "Plaatsingen via het WSP bij impactondernemers",
        KpiUnit.COUNT,
        "Mensen met een afstand tot de arbeidsmarkt die via het Werkgeversservicepunt bij een "
        "impactondernemer aan het werk gingen (cumulatief in het jaar).",
        "25",
        "35",
        ("4", "11", "17", "22"),
        ("7", "15", "24", "31"),
    ),
    (
        "O5",
        "Leden bereikt met ondernemen met impact",
        KpiUnit.COUNT,
        "Leden van DOV en Werkgevers Drechtsteden die een bijeenkomst, nieuwsbrief of campagne "
        "over ondernemen met impact bereikte (opgave van de verenigingen, cumulatief).",
        "400",
        "600",
        ("80", "190", "260", "410"),
        ("120", "260", "380", "500"),
    ),
)

NARRATIVE = {
    "story": (
        "Na de start van de etalage meldden zich vooral ondernemers die DOV al kende. Sinds de "
        "impactprijs en de verhalen in de stadskrant komen er ook ondernemers uit de wijken bij."
    ),
    "partners": "DOV (ledenavonden), gemeente (stadskrant), Werkgevers Drechtsteden.",
    "what_works": "Persoonlijk benaderen na een verhaal in de krant; hulp bij het eerste profiel.",
    "action_plan": "Twee inloopmiddagen per kwartaal om samen het profiel in te vullen.",
}


def _up(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _targets_for_computed(definition: Any, first_year: int, running_year: int) -> None:
    step = {KpiUnit.EURO: Decimal("1000"), KpiUnit.PERCENT: Decimal("1")}.get(
        definition.unit, Decimal("1")
    )
    done = selectors.kpi_value(definition, date(first_year, 1, 1), date(first_year, 12, 31))
    first = _up(max(done or Decimal(0), Decimal(0)) * Decimal("0.9"), step) or step
    running = _up(max(done or Decimal(0), first) * Decimal("1.5"), step) or step
    if definition.unit == KpiUnit.PERCENT:
        first, running = min(first, Decimal(100)), min(running, Decimal(100))
    for year, value in ((first_year, first), (running_year, running)):
        services.kpi_target_set(actor=None, definition=definition, year=year, value=value)


def seed_kpis(context: DemoContext, *, partnership: Partnership, coordinator: Any) -> None:
    today = timezone.localdate()
    first_year, running_year = today.year - 1, today.year
    objectives = {objective.code: objective for objective in partnership.objectives.all()}
    made = 0
    for code, key, name, order in COMPUTED:
        source = registry.source(key)
        if source is None or code not in objectives:
            continue
        definition = services.kpi_definition_create(
            actor=coordinator,
            partnership=partnership,
            objective=objectives[code],
            name=name,
            unit=source.unit,
            direction=KpiDirection.HIGHER,
            source_key=key,
            description=str(source.description),
            order=order,
        )
        _targets_for_computed(definition, first_year, running_year)
        made += 1
        if key == "directory.published_profiles":
            services.kpi_narrative_save(
                actor=coordinator,
                definition=definition,
                year=first_year,
                quarter=None,
                expected_version=None,
                **NARRATIVE,
            )
    for code, name, unit, description, first, running, past, current in MANUAL:
        if code not in objectives:
            continue
        definition = services.kpi_definition_create(
            actor=coordinator,
            partnership=partnership,
            objective=objectives[code],
            name=name,
            unit=unit,
            direction=KpiDirection.HIGHER,
            description=description,
        )
        for year, target in ((first_year, first), (running_year, running)):
            services.kpi_target_set(
                actor=coordinator, definition=definition, year=year, value=Decimal(target)
            )
        for year, values in ((first_year, past), (running_year, current)):
            for period, value in zip(selectors.quarter_periods(year), values, strict=True):
                if period.start > today:
                    break
                services.kpi_value_add(
                    actor=coordinator,
                    definition=definition,
                    date=min(period.end, today),
                    value=Decimal(value),
                    note="Opgave van de trekker van het doel.",
                )
        made += 1
    context.say(
        f"programme KPIs: {made} KPIs (computed for O1 and O3, by hand for O2, O4 and O5) with "
        f"targets for {first_year} and {running_year}"
    )
