"""Reading a record's history (django-simple-history) as "who changed which field, from what to
what, and when", the same way for every app's history page."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: tuple[FieldChange, ...] = ()
    reason: str = field(default="")  # the change reason stored with the record, if any


def field_display(model: type[Model]) -> Callable[[Any, str], str]:
    """How a history page writes a field's value: choices by label, relations by their name."""

    def display(record: Any, name: str) -> str:
        model_field = model._meta.get_field(name)
        value = getattr(record, model_field.attname)  # type: ignore[union-attr]
        if value in (None, ""):
            return "—"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))  # type: ignore[union-attr]
        if model_field.is_relation:
            try:
                related = getattr(record, name)
            except Exception:  # the related row is gone
                related = None
            return str(related) if related is not None else str(value)
        return str(value)

    return display


def _default_action(record: Any) -> str:
    actions = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}
    return str(actions.get(record.history_type, record.history_type))


def history_entries(
    records: Iterable[Any],
    *,
    model: type[Model],
    hidden: Sequence[str] = (),
    display: Callable[[Any, str], str] | None = None,
    action: Callable[[Any], str] = _default_action,
) -> list[HistoryEntry]:
    """The history records of one object, oldest first in, newest first out, each with the
    fields it changed against the one before (in the model's field order)."""
    show = display or field_display(model)
    order = {model_field.name: index for index, model_field in enumerate(model._meta.fields)}
    entries = []
    previous = None
    for record in records:
        changes: tuple[FieldChange, ...] = ()
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(hidden))
            changes = tuple(
                FieldChange(
                    label=str(model._meta.get_field(change.field).verbose_name),
                    old=show(previous, change.field),
                    new=show(record, change.field),
                )
                for change in sorted(delta.changes, key=lambda c: order.get(c.field, 99))
            )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(user) if user is not None else str(_("het systeem")),
                action=action(record),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    entries.reverse()
    return entries


def record_written(
    instances: Sequence[Model], *, actor: Model | None, when: datetime, update: bool
) -> None:
    """Write the history entry of records saved without the history signals (``bulk_create``,
    ``QuerySet.update``): ``actor`` did it at ``when``. The actor is set on every instance, since
    django-simple-history prefers a ``_history_user`` an earlier save left on the instance."""
    if not instances:
        return
    for instance in instances:
        instance._history_user = actor  # type: ignore[attr-defined]
    type(instances[0]).history.bulk_history_create(  # type: ignore[attr-defined]
        instances, update=update, default_user=actor, default_date=when, batch_size=500
    )
