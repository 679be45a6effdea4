"""How far contracts are with their social-return obligation: one contract, many, the portfolio.

Every figure on the progress page, the portfolio dashboard, their Excel exports and the PDF
statement comes from here, so a number is the same everywhere.

Definitions (all money in whole euros, ``Decimal``):

- *approved*, *pending* and *draft* are the sums of ``FulfilmentEntry.value`` of the contract's
  entries with status approved, submitted and draft; rejected entries count nowhere.
- *remaining* = max(obligation − approved, 0); *surplus* = max(approved − obligation, 0).
- *percentage* = approved ÷ obligation × 100 (one decimal); a contract without an obligation is
  100% fulfilled.
- *elapsed* = the share of the term (start to end date, both inclusive) that lies before
  ``today``, as a percentage 0–100.
- *target* = obligation × elapsed: what a contract that fulfils evenly over its term has approved
  by now.
- *pace* = percentage ÷ elapsed (two decimals): 1.00 is on schedule, below 1 behind. ``None``
  before the term starts or without an obligation.
- *forecast* = the approved value extrapolated linearly to the end of the term:
  approved ÷ (elapsed ÷ 100). Before the start it is the approved value; after the end it is the
  approved value. A forecast, not a promise: it assumes the supplier goes on as it did.
- *warning* when more than half the term has passed and less than a quarter of the obligation is
  approved (and there is an obligation).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import Contract, FulfilmentEntry

ZERO = Decimal("0")
HUNDRED = Decimal("100")
WARNING_ELAPSED = Decimal("50")  # percent of the term
WARNING_FULFILLED = Decimal("25")  # percent of the obligation


@dataclass(frozen=True)
class KindTotals:
    """The value of one form of fulfilment on a contract (or a set of contracts)."""

    kind: str
    label: str
    approved: Decimal
    pending: Decimal
    draft: Decimal


@dataclass(frozen=True)
class ContractProgress:
    contract_id: int
    obligation: Decimal
    approved: Decimal
    pending: Decimal  # submitted, waiting for an officer
    draft: Decimal
    remaining: Decimal
    surplus: Decimal
    percentage: Decimal  # approved of the obligation, 0–…, one decimal
    elapsed: Decimal  # share of the term passed, 0–100, one decimal
    target: Decimal  # linear target by today, whole euros
    pace: Decimal | None  # percentage ÷ elapsed; None before the start or without obligation
    forecast: Decimal  # approved extrapolated to the end of the term, whole euros
    warning: bool  # past half the term and below a quarter fulfilled
    by_kind: tuple[KindTotals, ...]  # empty when not asked for (``contracts_progress``)

    @property
    def lag_key(self) -> tuple[int, Decimal, Decimal]:
        """Sort key: warnings first, then the lowest pace, then the largest remaining."""
        pace = self.pace if self.pace is not None else Decimal("999999")
        return (0 if self.warning else 1, pace, -self.remaining)


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def elapsed_share(start: date, end: date, today: date) -> Decimal:
    """The percentage (0–100) of the term ``start``..``end`` (inclusive) before ``today``."""
    term_days = (end - start).days + 1
    if term_days <= 0:
        return HUNDRED
    passed = min(max((today - start).days, 0), term_days)
    return Decimal(passed) * HUNDRED / Decimal(term_days)


def compute_progress(
    *,
    contract_id: int,
    obligation: Decimal,
    start: date,
    end: date,
    today: date,
    approved: Decimal,
    pending: Decimal,
    draft: Decimal,
    by_kind: tuple[KindTotals, ...] = (),
) -> ContractProgress:
    """The figures of one contract from its totals (see the module docstring)."""
    obligation = obligation or ZERO
    elapsed = elapsed_share(start, end, today)
    percentage = approved * HUNDRED / obligation if obligation > 0 else HUNDRED
    pace: Decimal | None = None
    if obligation > 0 and elapsed > 0:
        pace = (percentage / elapsed).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    forecast = approved if elapsed == 0 else approved * HUNDRED / elapsed
    warning = obligation > 0 and elapsed > WARNING_ELAPSED and percentage < WARNING_FULFILLED
    return ContractProgress(
        contract_id=contract_id,
        obligation=obligation,
        approved=approved,
        pending=pending,
        draft=draft,
        remaining=max(obligation - approved, ZERO),
        surplus=max(approved - obligation, ZERO),
        percentage=_one_decimal(percentage),
        elapsed=_one_decimal(elapsed),
        target=_whole(obligation * elapsed / HUNDRED),
        pace=pace,
        forecast=_whole(forecast),
        warning=warning,
        by_kind=by_kind,
    )


def _status_sums(prefix: str = "") -> dict[str, Sum]:
    field = f"{prefix}value"
    status = f"{prefix}status"
    return {
        "approved": Sum(field, filter=Q(**{status: EntryStatus.APPROVED}), default=ZERO),
        "pending": Sum(field, filter=Q(**{status: EntryStatus.SUBMITTED}), default=ZERO),
        "draft": Sum(field, filter=Q(**{status: EntryStatus.DRAFT}), default=ZERO),
    }


def kind_totals(entries: QuerySet[FulfilmentEntry]) -> tuple[KindTotals, ...]:
    """Approved, pending and draft value per form of fulfilment, every kind listed, one query."""
    rows = {
        row["kind"]: row for row in entries.order_by().values("kind").annotate(**_status_sums())
    }
    return tuple(
        KindTotals(
            kind=kind.value,
            label=str(kind.label),
            approved=Decimal(rows.get(kind.value, {}).get("approved") or 0),
            pending=Decimal(rows.get(kind.value, {}).get("pending") or 0),
            draft=Decimal(rows.get(kind.value, {}).get("draft") or 0),
        )
        for kind in EntryKind
    )


def contract_progress(contract: Contract, *, today: date | None = None) -> ContractProgress:
    """The progress of one contract, with its totals per form of fulfilment (one query)."""
    today = today or timezone.localdate()
    by_kind = kind_totals(FulfilmentEntry.objects.filter(contract_id=contract.pk))
    return compute_progress(
        contract_id=contract.pk,
        obligation=contract.obligation,
        start=contract.start_date,
        end=contract.end_date,
        today=today,
        approved=sum((k.approved for k in by_kind), ZERO),
        pending=sum((k.pending for k in by_kind), ZERO),
        draft=sum((k.draft for k in by_kind), ZERO),
        by_kind=by_kind,
    )


def _entry_totals(contract_ids: QuerySet[Contract]) -> Mapping[int, Mapping[str, Decimal]]:
    rows = (
        FulfilmentEntry.objects.filter(contract_id__in=contract_ids.order_by().values("pk"))
        .order_by()
        .values("contract_id")
        .annotate(**_status_sums())
    )
    return {row["contract_id"]: row for row in rows}


def contracts_progress(
    contracts: QuerySet[Contract] | Iterable[Contract], *, today: date | None = None
) -> dict[int, ContractProgress]:
    """The progress of many contracts by id, in two queries whatever their number.

    ``by_kind`` is left empty here; ask :func:`kind_totals` for a set of contracts' entries.
    """
    today = today or timezone.localdate()
    if isinstance(contracts, QuerySet):
        queryset = contracts
    else:
        ids = [c.pk for c in contracts]
        queryset = Contract.objects.filter(pk__in=ids)
    facts = queryset.order_by().values_list("pk", "obligation", "start_date", "end_date")
    totals = _entry_totals(queryset)
    empty: Mapping[str, Decimal] = defaultdict(lambda: ZERO)
    result: dict[int, ContractProgress] = {}
    for pk, obligation, start, end in facts:
        row = totals.get(pk, empty)
        result[pk] = compute_progress(
            contract_id=pk,
            obligation=obligation,
            start=start,
            end=end,
            today=today,
            approved=Decimal(row["approved"] or 0),
            pending=Decimal(row["pending"] or 0),
            draft=Decimal(row["draft"] or 0),
        )
    return result
