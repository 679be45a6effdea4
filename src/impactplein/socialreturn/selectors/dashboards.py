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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from operator import itemgetter
from typing import Any, overload

from django.db import connection
from django.db.models import BigIntegerField, CharField, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast
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


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _term(start: date, end: date, today: date) -> tuple[int, int]:
    """(days of the term before ``today``, days of the term), the term's ends included."""
    term_days = (end - start).days + 1
    if term_days <= 0:
        return 1, 1
    return min(max((today - start).days, 0), term_days), term_days


def elapsed_share(start: date, end: date, today: date) -> Decimal:
    """The percentage (0–100) of the term ``start``..``end`` (inclusive) before ``today``."""
    passed, term_days = _term(start, end, today)
    return Decimal(passed) * HUNDRED / Decimal(term_days)


def _rounded(numerator: int, denominator: int, places: int = 0) -> int:
    """``numerator / denominator`` rounded half up to ``places`` decimals, as the whole number
    of units of the last place (both arguments not negative, the denominator positive): exact,
    and fast for 10,000 contracts."""
    scaled = numerator * 10**places
    return (2 * scaled + denominator) // (2 * denominator)


def quotients(
    owed: int, approved: int, passed: int, term_days: int
) -> tuple[int, int, int, int | None, int, int, bool]:
    """(remaining, percentage in tenths, elapsed in tenths, pace in hundredths, forecast,
    target, warning) of a contract from its obligation and approved value in whole euros and
    the days of its term passed and in all. The one place these figures are computed (see the
    module docstring); :func:`figures` gives them as ``Decimal``."""
    remaining = owed - approved if owed > approved else 0
    percentage = _rounded(approved * 100, owed, 1) if owed > 0 else 1000
    elapsed = _rounded(passed * 100, term_days, 1)
    pace = _rounded(approved * term_days, owed * passed, 2) if owed > 0 and passed > 0 else None
    forecast = _rounded(approved * term_days, passed) if passed > 0 else approved
    target = _rounded(owed * passed, term_days)
    warning = owed > 0 and 2 * passed > term_days and 4 * approved < owed
    return remaining, percentage, elapsed, pace, forecast, target, warning


def figures(
    owed: int, approved: int, passed: int, term_days: int
) -> tuple[int, Decimal, Decimal, Decimal | None, Decimal, Decimal, bool]:
    """(remaining, percentage, elapsed, pace, forecast, target, warning), see :func:`quotients`."""
    remaining, percentage, elapsed, pace, forecast, target, warning = quotients(
        owed, approved, passed, term_days
    )
    return (
        remaining,
        Decimal(percentage).scaleb(-1),
        Decimal(elapsed).scaleb(-1),
        None if pace is None else Decimal(pace).scaleb(-2),
        Decimal(forecast),
        Decimal(target),
        warning,
    )


def tenths(value: int) -> str:
    """A number of tenths as decimal text: 247 -> "24.7" (for the workbook)."""
    return f"{value // 10}.{value % 10}"


def hundredths(value: int | None) -> str | None:
    return None if value is None else f"{value // 100}.{value % 100:02d}"


@dataclass(frozen=True)
class ContractProgress:
    """The progress of one contract: the stored totals, and the figures derived from them by
    :func:`figures` when the object is made."""

    contract_id: int
    obligation: Decimal
    approved: Decimal
    pending: Decimal  # submitted, waiting for an officer
    draft: Decimal
    start: date
    end: date
    today: date
    by_kind: tuple[KindTotals, ...] = ()  # empty when not asked for (``contracts_progress``)

    def __post_init__(self) -> None:
        passed, term_days = _term(self.start, self.end, self.today)
        derived = list(figures(int(self.obligation), int(self.approved), passed, term_days))
        derived[0] = Decimal(derived[0])
        for name, value in zip(_DERIVED, derived, strict=True):
            object.__setattr__(self, name, value)

    # Set by __post_init__ (declared for readers and type checkers).
    remaining: Decimal = field(init=False)
    percentage: Decimal = field(init=False)  # approved of the obligation, one decimal
    elapsed: Decimal = field(init=False)  # share of the term passed, 0–100, one decimal
    pace: Decimal | None = field(init=False)  # percentage ÷ elapsed, two decimals
    forecast: Decimal = field(init=False)  # approved extrapolated to the end, whole euros
    target: Decimal = field(init=False)  # the linear target by today, whole euros
    warning: bool = field(init=False)  # past half the term and below a quarter fulfilled

    @property
    def surplus(self) -> Decimal:
        return max(self.approved - self.obligation, ZERO)


