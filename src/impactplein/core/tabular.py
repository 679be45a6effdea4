"""Tables in and out: CSV and Excel files of rows keyed by column, for exports and imports.

An app describes its file format as a sequence of :class:`Column` (a key for the code, a fixed
Dutch header for the file) and uses the same columns to write an export and to read an import, so
a round trip changes nothing.

Writing: :func:`write_csv` and :func:`write_xlsx` write rows keyed by header. Text that a
spreadsheet would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading apostrophe (the OWASP advice against CSV injection);
reading removes that apostrophe again.

Reading: :func:`read_table` turns an uploaded CSV (UTF-8 with or without BOM, ``;`` or ``,``
separated) or XLSX file into raw rows of strings keyed by column key. Whole-file problems are
raised as :class:`TableError` with a code; ``table_messages.file_message`` gives the Dutch
sentence. Checking and converting the cells is the app's own work. No Django import.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Final


@dataclass(frozen=True)
class Column:
    key: str  # the field the column carries
    header: str  # fixed, Dutch: a file format, not interface text
    required: bool = False  # the column must be in an import file


def headers_of(columns: Sequence[Column]) -> tuple[str, ...]:
    return tuple(column.header for column in columns)


YES: Final = "ja"
NO: Final = "nee"
YES_WORDS: Final = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NO_WORDS: Final = frozenset({"nee", "n", "no", "false", "onwaar", "0", ""})

# A spreadsheet runs a cell starting with one of these as a formula (or a DDE command).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
ESCAPE: Final = "'"

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
MAX_ROWS: Final = 20_000
# An XLSX file is a zip archive; refuse one that would unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES: Final = 200 * 1024 * 1024
MAX_CELL_CHARACTERS: Final = 10_000


# --- writing -------------------------------------------------------------------------------------


def escape_cell(value: str) -> str:
    """Keep a spreadsheet from running ``value`` as a formula."""
    return ESCAPE + value if value.startswith(FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`: an apostrophe before a formula character is dropped."""
    if value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _ordered(row: Mapping[str, str], headers: Sequence[str]) -> list[str]:
    return [escape_cell(row.get(header, "")) for header in headers]


def write_csv(rows: Iterable[Mapping[str, str]], file: IO[str], headers: Sequence[str]) -> None:
    """Write a header line and ``rows`` (keyed by header) as CSV with ``;`` between cells.

    Open ``file`` with ``newline=""``; write a BOM first (``"\\ufeff"``) if Excel must recognise
    UTF-8.
    """
    writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(_ordered(row, headers))


def write_xlsx(
    rows: Iterable[Mapping[str, str]], headers: Sequence[str], *, sheet_title: str = "Impactplein"
) -> bytes:
    """The rows (keyed by header) as an Excel workbook with one sheet; every cell is text."""
    from impactplein.core.xlsx import workbook_bytes  # xlsx builds on this module

    return workbook_bytes([(sheet_title, list(headers), [_ordered(row, headers) for row in rows])])


# --- reading -------------------------------------------------------------------------------------


