"""Reads of fulfilment: a contract's entries, one entry with its history, the approval queue,
the export's rows and a contract's reports.

Nothing here reads ``CandidateIdentity``: a placement is shown by its candidate's code wherever
these rows go (pages, exports, history), whoever looks. Who may look at a contract is decided by
the caller through ``rules.py`` (``socialreturn.view_contract``).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from impactplein.core.history import HistoryEntry, history_entries
from impactplein.organisations.models import Organisation
from impactplein.socialreturn import valuing
from impactplein.socialreturn.constants import EntryKind, EntryStatus, ReportStatus
from impactplein.socialreturn.models import (
    Contract,
    EntryEvidence,
    FulfilmentEntry,
    PeriodReport,
)
from impactplein.socialreturn.services.fulfilment import CHANGE_REASONS, KIND_FIELDS

QUEUE_PER_PAGE = 25
ENTRIES_PER_PAGE = 50


def entries_of_contract(
    contract: Contract, *, status: str = "", kind: str = ""
) -> QuerySet[FulfilmentEntry]:
    """The contract's entries, oldest first, optionally of one status and one kind."""
    entries = FulfilmentEntry.objects.filter(contract=contract).select_related(
        "candidate", "social_enterprise"
    )
    if status in EntryStatus.values:
        entries = entries.filter(status=status)
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    return entries.order_by("created_at", "pk")


def entry_get(*, pk: int) -> FulfilmentEntry:
    """One entry with what its page shows; ``DoesNotExist`` when there is none."""
    return FulfilmentEntry.objects.select_related(
        "contract",
        "contract__supplier",
        "contract__scheme",
        "candidate",
        "social_enterprise",
        "entered_by",
        "decided_by",
    ).get(pk=pk)


def evidence_get(*, pk: int) -> EntryEvidence:
    return EntryEvidence.objects.select_related("entry", "entry__contract__supplier").get(pk=pk)


def evidence_of(entry: FulfilmentEntry) -> QuerySet[EntryEvidence]:
    return entry.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk")


@dataclass(frozen=True)
class QueueFilters:
    contract: str = ""  # part of the reference
    supplier: int | None = None
    kind: str = ""


def approval_queue(filters: QueueFilters) -> QuerySet[FulfilmentEntry]:
    """Submitted entries waiting for an officer, the longest waiting first."""
    entries = FulfilmentEntry.objects.filter(status=EntryStatus.SUBMITTED).select_related(
        "contract", "contract__supplier", "candidate", "entered_by"
    )
    if filters.contract:
        entries = entries.filter(contract__reference__icontains=filters.contract.strip())
    if filters.supplier:
        entries = entries.filter(contract__supplier_id=filters.supplier)
    if filters.kind in EntryKind.values:
        entries = entries.filter(kind=filters.kind)
    return entries.order_by("submitted_at", "pk")


def queue_suppliers() -> QuerySet[Organisation]:
    """Suppliers with at least one submitted entry, for the queue's filter."""
    return (
        Organisation.objects.filter(socialreturn_contracts__entries__status=EntryStatus.SUBMITTED)
        .distinct()
        .order_by("name", "pk")
    )


# --- what an entry says, in words ----------------------------------------------------------------


def target_group_labels(contract: Contract) -> dict[str, str]:
    return dict(valuing.scheme_of(contract).target_groups())


def block_labels(contract: Contract) -> dict[str, str]:
    return {block.code: block.label for block in valuing.scheme_of(contract).blocks}


def entry_summary(entry: FulfilmentEntry, groups: dict[str, str] | None = None) -> str:
    """One line naming the entry: candidate code and target group, invoice, or description."""
    if entry.kind == EntryKind.PLACEMENT:
        groups = groups if groups is not None else target_group_labels(entry.contract)
        code = entry.candidate.code if entry.candidate_id else "—"
        return f"{code}, {groups.get(entry.target_group, entry.target_group)}"
    if entry.kind == EntryKind.PURCHASE:
        enterprise = entry.social_enterprise.name if entry.social_enterprise_id else ""
        return str(
            _("Factuur %(number)s van %(enterprise)s")
            % {"number": entry.invoice_number, "enterprise": enterprise}
        )
    return entry.description


@dataclass(frozen=True)
class FieldRow:
    label: str
    value: str


def _display(entry: Any, name: str, groups: dict[str, str], blocks: dict[str, str]) -> str:
    field = FulfilmentEntry._meta.get_field(name)
    value = getattr(entry, field.attname)
    if name == "candidate":
        candidate = getattr(entry, "candidate", None) if value else None
        return candidate.code if candidate is not None else "—"
    if value in (None, ""):
        return "—"
    if name == "target_group":
        return groups.get(value, value)
    if name == "block":
        return blocks.get(value, value)
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "social_enterprise":
        related = getattr(entry, name, None)
        return related.name if related is not None else str(value)
    if field.is_relation:
        related = getattr(entry, name, None)
        return str(related) if related is not None else "—"
    if hasattr(value, "isoformat"):
        return date_format(value, "j F Y")
    if name in ("amount", "value"):
        return "€ " + number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(value)


