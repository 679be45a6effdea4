"""Writing fulfilment: entries, their evidence and their way from draft to approved.

An entry is a draft while its author works on it, ``submitted`` when it waits for an officer,
then ``approved`` (locked for good: no edit, no delete, no new evidence) or ``rejected`` with a
reason (edited and submitted again). Only a draft may be deleted. Every write:

* runs in one transaction and locks the entry (``select_for_update``);
* refuses an edit made on an older ``version`` (:class:`StaleEntryError`);
* records the actor and what happened in the history (``history_change_reason`` holds a code of
  :data:`CHANGE_REASONS`);
* values the contract's entries again (``valuing.revalue_contract``), because the counting caps
  per candidate depend on every entry's status and order.

Four eyes: the officer who approves or rejects is never the person who entered the entry, nor
the person who last changed or submitted it. Permission to act at all (supplier member, officer)
is the caller's check (``rules.py``); the four-eyes rule is checked here since it depends on the
entry's history.
"""

import io
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core.images import clean_image
from impactplein.organisations.selectors import membership_role
from impactplein.socialreturn import valuing
from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import (
    Contract,
    EntryEvidence,
    FulfilmentEntry,
)

# The fields each kind of entry holds; the others stay empty.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.PLACEMENT: (
        "candidate",
        "target_group",
        "block",
        "benefit_duration_months",
        "age_at_reference_date",
        "hours_per_week",
        "start_date",
        "end_date",
        "permanent_contract",
        "status_holder",
        "wage_subsidy_until",
        "description",
    ),
    EntryKind.PURCHASE: (
        "block",
        "invoice_number",
        "invoice_date",
        "amount",
        "social_enterprise",
        "description",
    ),
    EntryKind.ACTIVITY: ("block", "description", "hours", "persons", "days", "amount"),
    EntryKind.COST_ITEM: ("block", "amount", "description"),
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.PLACEMENT: ("candidate", "target_group", "hours_per_week", "start_date"),
    EntryKind.PURCHASE: ("block", "invoice_number", "invoice_date", "amount", "social_enterprise"),
    EntryKind.ACTIVITY: ("block", "description"),
    EntryKind.COST_ITEM: ("block", "amount", "description"),
}
ALL_FIELDS = tuple(sorted({name for names in KIND_FIELDS.values() for name in names}))
_EMPTY: dict[str, Any] = {
    "candidate": None,
    "target_group": "",
    "block": "",
    "benefit_duration_months": None,
    "age_at_reference_date": None,
    "hours_per_week": None,
    "start_date": None,
    "end_date": None,
    "permanent_contract": False,
    "status_holder": False,
    "wage_subsidy_until": None,
    "invoice_number": "",
    "invoice_date": None,
    "amount": None,
    "social_enterprise": None,
    "description": "",
    "hours": None,
    "persons": None,
    "days": None,
}

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

REQUIRED = _("Vul dit veld in.")
LOCKED = _("Deze invulling is goedgekeurd en staat vast: ze kan niet meer worden gewijzigd.")
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
NOT_SUBMITTABLE = _("Alleen een concept of een afgewezen invulling kan worden ingediend.")
NOT_DECIDABLE = _("Alleen een ingediende invulling kan worden goedgekeurd of afgewezen.")
FOUR_EYES = _(
    "U kunt deze invulling niet beoordelen, omdat u haar zelf hebt ingevoerd of als laatste hebt "
    "gewijzigd of ingediend. Een andere medewerker moet haar goedkeuren of afwijzen."
)
REASON_REQUIRED = _("Geef de reden van de afwijzing, zodat de opdrachtnemer weet wat er mist.")
END_BEFORE_START = _("De einddatum ligt voor de startdatum.")
SUBSIDY_BEFORE_START = _("De loonkostensubsidie kan niet eindigen voor de startdatum.")
NOT_POSITIVE = _("Vul een getal groter dan nul in.")
HOURS_OR_DAYS = _("Vul de uren, het aantal dagen of de kosten van de activiteit in.")
INVOICE_TAKEN = _("Factuurnummer %(number)s is voor dit contract al ingevoerd (invulling %(pk)s).")


class StaleEntryError(Exception):
    """The change was made on an older version of the entry; nothing was saved.

    ``current`` is the entry as it is now, so the caller can show it beside what the user typed.
    """

    def __init__(self, current: FulfilmentEntry) -> None:
        super().__init__(f"Entry {current.pk} is at version {current.version}; change refused.")
        self.current = current


