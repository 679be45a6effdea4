"""The portfolio dashboard, its Excel export, a contract's progress page and its PDF statement.

Every figure comes from ``selectors.dashboards``; the page and the workbook are built from the
same tables (:func:`portfolio_tables`), so the export holds exactly the figures the page shows
(the page shows the long lists a page at a time, the workbook in full).

The workbook is written by :func:`workbook_bytes`, a small writer of the XLSX format (inline
strings, numbers as numbers). openpyxl's write-only mode needs about 17 µs a cell, 2.5 s for the
10,000 contracts of the benchmark, five times the target of issue #4; this writer needs well under
a second of that. Text still goes through ``core.tabular.escape_cell``, so a spreadsheet never
runs a cell as a formula.
"""

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
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
from impactplein.core import charts
from impactplein.core.tabular import escape_cell
from impactplein.socialreturn import statement
from impactplein.socialreturn.constants import ContractStatus
from impactplein.socialreturn.models import Contract
from impactplein.socialreturn.selectors import dashboards as selectors
from impactplein.socialreturn.statement import euros

CONTRACTS_PER_PAGE = 50
SUPPLIERS_ON_PAGE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | Decimal | date | None


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


# --- a small XLSX writer --------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EXCEL_EPOCH = date(1899, 12, 30)
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


_TEXT_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
_TEXT_CLOSE = "</t></is></c>"
_EMPTY = "<c/>"


def _xml_text(value: str) -> str:
    """Text for an XML element: markup escaped, characters XML does not allow dropped (rare, so
    a quick test comes first)."""
    if not value.isprintable():
        value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(value: Cell) -> str:
    if value.__class__ is str:
        text = escape_cell(value)  # type: ignore[arg-type]
        return f"{_TEXT_OPEN}{_xml_text(text)}{_TEXT_CLOSE}" if text else _EMPTY
    if value is None:
        return _EMPTY
    if isinstance(value, bool):
        return f"{_TEXT_OPEN}{_('ja') if value else _('nee')}{_TEXT_CLOSE}"
    if isinstance(value, int | Decimal):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, date):
        return f'<c s="2"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    return f"{_TEXT_OPEN}{_xml_text(escape_cell(str(value)))}{_TEXT_CLOSE}"


def _text(value: Any) -> str:
    if value is None or value == "":
        return _EMPTY
    return f"{_TEXT_OPEN}{_xml_text(escape_cell(str(value)))}{_TEXT_CLOSE}"


def _number(value: Any) -> str:
    return _EMPTY if value is None else f"<c><v>{value}</v></c>"


_NUMBER = "<c><v>{}</v></c>".format
_DATE_STYLE = '<c s="2"><v>{}</v></c>'.format


def _date_cell(value: Any) -> str:
    return _EMPTY if value is None else _DATE_STYLE((value - _EXCEL_EPOCH).days)


def _column_writer(values: Sequence[Cell]) -> Any:
    """How to write one column's cells, chosen once for the column by what it holds: text is
    escaped cell by cell, numbers and dates are formatted without asking each cell what it is
    (the export of 10,000 contracts writes 160,000 cells)."""
    kinds = set(map(type, values))
    nullable = type(None) in kinds
    kinds.discard(type(None))
    if kinds <= {str}:
        return _text
    if kinds <= {int, Decimal}:
        return _number if nullable else _NUMBER
    if kinds <= {date}:
        return _date_cell
    return _cell


class RenderedRows(list[str]):
    """Rows of a sheet already written as XML (``<row>…</row>``), taken as they are."""


def _written(column: Sequence[Cell], writer: Any) -> list[str]:
    """The column's cells as XML; a column with few distinct values (departments, statuses)
    writes each value once."""
    distinct = set(column)
    if len(distinct) * 2 <= len(column):
        written = {value: writer(value) for value in distinct}
        return list(map(written.__getitem__, column))
    return list(map(writer, column))


def _sheet_xml(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], numeric: frozenset[int] = frozenset()
) -> bytes:
    """One worksheet. Cells carry no reference: each row and cell follows the previous one (the
    format allows it), and an empty cell is written as ``<c/>`` to keep its place. The cells are
    written column by column, then joined row by row."""
    header = "".join(
        f'<c t="inlineStr" s="1"><is><t xml:space="preserve">{_xml_text(str(h))}</t></is></c>'
        for h in headers
    )
    if isinstance(rows, RenderedRows):
        return _sheet_document(header, "".join(rows))
    width = max([len(row) for row in rows] or [0])
    padded = (
        rows
        if all(len(row) == width for row in rows)
        else [[*row, *([None] * (width - len(row)))] for row in rows]
    )
    columns = list(zip(*padded, strict=True)) if padded else []
    written = [
        _written(column, _number if index in numeric else _column_writer(column))
        for index, column in enumerate(columns)
    ]
    body = "".join([f"<row>{''.join(cells)}</row>" for cells in zip(*written, strict=True)])
    return _sheet_document(header, body)


def _sheet_document(header: str, body: str) -> bytes:
    return (
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
        f"<row>{header}</row>{body}</sheetData></worksheet>"
    ).encode()


def _sheet_name(title: str, taken: set[str]) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip("' ")[:31] or "Blad"
    base, number = name, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def workbook_bytes(sheets: Sequence[Sequence[Any]]) -> bytes:
    """An XLSX workbook with one sheet per ``(title, headers, rows)`` or ``(title, headers,
    rows, numeric column indexes)``; numbers stay numbers (also numbers given as decimal text in
    a numeric column), dates are dates, text is inline text (never a formula)."""
    taken: set[str] = set()
    names = [_sheet_name(sheet[0], taken) for sheet in sheets]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    sheet_entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_entries}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    styles_id = len(sheets) + 1
    workbook_rels = (
        f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'{rels}<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, start=1):
            numeric = sheet[3] if len(sheet) > 3 else frozenset()
            archive.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet[1], sheet[2], numeric))
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
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
    statuses = {value: _text(str(label)) for value, label in ContractStatus.choices}
    yes, no = _text(_("ja")), _text(_("nee"))
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
            f"<row>{_text(ref)}{_text(title)}{_text(dept)}{_text(supplier)}"
            f"<c><v>{year}</v></c>{statuses.get(status) or _text(status)}"
            f'<c s="2"><v>{(end - _EXCEL_EPOCH).days}</v></c>'
            f"<c><v>{owed}</v></c><c><v>{approved}</v></c><c><v>{pending}</v></c>"
            f"<c><v>{remaining}</v></c><c><v>{selectors.tenths(percentage)}</v></c>"
            f"<c><v>{selectors.tenths(elapsed)}</v></c>"
            f"{_EMPTY if pace is None else _NUMBER(selectors.hundredths(pace))}"
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