def entry_fields(entry: FulfilmentEntry) -> list[FieldRow]:
    """The entry's data as label/value rows, only the fields its kind holds."""
    groups = target_group_labels(entry.contract)
    blocks = block_labels(entry.contract)
    return [
        FieldRow(
            str(FulfilmentEntry._meta.get_field(name).verbose_name).capitalize(),
            _display(entry, name, groups, blocks),
        )
        for name in KIND_FIELDS[entry.kind]
    ]


# --- history -------------------------------------------------------------------------------------


_HIDDEN = ["valuation", "updated_at", "created_at", "version", "entered_by", "report"]


def _entry_action(record: Any) -> str:
    reason = record.history_change_reason or ""
    action = CHANGE_REASONS.get(reason) or (
        _("aangemaakt") if record.history_type == "+" else _("gewijzigd")
    )
    return str(action)


def entry_history(entry: FulfilmentEntry) -> list[HistoryEntry]:
    """Who did what to the entry and when, newest first; candidates by code only."""
    groups = target_group_labels(entry.contract)
    blocks = block_labels(entry.contract)
    return history_entries(
        entry.history.select_related("history_user", "candidate", "social_enterprise").order_by(
            "history_date", "history_id"
        ),
        model=FulfilmentEntry,
        hidden=_HIDDEN,
        display=lambda record, name: _display(record, name, groups, blocks),
        action=_entry_action,
    )


# --- export --------------------------------------------------------------------------------------

EXPORT_HEADERS: tuple[str, ...] = (
    "Nummer",
    "Soort",
    "Status",
    "Omschrijving",
    "Bouwblok",
    "Kandidaatcode",
    "Doelgroep",
    "Uren per week",
    "Startdatum",
    "Einddatum",
    "Vast contract",
    "Statushouder",
    "Factuurnummer",
    "Factuurdatum",
    "Sociale onderneming",
    "Bedrag excl. btw",
    "Uren",
    "Aantal medewerkers",
    "Dagen",
    "Waarde",
    "Waarderingsmodel",
    "Namens opdrachtnemer ingevoerd",
    "Ingediend op",
    "Beoordeeld op",
    "Reden van afwijzing",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def export_rows(entries: QuerySet[FulfilmentEntry], contract: Contract) -> list[dict[str, str]]:
    """One row per entry keyed by :data:`EXPORT_HEADERS`; candidates by code, never by name."""
    groups = target_group_labels(contract)
    blocks = block_labels(contract)
    rows = []
    for entry in entries:
        rows.append(
            dict(
                zip(
                    EXPORT_HEADERS,
                    [
                        str(entry.pk),
                        str(entry.get_kind_display()),
                        str(entry.get_status_display()),
                        entry.description,
                        blocks.get(entry.block, entry.block),
                        entry.candidate.code if entry.candidate_id else "",
                        groups.get(entry.target_group, entry.target_group),
                        _text(entry.hours_per_week),
                        _text(entry.start_date),
                        _text(entry.end_date),
                        _text(entry.permanent_contract)
                        if entry.kind == EntryKind.PLACEMENT
                        else "",
                        _text(entry.status_holder) if entry.kind == EntryKind.PLACEMENT else "",
                        entry.invoice_number,
                        _text(entry.invoice_date),
                        entry.social_enterprise.name if entry.social_enterprise_id else "",
                        _text(entry.amount),
                        _text(entry.hours),
                        _text(entry.persons),
                        _text(entry.days),
                        _text(entry.value),
                        str(entry.valuation.get("scheme", "")),
                        _text(entry.entered_on_behalf),
                        _text(entry.submitted_at),
                        _text(entry.decided_at),
                        entry.rejection_reason,
                    ],
                    strict=True,
                )
            )
        )
    return rows


# --- reports -------------------------------------------------------------------------------------


def entry_date(entry: FulfilmentEntry) -> date:
    """The day an entry falls in a period by: its start, its invoice date, or its creation."""
    return entry.start_date or entry.invoice_date or timezone.localdate(entry.created_at)


def drafts_in_period(report: PeriodReport) -> list[FulfilmentEntry]:
    """The draft entries of the report's contract dated up to the end of its period."""
    drafts = FulfilmentEntry.objects.filter(contract=report.contract, status=EntryStatus.DRAFT)
    return [entry for entry in drafts.order_by("pk") if entry_date(entry) <= report.period_end]


@dataclass(frozen=True)
class ReportRow:
    report: PeriodReport
    drafts: int
    overdue: bool


def reports_of_contract(contract: Contract, *, today: Any) -> list[ReportRow]:
    """The contract's reports by due date, each with the drafts it would submit."""
    rows = []
    for report in contract.reports.select_related("submitted_by").order_by("due_date", "pk"):
        is_open = report.status == ReportStatus.OPEN
        rows.append(
            ReportRow(
                report=report,
                drafts=len(drafts_in_period(report)) if is_open else 0,
                overdue=is_open and report.due_date < today,
            )
        )
    return rows


def report_get(*, pk: int) -> PeriodReport:
    return PeriodReport.objects.select_related("contract", "contract__supplier").get(pk=pk)


def status_counts(contract: Contract) -> dict[str, int]:
    """How many entries of the contract have each status."""
    counts = FulfilmentEntry.objects.filter(contract=contract).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in EntryStatus.values}
    )
    return {status: counts[status] or 0 for status in EntryStatus.values}