# --- helpers -------------------------------------------------------------------------------------


def acts_on_behalf(actor: Model, contract: Contract) -> bool:
    """Whether ``actor`` enters for the supplier without being one of its members (an officer)."""
    return membership_role(user=actor, organisation=contract.supplier) is None


def _locked(entry_pk: int) -> FulfilmentEntry:
    return (
        FulfilmentEntry.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=entry_pk)
    )


def _check_version(current: FulfilmentEntry, version: int | None) -> None:
    if version is not None and int(version) != current.version:
        raise StaleEntryError(current)


def _save(entry: FulfilmentEntry, actor: Model | None, reason: str) -> None:
    entry.updated_at = timezone.now()
    entry._history_user = actor  # type: ignore[attr-defined]
    entry._change_reason = reason  # type: ignore[attr-defined]
    entry.save()


def _finish(entry: FulfilmentEntry, actor: Model | None) -> FulfilmentEntry:
    """Value the contract again and hand back the entry as stored."""
    valuing.revalue_contract(entry.contract, actor=actor, changed=entry)
    from impactplein.socialreturn.services.reports import ensure_reports

    ensure_reports(entry.contract)
    return FulfilmentEntry.objects.select_related("contract", "candidate").get(pk=entry.pk)


def _normalised(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ALL_FIELDS)
    if unknown:
        raise TypeError(f"Not an entry field: {', '.join(sorted(unknown))}")
    allowed = KIND_FIELDS[kind]
    values = {name: _EMPTY[name] for name in ALL_FIELDS}
    for name, value in fields.items():
        if name not in allowed:
            continue
        if isinstance(value, str):
            value = value.strip()
        values[name] = _EMPTY[name] if value is None else value
    if kind == EntryKind.ACTIVITY and values["hours"] is not None and not values["persons"]:
        values["persons"] = 1
    return values


def _validate(contract: Contract, kind: str, values: dict[str, Any], pk: int | None) -> None:
    errors: dict[str, list[Any]] = {}

    def add(field: str, message: Any, code: str, **params: Any) -> None:
        errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    for name in REQUIRED_FIELDS[kind]:
        if values[name] in (None, ""):
            add("candidate_code" if name == "candidate" else name, REQUIRED, "required")
    for name in ("hours_per_week", "amount", "hours"):
        number = values.get(name)
        if number is not None and Decimal(number) <= 0:
            add(name, NOT_POSITIVE, "not_positive")
    for name in ("persons", "days"):
        if values.get(name) is not None and int(values[name]) <= 0:
            add(name, NOT_POSITIVE, "not_positive")
    start, end = values["start_date"], values["end_date"]
    if start and end and end < start:
        add("end_date", END_BEFORE_START, "end_before_start")
    subsidy = values["wage_subsidy_until"]
    if start and subsidy and subsidy < start:
        add("wage_subsidy_until", SUBSIDY_BEFORE_START, "subsidy_before_start")
    if kind == EntryKind.ACTIVITY and all(
        values[name] is None for name in ("hours", "days", "amount")
    ):
        add("hours", HOURS_OR_DAYS, "hours_or_days")
    if kind == EntryKind.PURCHASE and values["invoice_number"]:
        taken = (
            FulfilmentEntry.objects.filter(
                contract=contract,
                kind=EntryKind.PURCHASE,
                invoice_number__iexact=values["invoice_number"],
            )
            .exclude(pk=pk)
            .values_list("pk", flat=True)
            .first()
        )
        if taken is not None:
            add(
                "invoice_number",
                INVOICE_TAKEN,
                "invoice_taken",
                number=values["invoice_number"],
                pk=f"#{taken}",
            )
    if errors:
        raise ValidationError(errors)


# --- entries -------------------------------------------------------------------------------------


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
    values = _normalised(kind, fields)
    _validate(contract, kind, values, None)
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
    _save(entry, actor, "created")
    if checked is not None:
        _store_evidence(entry, checked, evidence, actor)
    return _finish(entry, actor)


