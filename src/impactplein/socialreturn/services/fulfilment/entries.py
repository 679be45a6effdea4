"""Recording, changing and deleting an entry while it is the supplier's: a draft, or a rejected
entry being corrected (deleting: a draft only)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from impactplein.socialreturn import valuing
from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import Contract, FulfilmentEntry
from impactplein.socialreturn.services.fulfilment.common import (
    LOCKED,
    acts_on_behalf,
    check_version,
    finish,
    locked_entry,
    revalue,
    save_entry,
)
from impactplein.socialreturn.services.fulfilment.evidence import clean_evidence, store_evidence
from impactplein.socialreturn.services.fulfilment.fields import KIND_FIELDS, normalised, validate

NOT_EDITABLE = _(
    "Deze invulling is ingediend en wacht op beoordeling; wijzigen kan weer als ze is afgewezen."
)
# Why an entry that is no draft cannot be deleted, by its status.
NOT_DELETABLE = {
    EntryStatus.SUBMITTED: _(
        "Deze invulling is ingediend en wacht op beoordeling; alleen een concept kan worden "
        "verwijderd."
    ),
    EntryStatus.APPROVED: _(
        "Deze invulling is goedgekeurd en staat vast; alleen een concept kan worden verwijderd."
    ),
    EntryStatus.REJECTED: _(
        "Deze invulling is afgewezen en blijft bewaard; alleen een concept kan worden verwijderd. "
        "Verbeter haar en dien haar opnieuw in."
    ),
}


@transaction.atomic
def entry_create(
    *,
    actor: Model,
    contract: Contract,
    kind: str,
    evidence: File | None = None,
    **fields: Any,
) -> FulfilmentEntry:
    """Record a draft entry of ``kind`` on ``contract`` and value it with the pinned scheme.

    ``fields`` are the kind's fields (see :data:`KIND_FIELDS`; ``candidate`` is a
    :class:`Candidate`, ``social_enterprise`` an :class:`Organisation`). An entry by somebody who
    is not a member of the supplier is marked ``entered_on_behalf``. ``evidence`` is an optional
    first file, checked like :func:`evidence_add`. Raises ``ValidationError`` by field.
    """
    if kind not in KIND_FIELDS:
        raise ValidationError(_("Onbekende soort invulling."), code="unknown_kind")
    Contract.objects.select_for_update().filter(pk=contract.pk).first()
    values = normalised(kind, fields)
    validate(contract, kind, values, None)
    entry = FulfilmentEntry(
        contract=contract,
        kind=kind,
        status=EntryStatus.DRAFT,
        entered_by=actor,
        entered_on_behalf=acts_on_behalf(actor, contract),
        **values,
    )
    valuing.check_entry(entry)
    checked = clean_evidence(evidence) if evidence is not None else None
    save_entry(entry, actor, "created")
    if checked is not None:
        store_evidence(entry, checked, evidence, actor)
    return finish(entry, actor)


@transaction.atomic
def entry_update(
    *, actor: Model, entry: FulfilmentEntry, version: int | None, **fields: Any
) -> FulfilmentEntry:
    """Change a draft or rejected entry (a rejected one stays rejected until it is submitted).

    Raises :class:`StaleEntryError` when ``version`` is not the stored one, ``ValidationError``
    for a submitted or approved entry or bad values.
    """
    current = locked_entry(entry.pk)
    check_version(current, version)
    _require_editable(current)
    # The contract's row serialises writers, so two entries cannot take one invoice number.
    Contract.objects.select_for_update().filter(pk=current.contract_id).first()
    values = normalised(current.kind, fields)
    validate(current.contract, current.kind, values, current.pk)
    for name, value in values.items():
        setattr(current, name, value)
    valuing.check_entry(current)
    current.version += 1
    save_entry(current, actor, "changed")
    return finish(current, actor)


@transaction.atomic
def entry_delete(*, actor: Model, entry: FulfilmentEntry, version: int | None) -> None:
    """Remove a draft entry with its evidence files and value the contract's entries again.

    Only a draft goes: a submitted, approved or rejected entry has been in an officer's hands
    and stays. Only who may edit the entry may delete it (``socialreturn.change_fulfilmententry``,
    else ``PermissionDenied``). Raises :class:`StaleEntryError` when ``version`` is not the stored
    one and ``ValidationError`` for an entry that is no draft; then nothing changes. The entry's
    history stays, ending in a record of the deletion with ``actor`` and the reason ``deleted``;
    the evidence files are removed from storage once the transaction has committed.
    """
    current = locked_entry(entry.pk)
    check_version(current, version)
    if current.status != EntryStatus.DRAFT:
        raise ValidationError(NOT_DELETABLE[current.status], code="not_draft")
    if not actor.has_perm("socialreturn.change_fulfilmententry", current):  # type: ignore[attr-defined]
        raise PermissionDenied
    # The contract's row serialises writers, as for every other change of its entries.
    contract = Contract.objects.select_for_update().get(pk=current.contract_id)
    files = [item.file for item in current.evidence.all()]
    current._history_user = actor  # type: ignore[attr-defined]
    current._change_reason = "deleted"  # type: ignore[attr-defined]
    current.delete()
    for file in files:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    revalue(contract, actor)


def _require_editable(entry: FulfilmentEntry) -> None:
    if entry.status == EntryStatus.APPROVED:
        raise ValidationError(LOCKED, code="locked")
    if entry.status == EntryStatus.SUBMITTED:
        raise ValidationError(NOT_EDITABLE, code="submitted")
