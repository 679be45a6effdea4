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
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from impactplein.organisations.models import Organisation
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


# --- the portfolio: every contract, filtered, with totals per year, department, supplier, kind ---


@dataclass(frozen=True)
class PortfolioFilters:
    """What the portfolio shows: all fields empty means every contract."""

    year: int | None = None  # award year
    department: str = ""
    supplier: int | None = None  # organisation id
    status: str = ""


@dataclass(frozen=True)
class GroupTotals:
    """The sums over a group of contracts. ``remaining`` adds each contract's remaining value, so
    one contract's surplus never hides another's shortfall."""

    key: str
    label: str
    contracts: int
    obligation: Decimal
    approved: Decimal
    pending: Decimal
    remaining: Decimal
    warnings: int

    @property
    def percentage(self) -> Decimal:
        if self.obligation <= 0:
            return HUNDRED
        return _one_decimal(self.approved * HUNDRED / self.obligation)


@dataclass(frozen=True)
class ContractRow:
    """One contract as the portfolio lists it."""

    contract_id: int
    reference: str
    title: str
    department: str
    supplier_id: int
    supplier_name: str
    award_year: int
    status: str
    end_date: date
    progress: ContractProgress


@dataclass(frozen=True)
class Portfolio:
    filters: PortfolioFilters
    today: date
    total: GroupTotals
    by_year: tuple[GroupTotals, ...]
    by_department: tuple[GroupTotals, ...]
    by_supplier: tuple[GroupTotals, ...]
    by_kind: tuple[KindTotals, ...]
    contracts: tuple[ContractRow, ...]  # lagging first: warnings, then the lowest pace


def portfolio_contracts(filters: PortfolioFilters) -> QuerySet[Contract]:
    contracts = Contract.objects.all()
    if filters.year is not None:
        contracts = contracts.filter(
            awarded_on__gte=date(filters.year, 1, 1), awarded_on__lte=date(filters.year, 12, 31)
        )
    if filters.department:
        contracts = contracts.filter(buyer_department=filters.department)
    if filters.supplier is not None:
        contracts = contracts.filter(supplier_id=filters.supplier)
    if filters.status:
        contracts = contracts.filter(status=filters.status)
    return contracts


class _Sums:
    __slots__ = ("approved", "contracts", "obligation", "pending", "remaining", "warnings")

    def __init__(self) -> None:
        self.contracts = 0
        self.warnings = 0
        self.obligation = ZERO
        self.approved = ZERO
        self.pending = ZERO
        self.remaining = ZERO

    def add(self, progress: ContractProgress) -> None:
        self.contracts += 1
        self.warnings += progress.warning
        self.obligation += progress.obligation
        self.approved += progress.approved
        self.pending += progress.pending
        self.remaining += progress.remaining

    def totals(self, key: str, label: str) -> GroupTotals:
        return GroupTotals(
            key=key,
            label=label,
            contracts=self.contracts,
            obligation=self.obligation,
            approved=self.approved,
            pending=self.pending,
            remaining=self.remaining,
            warnings=self.warnings,
        )


def _grouped(groups: Mapping[str, _Sums], labels: Mapping[str, str]) -> tuple[GroupTotals, ...]:
    return tuple(groups[key].totals(key, labels.get(key, key)) for key in groups)


def portfolio(filters: PortfolioFilters, *, today: date | None = None) -> Portfolio:
    """The portfolio for ``filters`` in two queries, whatever the number of contracts.

    One query reads the contracts with their supplier's name; one sums their entries' values per
    contract, form of fulfilment and status. Every total is a sum of the contracts' own figures
    (``compute_progress``), so the dashboard, its export, the progress page and the PDF agree.
    """
    today = today or timezone.localdate()
    contracts = portfolio_contracts(filters)
    rows = (
        FulfilmentEntry.objects.filter(contract_id__in=contracts.order_by().values("pk"))
        .order_by()
        .values_list("contract_id", "kind")
        .annotate(**_status_sums())
    )
    per_contract: dict[int, list[Decimal]] = {}
    per_kind: dict[str, list[Decimal]] = {kind.value: [ZERO, ZERO, ZERO] for kind in EntryKind}
    for contract_id, kind, approved, pending, draft in rows:
        sums = per_contract.setdefault(contract_id, [ZERO, ZERO, ZERO])
        sums[0] += approved
        sums[1] += pending
        sums[2] += draft
        kind_sums = per_kind.setdefault(kind, [ZERO, ZERO, ZERO])
        kind_sums[0] += approved
        kind_sums[1] += pending
        kind_sums[2] += draft

    facts = contracts.order_by().values_list(
        "pk",
        "reference",
        "title",
        "buyer_department",
        "supplier_id",
        "supplier__name",
        "awarded_on",
        "status",
        "obligation",
        "start_date",
        "end_date",
    )
    zero = [ZERO, ZERO, ZERO]
    total = _Sums()
    years: dict[str, _Sums] = {}
    departments: dict[str, _Sums] = {}
    suppliers: dict[str, _Sums] = {}
    supplier_names: dict[str, str] = {}
    listed: list[ContractRow] = []
    for pk, ref, title, dept, sup_id, sup_name, awarded, status, owed, start, end in facts:
        approved, pending, draft = per_contract.get(pk, zero)
        progress = compute_progress(
            contract_id=pk,
            obligation=owed,
            start=start,
            end=end,
            today=today,
            approved=approved,
            pending=pending,
            draft=draft,
        )
        total.add(progress)
        year_key = str(awarded.year)
        (years.get(year_key) or years.setdefault(year_key, _Sums())).add(progress)
        (departments.get(dept) or departments.setdefault(dept, _Sums())).add(progress)
        supplier_key = str(sup_id)
        (suppliers.get(supplier_key) or suppliers.setdefault(supplier_key, _Sums())).add(progress)
        supplier_names[supplier_key] = sup_name
        listed.append(
            ContractRow(
                contract_id=pk,
                reference=ref,
                title=title,
                department=dept,
                supplier_id=sup_id,
                supplier_name=sup_name,
                award_year=awarded.year,
                status=status,
                end_date=end,
                progress=progress,
            )
        )
    listed.sort(key=lambda row: (*row.progress.lag_key, row.reference))
    by_year = sorted(_grouped(years, {}), key=lambda g: g.key, reverse=True)
    by_department = sorted(_grouped(departments, {}), key=lambda g: g.label.lower())
    by_supplier = sorted(
        _grouped(suppliers, supplier_names), key=lambda g: (-g.remaining, g.label.lower())
    )
    return Portfolio(
        filters=filters,
        today=today,
        total=total.totals("", ""),
        by_year=tuple(by_year),
        by_department=tuple(by_department),
        by_supplier=tuple(by_supplier),
        by_kind=tuple(
            KindTotals(
                kind=kind.value,
                label=str(kind.label),
                approved=per_kind[kind.value][0],
                pending=per_kind[kind.value][1],
                draft=per_kind[kind.value][2],
            )
            for kind in EntryKind
        ),
        contracts=tuple(listed),
    )