@transaction.atomic
def entry_update(
    *, actor: Model, entry: FulfilmentEntry, version: int | None, **fields: Any
) -> FulfilmentEntry:
    """Change a draft or rejected entry (a rejected one stays rejected until it is submitted).

    Raises :class:`StaleEntryError` when ``version`` is not the stored one, ``ValidationError``
    for a submitted or approved entry or bad values.
    """
    current = _locked(entry.pk)
    _check_version(current, version)
    _require_editable(current)
    # The contract's row serialises writers, so two entries cannot take one invoice number.
    Contract.objects.select_for_update().filter(pk=current.contract_id).first()
    values = _normalised(current.kind, fields)
    _validate(current.contract, current.kind, values, current.pk)
    for name, value in values.items():
        setattr(current, name, value)
    valuing.check_entry(current)
    current.version += 1
    _save(current, actor, "changed")
    return _finish(current, actor)


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
    current = _locked(entry.pk)
    _check_version(current, version)
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
    valuing.revalue_contract(contract, actor=actor)
    from impactplein.socialreturn.services.reports import ensure_reports

    ensure_reports(contract)


def _require_editable(entry: FulfilmentEntry) -> None:
    if entry.status == EntryStatus.APPROVED:
        raise ValidationError(LOCKED, code="locked")
    if entry.status == EntryStatus.SUBMITTED:
        raise ValidationError(NOT_EDITABLE, code="submitted")


def _submit(current: FulfilmentEntry, actor: Model) -> None:
    if current.status not in (EntryStatus.DRAFT, EntryStatus.REJECTED):
        raise ValidationError(NOT_SUBMITTABLE, code="not_submittable")
    current.status = EntryStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.decided_by = None
    current.decided_at = None
    current.version += 1
    _save(current, actor, "submitted")


@transaction.atomic
def entry_submit(*, actor: Model, entry: FulfilmentEntry, version: int | None) -> FulfilmentEntry:
    """Hand a draft (or a corrected rejected entry) to the officers for approval."""
    current = _locked(entry.pk)
    _check_version(current, version)
    _submit(current, actor)
    return _finish(current, actor)


def last_author_ids(entry: FulfilmentEntry) -> set[int]:
    """The users who may not decide on ``entry``: who entered it, who last changed its data and
    who last submitted it."""
    ids = {entry.entered_by_id} if entry.entered_by_id else set()
    for reasons in (("created", "changed"), ("submitted",)):
        last = (
            entry.history.filter(history_change_reason__in=reasons)
            .order_by("-history_date", "-history_id")
            .values_list("history_user_id", flat=True)
            .first()
        )
        if last is not None:
            ids.add(last)
    return ids


def may_decide(actor: Model, entry: FulfilmentEntry) -> bool:
    """Whether the four-eyes rule lets ``actor`` decide on ``entry`` (permission aside)."""
    return actor.pk not in last_author_ids(entry)


def _decide(current: FulfilmentEntry, actor: Model, version: int | None) -> None:
    _check_version(current, version)
    if not actor.has_perm("socialreturn.approve_fulfilmententry", current):  # type: ignore[attr-defined]
        raise PermissionDenied
    if current.status != EntryStatus.SUBMITTED:
        raise ValidationError(NOT_DECIDABLE, code="not_submitted")
    if not may_decide(actor, current):
        raise ValidationError(FOUR_EYES, code="four_eyes")


@transaction.atomic
def entry_approve(*, actor: Model, entry: FulfilmentEntry, version: int | None) -> FulfilmentEntry:
    """Approve a submitted entry: it counts as realised and is locked from now on."""
    current = _locked(entry.pk)
    _decide(current, actor, version)
    current.status = EntryStatus.APPROVED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.rejection_reason = ""
    current.version += 1
    _save(current, actor, "approved")
    return _finish(current, actor)


@transaction.atomic
def entry_reject(
    *, actor: Model, entry: FulfilmentEntry, version: int | None, reason: str
) -> FulfilmentEntry:
    """Send a submitted entry back with ``reason`` (required); the supplier may correct it."""
    current = _locked(entry.pk)
    _decide(current, actor, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, code="required")})
    current.status = EntryStatus.REJECTED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.rejection_reason = reason
    current.version += 1
    _save(current, actor, "rejected")
    return _finish(current, actor)


def submit_drafts(*, actor: Model, entries: list[FulfilmentEntry]) -> int:
    """Submit these drafts in the caller's transaction (a period report); returns how many."""
    count = 0
    for entry in entries:
        current = _locked(entry.pk)
        if current.status != EntryStatus.DRAFT:
            continue
        _submit(current, actor)
        count += 1
    return count