class TableError(ValueError):
    """The file as a whole cannot be read; ``code`` says why, ``detail`` names what."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class RawRow:
    number: int  # the row number as the spreadsheet shows it (the header is row 1)
    values: dict[str, str]  # column key -> text, only for the columns in the file
    formula_keys: frozenset[str] = frozenset()  # cells that held a formula


@dataclass(frozen=True)
class Table:
    keys: tuple[str, ...]  # the columns in the file, in the file's order
    rows: tuple[RawRow, ...]


def _check_headers(headers: list[str], columns: Sequence[Column]) -> tuple[str, ...]:
    by_header = {column.header: column for column in columns}
    cleaned = [header.strip().lstrip("\ufeff").strip().lower() for header in headers]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if not cleaned:
        raise TableError("empty")
    unknown = [header or "(leeg)" for header in cleaned if header not in by_header]
    if unknown:
        raise TableError("unknown_columns", ", ".join(unknown))
    seen: set[str] = set()
    doubles = [h for h in cleaned if h in seen or seen.add(h)]  # type: ignore[func-returns-value]
    if doubles:
        raise TableError("duplicate_columns", ", ".join(doubles))
    missing = [c.header for c in columns if c.required and c.header not in cleaned]
    if missing:
        raise TableError("missing_columns", ", ".join(missing))
    return tuple(by_header[header].key for header in cleaned)


def _rows(
    keys: tuple[str, ...], lines: Iterator[tuple[list[str], frozenset[int]]], max_rows: int
) -> tuple[RawRow, ...]:
    rows: list[RawRow] = []
    for number, (cells, formulas) in enumerate(lines, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between rows are harmless
        if len(rows) >= max_rows:
            raise TableError("too_many_rows", str(max_rows))
        extra = [cell for cell in cells[len(keys) :] if cell.strip()]
        if extra:
            raise TableError("extra_cells", str(number))
        padded = list(cells) + [""] * (len(keys) - len(cells))
        if any(len(cell) > MAX_CELL_CHARACTERS for cell in padded):
            raise TableError("cell_too_long", str(number))
        values = {key: unescape_cell(cell.strip()) for key, cell in zip(keys, padded, strict=False)}
        rows.append(
            RawRow(
                number, values, frozenset(keys[index] for index in formulas if index < len(keys))
            )
        )
    return tuple(rows)


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def read_csv(data: bytes, columns: Sequence[Column], *, max_rows: int = MAX_ROWS) -> Table:
    """Read CSV text in UTF-8 (a BOM is allowed), separated by ``;`` or ``,``."""
    if not data.strip():
        raise TableError("empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError("encoding") from error
    if "\x00" in text:
        raise TableError("not_text")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        headers = next(reader)
        keys = _check_headers(headers, columns)

        def lines() -> Iterator[tuple[list[str], frozenset[int]]]:
            for cells in reader:
                # An unescaped "=" is a formula a spreadsheet would run; "+" and "-" are not
                # refused, as they start ordinary text ("+31 78 ...", "- 20% CO2").
                yield (
                    cells,
                    frozenset(i for i, cell in enumerate(cells) if cell.lstrip().startswith("=")),
                )

        return Table(keys, _rows(keys, lines(), max_rows))
    except csv.Error as error:
        raise TableError("csv", str(reader.line_num)) from error


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise TableError("xlsx") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError("xlsx_too_big")


def read_xlsx(data: bytes, columns: Sequence[Column], *, max_rows: int = MAX_ROWS) -> Table:
    """Read the first sheet of an Excel workbook (XLSX); formulas are reported, not evaluated."""
    _check_zip(data)
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise TableError("xlsx") from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableError("empty")
        rows = sheet.iter_rows()
        try:
            header_cells = next(rows)
        except StopIteration as error:
            raise TableError("empty") from error
        keys = _check_headers([_cell_text(cell.value) for cell in header_cells], columns)

        def lines() -> Iterator[tuple[list[str], frozenset[int]]]:
            for cells in rows:
                texts = [_cell_text(cell.value) for cell in cells]
                formulas = frozenset(
                    i for i, cell in enumerate(cells) if getattr(cell, "data_type", "") == "f"
                )
                yield texts, formulas

        return Table(keys, _rows(keys, lines(), max_rows))
    finally:
        workbook.close()


XLSX_MAGIC: Final = b"PK\x03\x04"


def read_table(
    data: bytes, filename: str, columns: Sequence[Column], *, max_rows: int = MAX_ROWS
) -> Table:
    """Read an uploaded file by its content: a zip archive is XLSX, anything else CSV."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError("too_big", str(MAX_FILE_BYTES // (1024 * 1024)))
    name = filename.lower()
    if not (name.endswith(".csv") or name.endswith(".xlsx") or name.endswith(".txt")):
        raise TableError("file_type")
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, columns, max_rows=max_rows)
    if name.endswith(".xlsx"):
        raise TableError("xlsx")
    return read_csv(data, columns, max_rows=max_rows)
