"""Writing the programme's KPIs: definitions, targets, manual values and narratives.

Keyword-only, transactional, with the actor in the change history. Definitions, targets, manual
values and narratives are edited with optimistic locking (``expected_version``): of two concurrent
saves one wins, the other gets :class:`StaleKpiError` and nothing of it is written.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core import kpis as registry
from impactplein.programme.models import (
    KpiDefinition,
    KpiNarrative,
    KpiTarget,
    KpiValue,
    Partnership,
)

DEFINITION_FIELDS: tuple[str, ...] = (
    "objective",
    "name",
    "unit",
    "direction",
    "source_key",
    "description",
    "order",
)
NARRATIVE_FIELDS: tuple[str, ...] = ("story", "partners", "what_works", "action_plan")


class StaleKpiError(Exception):
    """The edit was made on an older version; nothing was saved. ``current`` is the newest."""

    def __init__(self, current: Model) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} changed in between")
        self.current = current


def _check_names(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not an editable field: {', '.join(sorted(unknown))}")


def _strip(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _check_source(definition: KpiDefinition) -> None:
    if not definition.source_key:
        return
    source = registry.source(definition.source_key)
    if source is None:
        raise ValidationError(
            {"source_key": _("Deze berekening bestaat niet (meer); kies een andere of laat leeg.")}
        )
    if source.unit != definition.unit:
        raise ValidationError(
            {
                "unit": _("Deze berekening levert een waarde in %(unit)s.")
                % {"unit": dict(KpiDefinition._meta.get_field("unit").choices)[source.unit]}
            }
        )


def _check_partnership(definition: KpiDefinition, partnership: Partnership | None) -> None:
    if partnership is not None and definition.objective.partnership_id != partnership.pk:
        raise ValidationError({"objective": _("Dit doel hoort niet bij deze samenwerking.")})


@transaction.atomic
def kpi_definition_create(
    *, actor: Model | None, partnership: Partnership | None = None, **fields: Any
) -> KpiDefinition:
    """A KPI for an objective; computed when ``source_key`` names a registered source."""
    _check_names(fields, DEFINITION_FIELDS)
    definition = KpiDefinition(**_strip(fields))
    definition.full_clean()
    _check_partnership(definition, partnership)
    _check_source(definition)
    definition._history_user = actor  # type: ignore[attr-defined]
    definition.save()
    return definition


@transaction.atomic
def kpi_definition_update(
    *, actor: Model | None, definition: KpiDefinition, expected_version: int, **fields: Any
) -> KpiDefinition:
    """Change a KPI unless someone saved it since ``expected_version``."""
    _check_names(fields, DEFINITION_FIELDS)
    current = KpiDefinition.objects.select_for_update().get(pk=definition.pk)
    if current.version != expected_version:
        raise StaleKpiError(current)
    values = _strip(fields)
    changed = {name: value for name, value in values.items() if getattr(current, name) != value}
    if not changed:
        return current
    partnership = current.objective.partnership
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean()
    _check_partnership(current, partnership)
    _check_source(current)
    if "source_key" in changed and current.source_key and current.values.exists():
        # The hand-entered values would be ignored from now on, and could no longer be corrected.
        raise ValidationError(
            {
                "source_key": _(
                    "Deze KPI heeft met de hand ingevoerde waarden; maak voor de berekende "
                    "waarden een nieuwe KPI."
                )
            }
        )
    current.version = expected_version + 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


def _year_in(partnership: Partnership, year: int) -> None:
    if year not in partnership.years:
        raise ValidationError(
            {
                "year": _(
                    "%(year)s valt buiten de looptijd van de samenwerking (%(start)s–%(end)s)."
                )
                % {"year": year, "start": partnership.start_year, "end": partnership.end_year}
            }
        )


@transaction.atomic
def kpi_target_set(
    *,
    actor: Model | None,
    definition: KpiDefinition,
    year: int,
    value: Decimal,
    expected_version: int | None = None,
) -> KpiTarget:
    """Set (or change) the target of ``year``; the history keeps earlier targets.

    ``expected_version`` is the version of the year's target the writer saw, ``None`` when they
    saw none. If someone set the target since, :class:`StaleKpiError` is raised and nothing is
    written, unless that target already holds ``value`` (then there is nothing to overwrite).
    """
    _year_in(definition.objective.partnership, year)
    target = KpiTarget.objects.select_for_update().filter(definition=definition, year=year).first()
    if target is None:
        if expected_version is not None:
            raise ValidationError(_("Deze streefwaarde bestaat niet meer; vul hem opnieuw in."))
        target = KpiTarget(definition=definition, year=year, value=value)
    elif target.value == value:
        return target
    elif target.version != expected_version:
        raise StaleKpiError(target)
    else:
        target.value = value
        target.version += 1
    # One target per year is the database's to guard: of two first targets set at once, the
    # second insert fails below and is answered as a stale edit, not as a duplicate.
    target.full_clean(validate_unique=False, validate_constraints=False)
    target._history_user = actor  # type: ignore[attr-defined]
    if target.pk is not None:
        target.save()
        return target
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        first = KpiTarget.objects.filter(definition=definition, year=year).first()
        if first is None:
            raise
        if first.value == value:
            return first
        raise StaleKpiError(first) from None
    return target


def _refuse_computed(definition: KpiDefinition) -> None:
    if definition.is_computed:
        raise ValidationError(
            _("Deze KPI wordt berekend uit de gegevens van het platform; voer geen waarde in.")
        )


def _check_manual_value(definition: KpiDefinition, day: date, value: Decimal) -> None:
    _refuse_computed(definition)
    if day > timezone.localdate():
        raise ValidationError({"date": _("De datum ligt in de toekomst.")})
    if definition.unit in ("count", "euro") and value < 0:
        raise ValidationError({"value": _("Een aantal of bedrag is niet negatief.")})


@transaction.atomic
def kpi_value_add(
    *, actor: Model | None, definition: KpiDefinition, date: date, value: Decimal, note: str = ""
) -> KpiValue:
    """Record a measured value of a manual KPI; a computed KPI takes none."""
    _check_manual_value(definition, date, value)
    entry = KpiValue(
        definition=definition, date=date, value=value, note=note.strip(), entered_by=actor
    )
    entry.full_clean()
    entry._history_user = actor  # type: ignore[attr-defined]
    entry.save()
    return entry


@transaction.atomic
def kpi_value_update(
    *,
    actor: Model | None,
    entry: KpiValue,
    expected_version: int,
    date: date,
    value: Decimal,
    note: str = "",
) -> KpiValue:
    """Correct a manual value (its number, date and note) unless someone changed it since
    ``expected_version``; the history keeps what it was. A computed KPI's value is refused."""
    current = (
        KpiValue.objects.select_for_update(of=("self",))
        .select_related("definition")
        .filter(pk=entry.pk)
        .first()
    )
    if current is None:
        raise ValidationError(_("Deze waarde bestaat niet meer."))
    _refuse_computed(current.definition)
    if current.version != expected_version:
        raise StaleKpiError(current)
    _check_manual_value(current.definition, date, value)
    note = note.strip()
    if (current.date, current.value, current.note) == (date, value, note):
        return current
    current.date, current.value, current.note = date, value, note
    current.version = expected_version + 1
    current.full_clean()
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


@transaction.atomic
def kpi_narrative_save(
    *,
    actor: Model | None,
    definition: KpiDefinition,
    year: int,
    quarter: int | None,
    expected_version: int | None,
    **fields: Any,
) -> KpiNarrative:
    """Write the narrative of a period: new when ``expected_version`` is ``None`` and there is
    none yet; otherwise only over the version the writer saw."""
    _check_names(fields, NARRATIVE_FIELDS)
    _year_in(definition.objective.partnership, year)
    values = _strip(fields)
    current = (
        KpiNarrative.objects.select_for_update()
        .filter(definition=definition, year=year, quarter=quarter)
        .first()
    )
    if current is None:
        if expected_version is not None:
            raise ValidationError(_("Dit verhaal bestaat niet meer."))
        current = KpiNarrative(definition=definition, year=year, quarter=quarter)
    elif current.version != expected_version:
        raise StaleKpiError(current)
    else:
        current.version += 1
    for name, value in values.items():
        setattr(current, name, value)
    current.updated_by = actor  # type: ignore[assignment]
    current.full_clean()
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current
