"""The table of organisations and impact profiles that the showcase exports and staff import.

One list of columns (:data:`COLUMNS`) serves both directions, so a file exported from the
showcase can be imported again and changes nothing. Headers are Dutch and fixed (they are a file
format, not interface text, so they are not translated); the order is stable.

Writing: :func:`profile_row` turns a profile into a row of strings, :func:`write_csv` and
:func:`write_xlsx` write rows. Text that a spreadsheet would run as a formula (a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe
(the OWASP advice against CSV injection); reading removes that apostrophe again.

Reading: :func:`read_table` turns an uploaded CSV (UTF-8 with or without BOM, ``;`` or ``,``
separated) or XLSX file into raw rows of strings, and :func:`parse_row` checks and converts one
row. Problems are reported as codes (:class:`TableError`, :class:`CellError`); the Django layer
(``directory/imports.py``) turns them into Dutch messages. No Django import.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, Final

from impactplein.core import tabular as tables
from impactplein.core.tabular import (  # noqa: F401 - part of this module's interface
    MAX_FILE_BYTES,
    MAX_ROWS,
    NO,
    YES,
    Column,
    RawRow,
    Table,
    TableError,
    escape_cell,
    unescape_cell,
)

COLUMNS: Final[tuple[Column, ...]] = (
    Column("id", "id"),
    Column("name", "naam", required=True),
    Column("kvk_number", "kvk_nummer"),
    Column("establishment_number", "vestigingsnummer"),
    Column("kind", "soort", required=True),
    Column("legal_form", "rechtsvorm", required=True),
    Column("street", "straat"),
    Column("house_number", "huisnummer"),
    Column("house_number_addition", "toevoeging"),
    Column("postcode", "postcode"),
    Column("city", "plaats"),
    Column("municipality", "gemeente_cbs_code", required=True),
    Column("area", "gebied"),
    Column("website", "website"),
    Column("email", "e_mail"),
    Column("phone", "telefoon"),
    Column("sbi_code", "sbi_code"),
    Column("sbi_version", "sbi_versie"),
    Column("pitch", "pitch"),
    Column("story", "impactverhaal"),
    Column("themes", "themas"),
    Column("sdgs", "sdgs"),
    Column("impact_models", "impactmodellen"),
    Column("target_groups", "doelgroepen"),
    Column("sells_to_buyers", "levert_aan_inkopers"),
    Column("offer", "aanbod"),
    Column("status", "status"),
    Column("published_at", "gepubliceerd_op"),
)
HEADERS: Final[tuple[str, ...]] = tuple(column.header for column in COLUMNS)
BY_HEADER: Final[Mapping[str, Column]] = {column.header: column for column in COLUMNS}
BY_KEY: Final[Mapping[str, Column]] = {column.key: column for column in COLUMNS}
ORGANISATION_KEYS: Final = frozenset(
    {
        "name", "kvk_number", "establishment_number", "kind", "legal_form", "street",
        "house_number", "house_number_addition", "postcode", "city", "municipality", "area",
        "website", "email", "phone", "sbi_code", "sbi_version",
    }
)  # fmt: skip
PROFILE_KEYS: Final = frozenset(
    {
        "pitch", "story", "themes", "sdgs", "impact_models", "target_groups", "sells_to_buyers",
        "offer", "status", "published_at",
    }
)  # fmt: skip
LIST_SEPARATOR: Final = ";"


# --- writing -------------------------------------------------------------------------------------


def join_list(values: Iterable[object]) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def profile_row(profile: Any, *, published_on: date | None) -> dict[str, str]:
    """One row of the table for an impact profile and its organisation, keyed by header.

    ``profile`` is an ``ImpactProfile`` with its organisation, municipality, area, themes and
    SDGs (prefetch them when writing many rows). ``published_on`` is the date of publication in
    the site's time zone, as the import compares it (the date of ``published_at`` as stored, in
    UTC, is the day before for a profile published late in the evening), or None.
    """
    organisation = profile.organisation
    values: dict[str, str] = {
        "id": str(organisation.pk),
        "name": organisation.name,
        "kvk_number": _text(organisation.kvk_number),
        "establishment_number": _text(organisation.establishment_number),
        "kind": organisation.kind,
        "legal_form": organisation.legal_form,
        "street": organisation.street,
        "house_number": _text(organisation.house_number),
        "house_number_addition": organisation.house_number_addition,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "municipality": organisation.municipality.cbs_code,
        "area": organisation.area.slug if organisation.area_id else "",
        "website": organisation.website,
        "email": organisation.email,
        # The way people write it ("078 123 4567"); importing it gives the stored form again.
        "phone": organisation.phone_display,
        "sbi_code": organisation.sbi_code,
        "sbi_version": organisation.sbi_version,
        "pitch": profile.pitch,
        "story": profile.story,
        "themes": join_list(sorted(theme.slug for theme in profile.themes.all())),
        "sdgs": join_list(sorted(sdg.number for sdg in profile.sdgs.all())),
        "impact_models": join_list(profile.impact_models),
        "target_groups": join_list(profile.target_groups),
        "sells_to_buyers": YES if profile.sells_to_buyers else NO,
        "offer": profile.offer,
        "status": profile.status,
        "published_at": published_on.isoformat() if published_on else "",
    }
    return {BY_KEY[key].header: value for key, value in values.items()}


def write_csv(rows: Iterable[Mapping[str, str]], file: IO[str]) -> None:
    """Write a header line and ``rows`` (keyed by header) as CSV with ``;`` between cells."""
    tables.write_csv(rows, file, HEADERS)


def write_xlsx(rows: Iterable[Mapping[str, str]], headers: Sequence[str] = HEADERS) -> bytes:
    """The rows as an Excel workbook with one sheet; every cell is text.

    ``headers`` may leave columns out (in the order of :data:`HEADERS`); an import of the file
    then leaves those fields alone.
    """
    return tables.write_xlsx(rows, headers)


# --- reading -------------------------------------------------------------------------------------


def read_csv(data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    return tables.read_csv(data, COLUMNS, max_rows=max_rows)


def read_table(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> Table:
    """Read an uploaded CSV or XLSX file in the export's columns (see ``core.tabular``)."""
    return tables.read_table(data, filename, COLUMNS, max_rows=max_rows)