@dataclass(frozen=True)
class FilterChoices:
    years: tuple[int, ...]
    departments: tuple[str, ...]
    suppliers: tuple[tuple[int, str], ...]


def portfolio_filter_choices() -> FilterChoices:
    """The values the portfolio's filters offer: those that occur in the contracts."""
    years = tuple(day.year for day in Contract.objects.dates("awarded_on", "year", order="DESC"))
    departments = tuple(
        Contract.objects.order_by("buyer_department")
        .values_list("buyer_department", flat=True)
        .distinct()
    )
    suppliers = tuple(
        Organisation.objects.filter(
            pk__in=Contract.objects.order_by().values("supplier_id").distinct()
        )
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return FilterChoices(years=years, departments=departments, suppliers=suppliers)


# --- one contract over time, and its entries for the statement ----------------------------------


@dataclass(frozen=True)
class ProgressPoint:
    day: date  # the end of a month (or quarter) of the term
    approved: Decimal | None  # approved by that day; None for days after today
    target: Decimal  # the linear target on that day


def _period_ends(start: date, end: date, months: int) -> list[date]:
    days = []
    year, month = start.year, start.month
    while True:
        month += months
        while month > 12:
            month -= 12
            year += 1
        first_of_next = date(year, month, 1)
        day = first_of_next - timedelta(days=1)
        if day >= end:
            days.append(end)
            return days
        days.append(day)


def progress_over_time(
    contract: Contract, progress: ContractProgress, *, today: date | None = None
) -> list[ProgressPoint]:
    """Approved value by the end of each month of the term (each quarter for terms over two
    years) against the linear target; an entry counts from the day it was approved."""
    today = today or timezone.localdate()
    start, end = contract.start_date, contract.end_date
    months = 1 if (end - start).days <= 731 else 3
    approvals = sorted(
        ((decided or created).date(), value or ZERO)
        for decided, created, value in FulfilmentEntry.objects.filter(
            contract_id=contract.pk, status=EntryStatus.APPROVED
        ).values_list("decided_at", "created_at", "value")
    )
    points = [start - timedelta(days=1), *_period_ends(start, end, months)]
    result = []
    index, running = 0, ZERO
    for day in points:
        while index < len(approvals) and approvals[index][0] <= day:
            running += approvals[index][1]
            index += 1
        target = _whole(
            progress.obligation * elapsed_share(start, end, day + timedelta(days=1)) / HUNDRED
        )
        shown: Decimal | None = running if day <= today else None
        result.append(ProgressPoint(day=day, approved=shown, target=target))
    # Entries approved before the start, or after the last point, still count in the total.
    if result and result[-1].approved is not None:
        result[-1] = ProgressPoint(result[-1].day, progress.approved, result[-1].target)
    return result


def statement_entries(contract: Contract) -> tuple[list[FulfilmentEntry], list[FulfilmentEntry]]:
    """The contract's approved and pending (submitted) entries, with candidate codes only."""
    entries = list(
        FulfilmentEntry.objects.filter(
            contract_id=contract.pk, status__in=[EntryStatus.APPROVED, EntryStatus.SUBMITTED]
        )
        .select_related("candidate", "social_enterprise")
        .only(
            "pk",
            "kind",
            "status",
            "block",
            "description",
            "candidate__code",
            "social_enterprise__name",
            "invoice_number",
            "start_date",
            "end_date",
            "invoice_date",
            "value",
            "decided_at",
            "submitted_at",
            "created_at",
        )
        .order_by("kind", "start_date", "invoice_date", "pk")
    )
    approved = [e for e in entries if e.status == EntryStatus.APPROVED]
    pending = [e for e in entries if e.status == EntryStatus.SUBMITTED]
    return approved, pending
