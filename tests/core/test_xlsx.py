"""The workbook writer: what it writes opens in openpyxl with the same values, numbers stay
numbers, dates stay dates, and text never becomes a formula."""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from impactplein.core import tabular
from impactplein.core.xlsx import RenderedRows, date_cell, number_cell, text_cell, workbook_bytes


def _read(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_sheets_hold_text_numbers_dates_and_empty_cells_in_place() -> None:
    data = workbook_bytes(
        [
            ("Contracten", ["kenmerk", "waarde", "einde", "noot"], [
                ["SR-1", Decimal("1250000"), date(2026, 12, 31), None],
                ["SR-2 & <b>", 7, date(2027, 1, 1), "vast"],
            ]),
            ("Per afdeling", ["afdeling"], [["Stadsbeheer"]]),
        ]
    )  # fmt: skip
    sheets = _read(data)
    assert list(sheets) == ["Contracten", "Per afdeling"]
    rows = sheets["Contracten"]
    assert rows[0] == ("kenmerk", "waarde", "einde", "noot")
    assert rows[1] == ("SR-1", 1250000, datetime(2026, 12, 31), None)
    assert rows[2] == ("SR-2 & <b>", 7, datetime(2027, 1, 1), "vast")


def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe_and_is_never_a_formula() -> None:
    data = workbook_bytes([("Blad", ["naam"], [['=HYPERLINK("http://x")'], ["+31 78"]])])
    workbook = load_workbook(io.BytesIO(data))
    cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ['\'=HYPERLINK("http://x")', "'+31 78"]
    assert all(cell.data_type != "f" for cell in cells)


def test_characters_xml_cannot_hold_are_dropped_and_sheet_names_made_valid() -> None:
    title = "a/b:c?" * 10
    data = workbook_bytes([(title, ["x"], [["bel\x07 en\nregel"]]), (title, [], [])])
    sheets = _read(data)
    first, second = list(sheets)
    assert len(first) <= 31
    assert not {"/", ":", "?"} & set(first)
    assert first != second
    assert sheets[first][1] == ("bel en\nregel",)


def test_rows_written_by_the_caller_are_taken_as_they_are() -> None:
    rows = RenderedRows(
        [f"<row>{text_cell('SR-9')}{number_cell(12)}{date_cell(date(2026, 3, 1))}</row>"]
    )
    assert _read(workbook_bytes([("Blad", ["a", "b", "c"], rows)]))["Blad"][1] == (
        "SR-9",
        12,
        datetime(2026, 3, 1),
    )


def test_the_tables_writer_round_trips_through_the_reader() -> None:
    columns = [tabular.Column("name", "naam", required=True), tabular.Column("city", "plaats")]
    data = tabular.write_xlsx([{"naam": "=Drechtwerk", "plaats": "Dordrecht"}], ["naam", "plaats"])
    table = tabular.read_xlsx(data, columns)
    assert table.keys == ("name", "city")
    assert table.rows[0].values == {"name": "=Drechtwerk", "city": "Dordrecht"}
