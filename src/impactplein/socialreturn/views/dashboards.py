"""The portfolio dashboard, its Excel export, a contract's progress page and its PDF statement.

Every figure comes from ``selectors.dashboards``; the page and the workbook are built from the
same tables (:func:`portfolio_tables`), so the export holds exactly the figures the page shows
(the page shows the long lists a page at a time, the workbook in full).

The workbook is written by ``core.xlsx`` (numbers stay numbers, dates dates, text is never a
formula).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactplein.accounts.access import staff_permission_required
from impactplein.core import charts, xlsx
from impactplein.core.xlsx import (
    EMPTY_CELL,
    Cell,
    RenderedRows,
    date_cell,
    number_cell,
    text_cell,
    workbook_bytes,
)
from impactplein.socialreturn import statement
from impactplein.socialreturn.constants import ContractStatus
from impactplein.socialreturn.models import Contract
from impactplein.socialreturn.selectors import dashboards as selectors
from impactplein.socialreturn.statement import euros

CONTRACTS_PER_PAGE = 50
SUPPLIERS_ON_PAGE = 25


# --- formatting ----------------------------------------------------------------------------------


def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=1) + "%"


def pace_text(value: Decimal | None) -> str:
    return "–" if value is None else formats.number_format(value, decimal_pos=2)


def yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


# --- tables shared by page and workbook ----------------------------------------------------------


@dataclass
class SheetTable:
    """A table as the page shows it and as one sheet of the workbook holds it."""

    key: str
    title: str  # the sheet's name (at most 31 characters)
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    money_columns: frozenset[int] = frozenset()
    percent_columns: frozenset[int] = frozenset()
    numeric_columns: frozenset[int] = frozenset()  # counts and plain numbers

    def formatted(self, rows: Sequence[Sequence[Cell]] | None = None) -> list[list[str]]:
        out = []
        for row in self.rows if rows is None else rows:
            cells = []
            for index, value in enumerate(row):
                if index in self.money_columns:
                    cells.append(euros(value))  # type: ignore[arg-type]
                elif index in self.percent_columns:
                    cells.append(percent(value))  # type: ignore[arg-type]
                elif isinstance(value, Decimal):
                    cells.append(pace_text(value))
                elif isinstance(value, date):
                    cells.append(formats.date_format(value, "SHORT_DATE_FORMAT"))
                elif value is None:
                    cells.append("–")
                else:
                    cells.append(str(value))
            out.append(cells)
        return out

    @property
    def right_aligned(self) -> frozenset[int]:
        return self.money_columns | self.percent_columns | self.numeric_columns

    def header_cells(self) -> list[tuple[str, bool]]:
        right = self.right_aligned
        return [(header, index in right) for index, header in enumerate(self.headers)]

    def cells(self, rows: Sequence[Sequence[Cell]] | None = None) -> list[list[tuple[str, bool]]]:
        """The formatted rows as (text, right-aligned) pairs, ready for the page."""
        right = [index in self.right_aligned for index in range(len(self.headers))]
        return [list(zip(row, right, strict=False)) for row in self.formatted(rows)]


def _group_headers(first: str) -> list[str]:
    return [
        first,
        _("Contracten"),
        _("Verplichting"),
        _("Goedgekeurd"),
        _("In behandeling"),
        _("Resterend"),
        _("Percentage goedgekeurd"),
        _("Met waarschuwing"),
    ]


def _group_rows(groups: Sequence[selectors.GroupTotals]) -> list[list[Cell]]:
    return [
        [
            g.label,
            g.contracts,
            g.obligation,
            g.approved,
            g.pending,
            g.remaining,
            g.percentage,
            g.warnings,
        ]
        for g in groups
    ]


def _group_table(key: str, title: str, caption: str, first: str, groups: Any) -> SheetTable:
    return SheetTable(
        key=key,
        title=title,
        caption=caption,
        headers=_group_headers(first),
        rows=_group_rows(groups),
        money_columns=frozenset({2, 3, 4, 5}),
        percent_columns=frozenset({6}),
        numeric_columns=frozenset({1, 7}),
    )


def contract_headers() -> list[str]:
    return [
        _("Kenmerk"),
        _("Omschrijving"),
        _("Afdeling"),
        _("Opdrachtnemer"),
        _("Jaar van gunning"),
        _("Status"),
        _("Einddatum"),
        _("Verplichting"),
        _("Goedgekeurd"),
        _("In behandeling"),
        _("Resterend"),
        _("Percentage goedgekeurd"),
        _("Tijd verstreken"),
        _("Tempo"),
        _("Prognose einde looptijd"),
        _("Waarschuwing"),
    ]


def contract_rows(rows: Sequence[selectors.ContractRow]) -> list[list[Cell]]:
    statuses = {value: str(label) for value, label in ContractStatus.choices}
    warning, fine = _("ja"), _("nee")
    return [
        [
            row.reference,
            row.title,
            row.department,
            row.supplier_name,
            row.award_year,
            statuses.get(row.status, row.status),
            row.end_date,
            row.progress.obligation,
            row.progress.approved,
            row.progress.pending,
            row.progress.remaining,
            row.progress.percentage,
            row.progress.elapsed,
            row.progress.pace,
            row.progress.forecast,
            warning if row.progress.warning else fine,
        ]
        for row in rows
    ]


def portfolio_tables(
    portfolio: selectors.Portfolio, *, all_contracts: bool = True
) -> list[SheetTable]:
    """The portfolio's tables in page order; the last one lists the contracts (every one for
    the workbook; none with ``all_contracts=False``, for the page, which shows a page of them)."""
    statuses = {value: str(label) for value, label in ContractStatus.choices}
    contracts = (
        portfolio.contracts.table_rows(statuses, _("ja"), _("nee"))
        if all_contracts and isinstance(portfolio.contracts, selectors.ContractRows)
        else contract_rows(portfolio.contracts)
        if all_contracts
        else []
    )
    total = portfolio.total
    return [
        _group_table(
            "total",
            _("Totaal"),
            _("Totaal van de geselecteerde contracten"),
            _("Selectie"),
            [selectors.GroupTotals(**{**total.__dict__, "label": _("Alle geselecteerde")})],
        ),
        _group_table(
            "years", _("Per jaar"), _("Per jaar van gunning"), _("Jaar"), portfolio.by_year
        ),
        _group_table(
            "departments",
            _("Per afdeling"),
            _("Per afdeling van de opdrachtgever"),
            _("Afdeling"),
            portfolio.by_department,
        ),
        _group_table(
            "suppliers",
            _("Per opdrachtnemer"),
            _("Per opdrachtnemer, grootste resterende verplichting eerst"),
            _("Opdrachtnemer"),
            portfolio.by_supplier,
        ),
        SheetTable(
            key="kinds",
            title=_("Per vorm"),
            caption=_("Per vorm van invulling"),
            headers=[_("Vorm van invulling"), _("Goedgekeurd"), _("In behandeling"), _("Concept")],
            rows=[[k.label, k.approved, k.pending, k.draft] for k in portfolio.by_kind],
            money_columns=frozenset({1, 2, 3}),
        ),
        SheetTable(
            key="contracts",
            title=_("Contracten"),
            caption=_("Contracten, achterstand eerst"),
            headers=contract_headers(),
            rows=contracts,
            money_columns=frozenset({7, 8, 9, 10, 14}),
            percent_columns=frozenset({11, 12}),
            numeric_columns=frozenset({4, 13}),
        ),
    ]


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the portfolio -------------------------------------------------------------------------------


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def filters_from(request: HttpRequest) -> selectors.PortfolioFilters:
    """The filters in the address; values that are not what they should be are ignored."""
    status = request.GET.get("status", "")
    return selectors.PortfolioFilters(
        year=_int_or_none(request.GET.get("jaar")),
        department=request.GET.get("afdeling", "")[:120],
        supplier=_int_or_none(request.GET.get("opdrachtnemer")),
        status=status if status in ContractStatus.values else "",
    )


def _filter_query(filters: selectors.PortfolioFilters) -> str:
    from urllib.parse import urlencode

    params = {
        "jaar": filters.year or "",
        "afdeling": filters.department,
        "opdrachtnemer": filters.supplier or "",
        "status": filters.status,
    }
    return urlencode({k: v for k, v in params.items() if v})


@staff_permission_required("socialreturn.view_portfolio")
def portfolio(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    data = selectors.portfolio(filters)
    tables = {table.key: table for table in portfolio_tables(data, all_contracts=False)}
    contracts = tables.pop("contracts")
    page = Paginator(data.contracts, CONTRACTS_PER_PAGE).get_page(request.GET.get("page"))
    page_rows = contract_rows(page.object_list)
    suppliers = tables["suppliers"]
    shown_suppliers = suppliers.cells(suppliers.rows[:SUPPLIERS_ON_PAGE])
    choices = selectors.portfolio_filter_choices()
    context = {
        "filters": filters,
        "choices": choices,
        # Hundreds of suppliers: the options are written here, not by a template loop.
        "supplier_options": format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (pk, mark_safe(" selected") if pk == filters.supplier else "", name)
                for pk, name in choices.suppliers
            ),
        ),
        "statuses": ContractStatus.choices,
        "data": data,
        "tables": tables,
        "formatted": {key: table.cells() for key, table in tables.items() if key != "suppliers"},
        "total_cells": tables["total"].formatted()[0],
        "suppliers_rows": shown_suppliers,
        "suppliers_hidden": max(0, len(suppliers.rows) - SUPPLIERS_ON_PAGE),
        "contracts_table": contracts,
        "contract_cells": list(zip(page.object_list, contracts.cells(page_rows), strict=True)),
        "page_obj": page,
        "query": _filter_query(filters),
        "has_filters": any([filters.year, filters.department, filters.supplier, filters.status]),
    }
    return render(request, "socialreturn/dashboards/portfolio.html", context)


def contract_sheet_rows(contracts: selectors.ContractRows) -> "RenderedRows":
    """The rows of the contract sheet as XML, written contract by contract from the stored
    facts: the same columns and figures as :func:`contract_rows` (both from
    ``selectors.dashboards.quotients``), without a list of cells per contract in between."""
    statuses = {value: text_cell(str(label)) for value, label in ContractStatus.choices}
    yes, no = text_cell(_("ja")), text_cell(_("nee"))
    rows = RenderedRows()
    append = rows.append
    for (
        ref,
        title,
        dept,
        supplier,
        year,
        status,
        end,
        owed,
        approved,
        pending,
    ), q in contracts.export_facts():
        remaining, percentage, elapsed, pace, forecast, _target, warning = q
        append(
            f"<row>{text_cell(ref)}{text_cell(title)}{text_cell(dept)}{text_cell(supplier)}"
            f"<c><v>{year}</v></c>{statuses.get(status) or text_cell(status)}"
            f"{date_cell(end)}"
            f"<c><v>{owed}</v></c><c><v>{approved}</v></c><c><v>{pending}</v></c>"
            f"<c><v>{remaining}</v></c><c><v>{selectors.tenths(percentage)}</v></c>"
            f"<c><v>{selectors.tenths(elapsed)}</v></c>"
            f"{EMPTY_CELL if pace is None else number_cell(selectors.hundredths(pace))}"
            f"<c><v>{forecast}</v></c>{yes if warning else no}</row>"
        )
    return rows


@staff_permission_required("socialreturn.view_portfolio")
def portfolio_export(request: HttpRequest) -> HttpResponse:
    data = selectors.portfolio(filters_from(request))
    tables = portfolio_tables(data, all_contracts=False)
    if isinstance(data.contracts, selectors.ContractRows):
        tables[-1].rows = contract_sheet_rows(data.contracts)  # type: ignore[assignment]
    else:
        tables[-1].rows = contract_rows(data.contracts)
    sheets = [(t.title, t.headers, t.rows, t.right_aligned) for t in tables]
    stamp = timezone.localdate().isoformat()
    return xlsx_response(workbook_bytes(sheets), f"social-return-portefeuille-{stamp}.xlsx")


# --- one contract --------------------------------------------------------------------------------


def contract_for(request: HttpRequest, pk: int) -> Contract:
    """The contract if the user may see it (officers; the supplier's members), else 404."""
    contract = get_object_or_404(Contract.objects.select_related("supplier", "scheme"), pk=pk)
    if not request.user.has_perm("socialreturn.view_contract", contract):
        raise Http404
    return contract


def progress_chart(
    contract: Contract, progress: selectors.ContractProgress, *, today: date | None = None
) -> charts.LineChart:
    points = selectors.progress_over_time(contract, progress, today=today)
    labels = [formats.date_format(point.day, "M Y") for point in points]
    labels[0] = _("start")
    last = next((p for p in reversed(points) if p.approved is not None), None)
    description = _(
        "Goedgekeurde waarde per maand (of kwartaal) van de looptijd tegen het lineaire doel "
        "naar de verplichting van %(obligation)s op de einddatum. Goedgekeurd tot nu: "
        "%(approved)s; doel tot vandaag: %(target)s."
    ) % {
        "obligation": euros(progress.obligation),
        "approved": euros(last.approved if last else progress.approved),
        "target": euros(progress.target),
    }
    return charts.LineChart(
        id=f"progress-{contract.pk}",
        title=_("Goedgekeurde waarde in de tijd tegen het lineaire doel"),
        description=description,
        points=labels,
        series=[
            charts.Series(_("Goedgekeurd"), [p.approved for p in points]),
            charts.Series(_("Lineair doel"), [p.target for p in points]),
        ],
        point_heading=_("Peildatum"),
        minimum=0,
        maximum=max([progress.obligation, progress.approved, Decimal(1)]),
        format_value=euros,
    )


def progress_context(contract: Contract, *, today: date | None = None) -> dict[str, Any]:
    """What the progress page and the PDF statement both show."""
    today = today or timezone.localdate()
    progress = selectors.contract_progress(contract, today=today)
    chart = progress_chart(contract, progress, today=today)
    return {
        "contract": contract,
        "progress": progress,
        "today": today,
        "figures": figure_list(progress),
        "chart": charts.chart_svg(chart),
        "chart_table": charts.chart_table(chart),
        "kinds": [
            [k.label, euros(k.approved), euros(k.pending), euros(k.draft)] for k in progress.by_kind
        ],
        "numeric_kind_columns": [1, 2, 3],
        "kind_headers": [
            _("Vorm van invulling"),
            _("Goedgekeurd"),
            _("In behandeling"),
            _("Concept"),
        ],
    }


def figure_list(progress: selectors.ContractProgress) -> list[tuple[str, str, str]]:
    """(key, label, value) of the progress figures, in the order page and PDF show them."""
    return [
        ("obligation", _("Verplichting"), euros(progress.obligation)),
        ("approved", _("Goedgekeurd"), euros(progress.approved)),
        ("pending", _("Ingediend, in behandeling"), euros(progress.pending)),
        ("draft", _("Concept (nog niet ingediend)"), euros(progress.draft)),
        ("remaining", _("Resterend"), euros(progress.remaining)),
        ("surplus", _("Meer dan verplicht"), euros(progress.surplus)),
        ("percentage", _("Percentage goedgekeurd"), percent(progress.percentage)),
        ("elapsed", _("Tijd verstreken van de looptijd"), percent(progress.elapsed)),
        ("target", _("Lineair doel tot vandaag"), euros(progress.target)),
        ("pace", _("Tempo (1,00 is op schema)"), pace_text(progress.pace)),
        ("forecast", _("Prognose aan het einde van de looptijd"), euros(progress.forecast)),
    ]


def contract_progress(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    contract = contract_for(request, pk)
    return render(request, "socialreturn/dashboards/progress.html", progress_context(contract))


def contract_statement(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    contract = contract_for(request, pk)
    content = statement.render_statement(contract, context=progress_context(contract))
    response = HttpResponse(content, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="verantwoording-{contract.pk}-{stamp}.pdf"'
    )
    return response


STATEMENT_TITLE = gettext_lazy("Verantwoording social return")
