"""Reads of organisations that pages, reports and the API share."""

from django.db.models import Model, Q, QuerySet

from impactplein.core.history import HistoryEntry, history_entries
from impactplein.organisations.identifiers import IdentifierError, normalise_kvk_number
from impactplein.organisations.models import Membership, Organisation

# Bookkeeping fields that every change touches; history shows what people changed.
_NOT_SHOWN_IN_HISTORY = ("updated_at", "created_at", "version", "id")


def kvk_number_of(text: str) -> str | None:
    """``text`` as the register writes a KvK number, or ``None`` when it is not a valid one."""
    try:
        return normalise_kvk_number(text)
    except IdentifierError:
        return None


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


def organisation_history(*, organisation: Organisation) -> list[HistoryEntry]:
    """Who changed what and when, newest first."""
    return history_entries(
        organisation.history.select_related("history_user").order_by("history_date", "history_id"),
        model=Organisation,
        hidden=_NOT_SHOWN_IN_HISTORY,
    )