# --- evidence ------------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_PIXELS = 40_000_000
# An office file is a zip archive; refuse one that would unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EVIDENCE_EMPTY = _("Dit bestand is leeg.")
EVIDENCE_TOO_LARGE = _("Dit bestand is te groot: een bewijsstuk mag hoogstens 10 MB zijn.")
EVIDENCE_UNKNOWN = _(
    "Dit bestand is geen PDF, JPEG, PNG, Excel-bestand (XLSX) of Word-document (DOCX). Kies een "
    "bewijsstuk in een van die formaten."
)
EVIDENCE_BROKEN_PDF = _(
    "Deze PDF is beschadigd of onvolledig. Sla het bewijsstuk opnieuw op als PDF en probeer het "
    "nog eens."
)
EVIDENCE_MACROS = _(
    "Dit Office-bestand bevat macro's of is beschadigd. Sla het op als gewoon XLSX- of "
    "DOCX-bestand zonder macro's, of als PDF."
)


def _read_upload(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": ValidationError(EVIDENCE_TOO_LARGE, code="too_large")})
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(EVIDENCE_MAX_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(content) > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": ValidationError(EVIDENCE_TOO_LARGE, code="too_large")})
    if not content:
        raise ValidationError({"file": ValidationError(EVIDENCE_EMPTY, code="empty")})
    return bytes(content)


def _pdf_complete(tail: bytes) -> bool:
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return False
    pointer = tail.rfind(b"startxref", 0, end)
    return pointer >= 0 and tail[pointer + len(b"startxref") : end].strip().isdigit()


def _office_kind(content: bytes) -> str | None:
    """``"xlsx"`` or ``"docx"`` for an Office Open XML file without macros, else ``None``."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                return None
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types:
                return None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def evidence_kind(content: bytes) -> str | None:
    """The extension of what ``content`` is, judged by its bytes: pdf, jpg, png, xlsx, docx."""
    head = content[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    return None


def clean_evidence(upload: Any) -> File:
    """A checked copy of ``upload``: PDF and Office files as they are, images re-encoded.

    Judged by content, never by the name or the browser's content type: a script renamed to
    ``.pdf`` is refused. Raises ``ValidationError`` on ``file`` and stores nothing.
    """
    content = _read_upload(upload)
    kind = evidence_kind(content)
    if kind is None:
        message = EVIDENCE_MACROS if content.startswith(b"PK\x03\x04") else EVIDENCE_UNKNOWN
        raise ValidationError({"file": ValidationError(message, code="unknown_type")})
    if kind == "pdf" and not _pdf_complete(content[-2048:]):
        raise ValidationError({"file": ValidationError(EVIDENCE_BROKEN_PDF, code="broken_pdf")})
    if kind in ("jpg", "png"):
        try:
            return clean_image(
                io.BytesIO(content),
                max_bytes=EVIDENCE_MAX_BYTES,
                max_pixels=EVIDENCE_MAX_PIXELS,
                name_prefix="bewijs",
            )
        except ValidationError as error:
            raise ValidationError({"file": error.messages}, code="invalid") from error
    return ContentFile(content, name=f"bewijs.{kind}")


def _original_name(upload: Any, stored: File) -> str:
    name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = str(stored.name).rsplit(".", 1)[-1]
    stem = name.rsplit(".", 1)[0][:150] if name else "bewijs"
    return f"{stem or 'bewijs'}.{extension}"


def _store_evidence(
    entry: FulfilmentEntry, checked: File, upload: Any, actor: Model
) -> EntryEvidence:
    item = EntryEvidence(
        entry=entry, original_name=_original_name(upload, checked), uploaded_by=actor
    )
    # The model's upload_to gives a random name under socialreturn/ in the private storage.
    item.file.save(checked.name or "bewijs", checked, save=False)
    item.save()
    return item


@transaction.atomic
def evidence_add(*, actor: Model, entry: FulfilmentEntry, upload: Any) -> EntryEvidence:
    """Attach a file to an entry that is not approved; stored privately under a random name."""
    current = _locked(entry.pk)
    if current.status == EntryStatus.APPROVED:
        raise ValidationError({"file": ValidationError(LOCKED, code="locked")})
    checked = clean_evidence(upload)
    item = _store_evidence(current, checked, upload, actor)
    current._history_user = actor  # type: ignore[attr-defined]
    current._change_reason = "evidence"  # type: ignore[attr-defined]
    current.save(update_fields=["updated_at"])
    return item


__all__ = [
    "StaleEntryError",
    "clean_evidence",
    "entry_approve",
    "entry_create",
    "entry_delete",
    "entry_reject",
    "entry_submit",
    "entry_update",
    "evidence_add",
]
