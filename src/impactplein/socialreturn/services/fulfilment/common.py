"""What every write of an entry shares: the lock on the entry, the version check, the history
record with its reason, and valuing the contract again afterwards.
"""

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.organisations.selectors import membership_role
from impactplein.socialreturn import valuing
from impactplein.socialreturn.models import Contract, FulfilmentEntry

# What a history record says happened (stored as the code, shown through its label).
CHANGE_REASONS = {
    "created": _("aangemaakt"),
    "changed": _("gewijzigd"),
    "submitted": _("ingediend"),
    "approved": _("goedgekeurd"),
    "rejected": _("afgewezen"),
    "waardering": _("waarde opnieuw berekend"),
    "evidence": _("bewijsstuk toegevoegd"),
    "deleted": _("verwijderd"),
}

LOCKED = _("Deze invulling is goedgekeurd en staat vast: ze kan niet meer worden gewijzigd.")


class StaleEntryError(Exception):
    """The change was made on an older version of the entry; nothing was saved.

    ``current`` is the entry as it is now, so the caller can show it beside what the user typed.
    """

    def __init__(self, current: FulfilmentEntry) -> None:
        super().__init__(f"Entry {current.pk} is at version {current.version}; change refused.")
        self.current = current


def acts_on_behalf(actor: Model, contract: Contract) -> bool:
    """Whether ``actor`` enters for the supplier without being one of its members (an officer)."""
    return membership_role(user=actor, organisation=contract.supplier) is None


def locked_entry(entry_pk: int) -> FulfilmentEntry:
    return (
        FulfilmentEntry.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=entry_pk)
    )


def check_version(current: FulfilmentEntry, version: int | None) -> None:
    if version is not None and int(version) != current.version:
        raise StaleEntryError(current)


def save_entry(entry: FulfilmentEntry, actor: Model | None, reason: str) -> None:
    entry.updated_at = timezone.now()
    entry._history_user = actor  # type: ignore[attr-defined]
    entry._change_reason = reason  # type: ignore[attr-defined]
    entry.save()


def revalue(
    contract: Contract, actor: Model | None, changed: FulfilmentEntry | None = None
) -> None:
    """Value the contract's entries again and plan its reports anew after a change."""
    valuing.revalue_contract(contract, actor=actor, changed=changed)
    from impactplein.socialreturn.services.reports import ensure_reports

    ensure_reports(contract)


def finish(entry: FulfilmentEntry, actor: Model | None) -> FulfilmentEntry:
    """Value the contract again and hand back the entry as stored."""
    revalue(entry.contract, actor, changed=entry)
    return FulfilmentEntry.objects.select_related("contract", "candidate").get(pk=entry.pk)
