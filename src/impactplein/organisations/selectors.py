"""Reads of organisations that pages, reports and the API share."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from impactplein.organisations.models import Membership, Organisation

# Bookkeeping fields that every change touches; history shows what people changed.
_NOT_SHOWN_IN_HISTORY = ("updated_at", "created_at", "version", "id")


def organisation_get(*, pk: int) -> Organisation:
    return Organisation.objects.select_related("municipality", "area").get(pk=pk)


def organisation_list(
    *, query: str = "", kind: str = "", municipality: str = ""
) -> QuerySet[Organisation]:
    """All organisations, filtered by name (or KvK number), kind and municipality (CBS code)."""
    organisations = Organisation.objects.select_related("municipality", "area")
    query = query.strip()
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(kvk_number=query) | Q(city__icontains=query)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if municipality:
        organisations = organisations.filter(municipality__cbs_code=municipality)
    return organisations.order_by("name", "pk")


def memberships_of_user(*, user: Model) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__municipality")
        .order_by("organisation__name", "organisation__pk")
    )


def membership_role(*, user: object, organisation: Organisation) -> str | None:
    """The role an active, logged-in ``user`` has in ``organisation``; None for non-members."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("role", "user__email")


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
    changes: tuple[FieldChange, ...]


_FIELD_ORDER = {field.name: index for index, field in enumerate(Organisation._meta.fields)}
_ACTIONS = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}


def _display(record: Any, field_name: str) -> str:
    field = Organisation._meta.get_field(field_name)
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else str(value)
    return str(value)


def organisation_history(*, organisation: Organisation) -> list[HistoryEntry]:
    """Who changed what and when, newest first."""
    records = list(
        organisation.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        changes: tuple[FieldChange, ...] = ()
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=_NOT_SHOWN_IN_HISTORY)
            changes = tuple(
                FieldChange(
                    label=str(Organisation._meta.get_field(change.field).verbose_name),
                    old=_display(previous, change.field),
                    new=_display(record, change.field),
                )
                for change in sorted(delta.changes, key=lambda c: _FIELD_ORDER.get(c.field, 99))
            )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(user) if user is not None else str(_("het systeem")),
                action=str(_ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