# --- checking one row ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    key: str  # the column key
    code: str
    detail: str = ""

    @property
    def header(self) -> str:
        return BY_KEY[self.key].header


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # typed, only the columns in the file
    errors: list[CellError] = field(default_factory=list)

    @property
    def has_profile(self) -> bool:
        """Whether the row holds a profile; a row without pitch or other profile text does not."""
        return any(self.values.get(key) for key in PROFILE_KEYS - {"status"})


_INTEGER: Final = re.compile(r"[0-9]+")
_DUTCH_DATE: Final = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def _parse_date(text: str) -> date:
    match = _DUTCH_DATE.fullmatch(text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return date.fromisoformat(text[:10] if "T" in text else text)


def parse_row(
    raw: RawRow,
    *,
    kinds: Iterable[str],
    legal_forms: Iterable[str],
    impact_models: Iterable[str],
    statuses: Iterable[str],
) -> ParsedRow:
    """Check the form of every cell and convert it; references (municipality, area, themes) are
    looked up by the caller. Choice columns take the stored value (``social_enterprise``)."""
    row = ParsedRow(raw.number)
    choices = {
        "kind": frozenset(kinds),
        "legal_form": frozenset(legal_forms),
        "status": frozenset(statuses),
    }
    allowed_models = frozenset(impact_models)
    for key, text in raw.values.items():
        if key in raw.formula_keys:
            row.errors.append(CellError(key, "formula"))
            continue
        try:
            row.values[key] = _convert(key, text, choices, allowed_models)
        except _CellProblem as problem:
            row.errors.append(CellError(key, problem.code, problem.detail))
    for column in COLUMNS:
        missing = column.required and not raw.values.get(column.key)
        if missing and column.key not in _keys(row.errors):
            row.errors.append(CellError(column.key, "required"))
    if row.has_profile and not row.values.get("pitch") and "pitch" not in _keys(row.errors):
        row.errors.append(CellError("pitch", "required"))
    return row


def _keys(errors: Iterable[CellError]) -> set[str]:
    return {error.key for error in errors}


class _CellProblem(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def _convert(
    key: str, text: str, choices: Mapping[str, frozenset[str]], impact_models: frozenset[str]
) -> Any:
    if key == "id":
        if not text:
            return None
        if not _INTEGER.fullmatch(text):
            raise _CellProblem("integer")
        return int(text)
    if key == "house_number":
        if not text:
            return None
        if not _INTEGER.fullmatch(text) or int(text) == 0:
            raise _CellProblem("house_number")
        return int(text)
    if key in choices:
        if not text:
            return ""
        value = text.strip().lower()
        if value not in choices[key]:
            raise _CellProblem("choice", text)
        return value
    if key == "sdgs":
        numbers = []
        for item in split_list(text):
            if not _INTEGER.fullmatch(item) or not 1 <= int(item) <= 17:
                raise _CellProblem("sdg", item)
            numbers.append(int(item))
        return sorted(set(numbers))
    if key == "themes":
        return sorted({item.lower() for item in split_list(text)})
    if key == "impact_models":
        items = split_list(text)
        for item in items:
            if item not in impact_models:
                raise _CellProblem("impact_model", item)
        if len(set(items)) != len(items):
            raise _CellProblem("impact_model_twice")
        return items
    if key == "target_groups":
        return split_list(text)
    if key == "sells_to_buyers":
        word = text.strip().lower()
        if word in tables.YES_WORDS:
            return True
        if word in tables.NO_WORDS:
            return False
        raise _CellProblem("yes_no", text)
    if key == "published_at":
        if not text:
            return None
        try:
            return _parse_date(text)
        except ValueError as error:
            raise _CellProblem("date", text) from error
    if key in ("municipality", "area"):
        return text.strip().upper() if key == "municipality" else text.strip().lower()
    if key == "sbi_version":
        return text.strip()
    return text