_DERIVED = ("remaining", "percentage", "elapsed", "pace", "forecast", "target", "warning")


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
    return ContractProgress(
        contract_id=contract_id,
        obligation=obligation or ZERO,
        approved=approved,
        pending=pending,
        draft=draft,
        start=start,
        end=end,
        today=today,
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
    """One contract as the portfolio lists it; its :class:`ContractProgress` is made on first
    use, so a page of 50 rows does not compute the figures of 10,000."""

    contract_id: int
    reference: str
    title: str
    department: str
    supplier_id: int
    supplier_name: str
    award_year: int
    status: str
    start_date: date
    end_date: date
    obligation: Decimal
    approved: Decimal
    pending: Decimal
    draft: Decimal
    today: date
    warning: bool

    @cached_property
    def progress(self) -> ContractProgress:
        return ContractProgress(
            contract_id=self.contract_id,
            obligation=self.obligation,
            approved=self.approved,
            pending=self.pending,
            draft=self.draft,
            start=self.start_date,
            end=self.end_date,
            today=self.today,
        )


class ContractRows(Sequence[ContractRow]):
    """The portfolio's contracts in order, made into :class:`ContractRow` when read, so a page of
    50 rows does not build 10,000 objects."""

    def __init__(self, facts: list[tuple[Any, ...]], today: date) -> None:
        self._facts = facts
        self._today = today

    def __len__(self) -> int:
        return len(self._facts)

    def export_facts(self) -> Iterator[tuple[Any, ...]]:
        """Per contract, in order: (reference, title, department, supplier name, award year,
        status, end date, obligation, approved, pending) and the :func:`quotients` of its
        figures, for a writer that needs no row object (the workbook of 10,000 contracts)."""
        today = self._today.toordinal()
        for facts in self._facts:
            (_pk, ref, title, dept, _sup, sup_name, year, status, start, end) = facts[:10]
            owed, approved, pending = facts[10:13]
            first = start.toordinal()
            term_days = end.toordinal() - first + 1
            passed = min(max(today - first, 0), term_days)
            yield (
                (ref, title, dept, sup_name, year, status, end, owed, approved, pending),
                quotients(owed, approved, passed, term_days),
            )

    def _row(self, facts: tuple[Any, ...]) -> ContractRow:
        (pk, ref, title, dept, sup_id, sup_name, year, status, start, end) = facts[:10]
        owed, approved, pending, draft, warning = facts[10:]
        return ContractRow(
            contract_id=pk,
            reference=ref,
            title=title,
            department=dept,
            supplier_id=sup_id,
            supplier_name=sup_name,
            award_year=year,
            status=status,
            start_date=start,
            end_date=end,
            obligation=Decimal(owed),
            approved=Decimal(approved),
            pending=Decimal(pending),
            draft=_decimal(draft),
            today=self._today,
            warning=warning,
        )

    def table_rows(self, statuses: Mapping[str, str], yes: str, no: str) -> list[list[Any]]:
        """Every contract as a row of the portfolio's contract table (the export), computed
        straight from the stored facts with :func:`quotients`, without a row object each; the
        percentages and the pace as decimal text, which the workbook writes as numbers."""
        today = self._today.toordinal()
        rows = []
        for facts in self._facts:
            (_pk, ref, title, dept, _sup, sup_name, year, status, start, end) = facts[:10]
            owed, approved, pending, _draft, _warning = facts[10:]
            first = start.toordinal()
            term_days = end.toordinal() - first + 1
            passed = min(max(today - first, 0), term_days)
            remaining, percentage, elapsed, pace, forecast, _target, warning = quotients(
                owed, approved, passed, term_days
            )
            rows.append(
                [
                    ref,
                    title,
                    dept,
                    sup_name,
                    year,
                    statuses.get(status, status),
                    end,
                    owed,
                    approved,
                    pending,
                    remaining,
                    tenths(percentage),
                    tenths(elapsed),
                    hundredths(pace),
                    forecast,
                    yes if warning else no,
                ]
            )
        return rows

    @overload
    def __getitem__(self, index: int) -> ContractRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[ContractRow]: ...

    def __getitem__(self, index: int | slice) -> ContractRow | list[ContractRow]:
        if isinstance(index, slice):
            return [self._row(facts) for facts in self._facts[index]]
        return self._row(self._facts[index])


@dataclass(frozen=True)
class Portfolio:
    filters: PortfolioFilters
    today: date
    total: GroupTotals
    by_year: tuple[GroupTotals, ...]
    by_department: tuple[GroupTotals, ...]
    by_supplier: tuple[GroupTotals, ...]
    by_kind: tuple[KindTotals, ...]
    contracts: Sequence[ContractRow]  # lagging first: warnings, then the lowest pace


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
    """Running sums of a group, in whole euros as ``int`` (money here is whole euros)."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        # contracts, warnings, obligation, approved, pending, remaining
        self.values = [0, 0, 0, 0, 0, 0]

    def add(self, owed: int, approved: int, pending: int, remaining: int, warning: bool) -> None:
        v = self.values
        v[0] += 1
        v[1] += warning
        v[2] += owed
        v[3] += approved
        v[4] += pending
        v[5] += remaining

    def totals(self, key: str, label: str) -> GroupTotals:
        count, warnings, owed, approved, pending, remaining = self.values
        return GroupTotals(
            key=key,
            label=label,
            contracts=count,
            obligation=Decimal(owed),
            approved=Decimal(approved),
            pending=Decimal(pending),
            remaining=Decimal(remaining),
            warnings=warnings,
        )


def _grouped(groups: Mapping[str, _Sums], labels: Mapping[str, str]) -> tuple[GroupTotals, ...]:
    return tuple(groups[key].totals(key, labels.get(key, key)) for key in groups)


def _raw(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``queryset`` as the database driver returns them, without Django's converters
    (for tens of thousands of rows they cost more than the query); see :func:`_decimal`."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if value is None:
        return ZERO
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(str(value))


def _int(value: Any) -> int:
    """Whole euros as an ``int`` (obligations and entry values have no cents)."""
    return value if isinstance(value, int) else int(value or 0)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


ENTRY_TOTALS = "socialreturn_entrytotals"


def _kept_totals(contracts: QuerySet[Contract] | None, group: str) -> list[tuple[Any, ...]]:
    """(``group``, approved, pending, draft) summed from the totals the database keeps
    (migration 0003), for ``contracts`` or for all; ``group`` is "contract_id" or "kind"."""
    # Whole euros as integers: the driver hands over ints, cheaper than Decimals.
    if group not in ("contract_id", "kind"):
        raise ValueError(group)
    sql = (
        f"SELECT {group}, CAST(SUM(approved) AS bigint), CAST(SUM(pending) AS bigint), "  # noqa: S608
        f"CAST(SUM(draft) AS bigint) FROM {ENTRY_TOTALS}"
    )
    params: tuple[Any, ...] = ()
    if contracts is not None:
        inner, params = contracts.order_by().values("pk").query.sql_with_params()
        sql += f" WHERE contract_id IN ({inner})"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} GROUP BY {group}", params)
        return cursor.fetchall()


def portfolio(filters: PortfolioFilters, *, today: date | None = None) -> Portfolio:
    """The portfolio for ``filters`` in two queries, whatever the number of contracts.

    One query reads the sums of the entries' values per contract, form of fulfilment and status,
    which the database keeps up to date (``socialreturn_entrytotals``, migration 0003); one reads
    the contracts with their supplier's name.
    Every total is a sum of the contracts' own figures (:class:`ContractProgress`), so the
    dashboard, its export, the progress page and the PDF agree.
    """
    today = today or timezone.localdate()
    contracts = portfolio_contracts(filters)
    chosen = None if filters == PortfolioFilters() else contracts
    per_contract = {row[0]: row[1:] for row in _kept_totals(chosen, "contract_id")}
    per_kind = {row[0]: row[1:] for row in _kept_totals(chosen, "kind")}

    # Dates as text: the driver hands them over without a Python converter per value, and
    # date.fromisoformat reads them (10,000 contracts, three dates each).
    facts = contracts.order_by().values_list(
        "pk",
        "reference",
        "title",
        "buyer_department",
        "supplier_id",
        "supplier__name",
        Cast("awarded_on", CharField()),
        "status",
        Cast("obligation", BigIntegerField()),
        Cast("start_date", CharField()),
        Cast("end_date", CharField()),
    )
    nothing = (0, 0, 0)
    total = _Sums()
    years: dict[int, _Sums] = {}
    departments: dict[str, _Sums] = {}
    suppliers: dict[int, _Sums] = {}
    supplier_names: dict[str, str] = {}
    keyed: list[tuple[tuple[int, float, int, str], tuple[Any, ...]]] = []
    today_ordinal = today.toordinal()
    infinity = float("inf")
    for pk, ref, title, dept, sup_id, sup_name, awarded, status, owed, start, end in _raw(facts):
        approved, pending, draft = per_contract.get(pk, nothing)
        owed, approved, pending = _int(owed), _int(approved), _int(pending)
        start_date, end_date, awarded_on = _date(start), _date(end), _date(awarded)
        first = start_date.toordinal()
        term_days = end_date.toordinal() - first + 1
        passed = min(max(today_ordinal - first, 0), term_days)
        remaining = owed - approved if owed > approved else 0
        # As quotients() has the warning; the pace unrounded, to sort by (lagging first).
        warning = owed > 0 and 2 * passed > term_days and 4 * approved < owed
        pace = approved * term_days / (owed * passed) if owed > 0 and passed > 0 else infinity
        total.add(owed, approved, pending, remaining, warning)
        year = awarded_on.year
        group = years.get(year) or years.setdefault(year, _Sums())
        group.add(owed, approved, pending, remaining, warning)
        group = departments.get(dept) or departments.setdefault(dept, _Sums())
        group.add(owed, approved, pending, remaining, warning)
        group = suppliers.get(sup_id) or suppliers.setdefault(sup_id, _Sums())
        group.add(owed, approved, pending, remaining, warning)
        supplier_names[str(sup_id)] = sup_name
        facts_of_row = (pk, ref, title, dept, sup_id, sup_name, year, status, start_date)
        keyed.append(
            (
                (0 if warning else 1, pace, -remaining, ref),
                (*facts_of_row, end_date, owed, approved, pending, draft, warning),
            )
        )
    keyed.sort(key=itemgetter(0))
    listed = ContractRows([row for _key, row in keyed], today)
    by_year = [years[year].totals(str(year), str(year)) for year in sorted(years, reverse=True)]
    by_department = sorted(_grouped(departments, {}), key=lambda g: g.label.lower())
    by_supplier = sorted(
        (sums.totals(str(pk), supplier_names[str(pk)]) for pk, sums in suppliers.items()),
        key=lambda g: (-g.remaining, g.label.lower()),
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
                approved=_decimal(per_kind.get(kind.value, nothing)[0]),
                pending=_decimal(per_kind.get(kind.value, nothing)[1]),
                draft=_decimal(per_kind.get(kind.value, nothing)[2]),
            )
            for kind in EntryKind
        ),
        contracts=listed,
    )


@dataclass(frozen=True)
class FilterChoices:
    years: tuple[int, ...]
    departments: tuple[str, ...]
    suppliers: tuple[tuple[int, str], ...]


def portfolio_filter_choices() -> FilterChoices:
    """The values the portfolio's filters offer: those that occur in the contracts (the years
    from the first award to the last, read from the index on the award date)."""
    bounds = Contract.objects.aggregate(first=Min("awarded_on"), last=Max("awarded_on"))
    years: tuple[int, ...] = ()
    if bounds["first"] and bounds["last"]:
        years = tuple(range(bounds["last"].year, bounds["first"].year - 1, -1))
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
