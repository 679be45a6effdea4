"""Reads of contracts: who sees which, the filtered list, the history, PSO at award.

``contracts_visible_to`` is the one place that says who sees which contract: an officer with
``socialreturn.view_contract`` through a role sees every contract; anyone else exactly the
contracts of the organisations they are a member of. Every page and export starts from it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, QuerySet

from impactplein.core.history import HistoryEntry, history_entries
from impactplein.directory.selectors import certifications_on
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import PSOLevel
from impactplein.socialreturn.models import Contract

_model_backend = ModelBackend()

#: Orders of the list as the address shows them -> the database's order.
CONTRACT_ORDERS = {
    "awarded": ("-awarded_on", "reference"),
    "reference": ("reference",),
    "title": ("title", "reference"),
    "supplier": ("supplier__name", "reference"),
    "value": ("-value", "reference"),
    "obligation": ("-obligation", "reference"),
    "end": ("end_date", "reference"),
}


def is_officer(user: Any) -> bool:
    """Holds the role permission to see every contract (not only as a supplier's member)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    return _model_backend.has_perm(user, "socialreturn.view_contract")


def contracts_visible_to(user: Any) -> QuerySet[Contract]:
    """The contracts ``user`` may see: all for an officer, their organisations' for a member."""
    contracts = Contract.objects.select_related("supplier", "scheme")
    if is_officer(user):
        return contracts
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return contracts.none()
    return contracts.filter(supplier__memberships__user=user).distinct()


@dataclass(frozen=True)
class ContractFilters:
    status: str = ""
    department: str = ""
    supplier: int | None = None
    contract_type: str = ""
    year: int | None = None  # a contract running in that calendar year
    query: str = ""
    order: str = "awarded"


def contract_list(*, user: Any, filters: ContractFilters) -> QuerySet[Contract]:
    contracts = contracts_visible_to(user)
    if filters.status:
        contracts = contracts.filter(status=filters.status)
    if filters.department:
        contracts = contracts.filter(buyer_department=filters.department)
    if filters.supplier:
        contracts = contracts.filter(supplier_id=filters.supplier)
    if filters.contract_type:
        contracts = contracts.filter(contract_type=filters.contract_type)
    if filters.year:
        contracts = contracts.filter(
            start_date__lte=date(filters.year, 12, 31), end_date__gte=date(filters.year, 1, 1)
        )
    text = filters.query.strip()
    if text:
        contracts = contracts.filter(Q(reference__icontains=text) | Q(title__icontains=text))
    order = CONTRACT_ORDERS.get(filters.order, CONTRACT_ORDERS["awarded"])
    return contracts.order_by(*order, "pk")


def departments() -> list[str]:
    """The buyer departments in use, for the filter and the form's suggestions."""
    return list(
        Contract.objects.order_by("buyer_department")
        .values_list("buyer_department", flat=True)
        .distinct()
    )


def suppliers_with_contracts(user: Any) -> QuerySet[Organisation]:
    ids = contracts_visible_to(user).values("supplier_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")


def contract_years() -> list[int]:
    first = Contract.objects.order_by("start_date").values_list("start_date", flat=True).first()
    last = Contract.objects.order_by("-end_date").values_list("end_date", flat=True).first()
    if first is None or last is None:
        return []
    return list(range(first.year, last.year + 1))


def supplier_pso_level_on(supplier: Organisation, day: date) -> str:
    """The supplier's PSO level valid on ``day`` per its directory certifications ("" if none)."""
    levels = [
        item.certification.level
        for item in certifications_on(supplier, day)
        if item.certification.kind == "pso"
        and str(item.status) in ("valid", "expiring")
        and item.certification.level in PSOLevel.values
    ]
    order = list(PSOLevel.values)
    return max(levels, key=order.index) if levels else ""


# --- history ------------------------------------------------------------------------------------

_NOT_SHOWN = ("updated_at", "created_at", "version", "id", "obligation_inputs")


def contract_history(*, contract: Contract) -> list[HistoryEntry]:
    """Who changed what and when, newest first (each field old -> new)."""
    return history_entries(
        contract.history.select_related("history_user").order_by("history_date", "history_id"),
        model=Contract,
        hidden=_NOT_SHOWN,
    )
