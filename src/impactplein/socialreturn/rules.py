"""Who may do what in the social-return monitor (auto-discovered by ``rules``).

Officers act on every contract through their role's model permissions. A supplier's members see
only their own organisation's contracts and report fulfilment on them; they never see who a
candidate code stands for. An entry is edited while it is a draft or was rejected; once submitted
it waits for an officer, and an approved entry is locked. Approving needs
``socialreturn.approve_fulfilmententry`` and is never done by the person who entered the entry
(the service enforces that, since it depends on the entry's history, not only on the user).
"""

import rules

from impactplein.core.permissions import has_model_perm
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import membership_role
from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import (
    Contract,
    EntryEvidence,
    FulfilmentEntry,
    PeriodReport,
)


def _supplier_of(obj: object) -> Organisation | None:
    if isinstance(obj, Contract):
        return obj.supplier
    if isinstance(obj, FulfilmentEntry | PeriodReport):
        return obj.contract.supplier
    if isinstance(obj, EntryEvidence):
        return obj.entry.contract.supplier
    return None


def _entry_of(obj: object) -> FulfilmentEntry | None:
    if isinstance(obj, FulfilmentEntry):
        return obj
    if isinstance(obj, EntryEvidence):
        return obj.entry
    return None


@rules.predicate
def is_supplier_member(user: object, obj: object) -> bool:
    supplier = _supplier_of(obj)
    if supplier is None or not getattr(user, "is_authenticated", False):
        return False
    return membership_role(user=user, organisation=supplier) is not None


@rules.predicate
def is_editable_entry(user: object, obj: object) -> bool:
    entry = _entry_of(obj)
    return entry is not None and entry.status in (EntryStatus.DRAFT, EntryStatus.REJECTED)


_OFFICER_VIEW = has_model_perm("socialreturn.view_contract")

rules.add_perm("socialreturn.view_contract", is_supplier_member | _OFFICER_VIEW)
# Reporting on a contract: the supplier's members, or an officer on the supplier's behalf.
rules.add_perm(
    "socialreturn.add_fulfilmententry",
    is_supplier_member | has_model_perm("socialreturn.add_fulfilmententry"),
)
rules.add_perm(
    "socialreturn.view_fulfilmententry",
    is_supplier_member | has_model_perm("socialreturn.view_fulfilmententry"),
)
rules.add_perm(
    "socialreturn.change_fulfilmententry",
    is_editable_entry
    & (is_supplier_member | has_model_perm("socialreturn.change_fulfilmententry")),
)
rules.add_perm(
    "socialreturn.approve_fulfilmententry",
    has_model_perm("socialreturn.approve_fulfilmententry"),
)
rules.add_perm(
    "socialreturn.view_entryevidence",
    is_supplier_member | has_model_perm("socialreturn.view_fulfilmententry"),
)
rules.add_perm(
    "socialreturn.change_periodreport",
    is_supplier_member | has_model_perm("socialreturn.change_periodreport"),
)
# Who a candidate code stands for: the employer-services role only, never a supplier.
rules.add_perm(
    "socialreturn.view_candidateidentity",
    has_model_perm("socialreturn.view_candidateidentity"),
)


@rules.predicate
def is_member_of_a_supplier(user: object) -> bool:
    """A member of an organisation that holds at least one contract (shows "Mijn social return")."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    return Contract.objects.filter(supplier__memberships__user=user).exists()


# The contracts list: officers see every contract, a supplier's members their own.
rules.add_perm("socialreturn.list_contracts", is_member_of_a_supplier | _OFFICER_VIEW)
