"""Dutch identifiers of an organisation: check the format and return the one way we store them.

Pure functions over strings, with no Django import, so the rules are tested on their own
(``tests/organisations/test_identifiers.py``). Each ``normalise_*`` function either returns the
canonical form or raises :class:`IdentifierError` with a code; the Django layer
(``organisations/validators.py``) turns the code into a translated message. Every function is
idempotent: normalising a canonical value returns it unchanged.

Sources (see ``domain/impact-matching-and-region.md`` §4.3 and §7.3):

* KVK number: 8 digits; establishment number (vestigingsnummer): 12 digits. The KVK publishes no
  check digit, so only the format is checked (as Open Formulieren and the Dimpact
  zaakafhandelcomponent do). kvk.nl, "Numbers in the Business Register".
* Postcode: four digits not starting with 0, then two capital letters; PostNL does not use the
  letter pairs SA, SD and SS. Stored as ``"3311 AB"``.
* Telephone: the Dutch numbering plan (Telecommunicatiewet, Nummerplan telefoon- en
  ISDN-diensten): a national significant number of 9 digits after the trunk prefix 0 or the
  country code +31; service numbers 0800/0900/0906/0909 followed by 4 or 7 digits; and the
  municipal number 14 followed by the area code (e.g. ``14 078``).
* SBI code: SBI 2008 codes have 2 to 5 digits (the first four equal NACE Rev. 2, the fifth is a
  Dutch refinement, cbs.nl); since 7 September 2025 the KVK registers SBI 2025 codes of exactly
  5 digits (NACE Rev. 2.1). The first two digits (the division) must exist in that version.
"""

import re
import unicodedata
from typing import Final


class IdentifierError(ValueError):
    """The value is not a valid identifier; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _prepare(value: str) -> str:
    # NFKC turns full-width digits and similar look-alikes into plain ASCII.
    return unicodedata.normalize("NFKC", value).strip()


_DIGITS_WITH_SPACES = re.compile(r"[0-9](?:\s*[0-9])*", re.ASCII)


def _digits(value: str, length: int, code: str) -> str:
    text = _prepare(value)
    if not _DIGITS_WITH_SPACES.fullmatch(text):
        raise IdentifierError(code)
    digits = re.sub(r"\s", "", text)
    if len(digits) != length:
        raise IdentifierError(code)
    return digits


def normalise_kvk_number(value: str) -> str:
    """A KVK number: exactly 8 digits (spaces between them are dropped)."""
    return _digits(value, 8, "kvk_number")


def normalise_establishment_number(value: str) -> str:
    """A vestigingsnummer: exactly 12 digits (spaces between them are dropped)."""
    return _digits(value, 12, "establishment_number")


# --- postcode ------------------------------------------------------------------------------------
_POSTCODE = re.compile(r"([0-9]{4})\s*([A-Za-z]{2})", re.ASCII)
UNUSED_POSTCODE_LETTERS: Final = frozenset({"SA", "SD", "SS"})


def normalise_postcode(value: str) -> str:
    """A Dutch postcode as ``"1234 AB"``: ``"3311ab"`` and ``" 3311  Ab "`` become ``"3311 AB"``."""
    match = _POSTCODE.fullmatch(_prepare(value))
    if not match:
        raise IdentifierError("postcode")
    digits, letters = match.group(1), match.group(2).upper()
    if digits[0] == "0":
        raise IdentifierError("postcode_zero")
    if letters in UNUSED_POSTCODE_LETTERS:
        raise IdentifierError("postcode_letters")
    return f"{digits} {letters}"


def postcode_area(postcode: str) -> int:
    """The four digits of a postcode as a number, for matching against municipal ranges."""
    return int(normalise_postcode(postcode)[:4])


# --- telephone -----------------------------------------------------------------------------------
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()./-]+", re.ASCII)
_PHONE_SEPARATORS = re.compile(r"[ ()./-]")
SERVICE_PREFIXES: Final = ("800", "900", "906", "909")
NATIONAL_SIGNIFICANT_LENGTH: Final = 9


def normalise_phone(value: str) -> str:
    """A Dutch telephone number in one canonical form.

    Ordinary numbers (fixed, mobile, 085/088) become E.164: ``"078 - 123 45 67"``,
    ``"+31 (0)78 1234567"`` and ``"0031781234567"`` all give ``"+31781234567"``. Service numbers
    keep their national form (``"0800 1234"``), as they cannot be dialled from abroad; the
    municipal number becomes ``"14 078"``. Numbers of other countries are refused.
    """
    text = _prepare(value)
    if not _PHONE_CHARACTERS.fullmatch(text):
        raise IdentifierError("phone")
    international = text.startswith("+") or text.startswith("00")
    if international:
        # "+31 (0)78 ..." writes the trunk prefix in brackets; it is not dialled.
        text = text.replace("(0)", "", 1)
    digits = _PHONE_SEPARATORS.sub("", text)

    if digits.startswith("+31"):
        rest = digits[3:]
    elif digits.startswith("0031"):
        rest = digits[4:]
    elif international:
        raise IdentifierError("phone_foreign")
    elif digits.startswith("0"):
        rest = digits[1:]
    elif digits.startswith("14"):
        return _municipal_number(digits)
    else:
        raise IdentifierError("phone")

    if international and rest.startswith("0"):
        rest = rest[1:]  # "+31 078 ..." is a common way of writing "+31 78 ..."
    if not rest.isascii() or not rest.isdigit():
        raise IdentifierError("phone")

    for prefix in SERVICE_PREFIXES:
        if rest.startswith(prefix):
            subscriber = rest[len(prefix) :]
            if len(subscriber) not in (4, 7):
                raise IdentifierError("phone")
            return f"0{prefix} {subscriber}"

    if len(rest) != NATIONAL_SIGNIFICANT_LENGTH or rest[0] == "0":
        raise IdentifierError("phone")
    return f"+31{rest}"


# Two-digit area codes of the Dutch numbering plan; other geographic codes have three digits.
TWO_DIGIT_AREA_CODES: Final = frozenset(
    {"10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43", "45",
     "46", "50", "53", "55", "58", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
     "85", "88", "91"}
)  # fmt: skip


def format_phone(stored: str) -> str:
    """A stored number the way people in the Netherlands write it: ``"078 123 4567"``."""
    if not (stored.startswith("+31") and len(stored) == 12):
        return stored
    number = stored[3:]
    if number.startswith("6"):
        return f"06 {number[1:5]} {number[5:]}"
    if number[:2] in TWO_DIGIT_AREA_CODES:
        return f"0{number[:2]} {number[2:5]} {number[5:]}"
    return f"0{number[:3]} {number[3:6]} {number[6:]}"


def _municipal_number(digits: str) -> str:
    # 14 followed by the municipality's area code including its 0: 14 078, 14 0184.
    area_code = digits[2:]
    if not (area_code.startswith("0") and len(area_code) in (3, 4) and area_code.isdigit()):
        raise IdentifierError("phone")
    return f"14 {area_code}"


# --- SBI -----------------------------------------------------------------------------------------
# Divisions (first two digits) per section, NACE Rev. 2 for SBI 2008 (domain note §4.1) and NACE
# Rev. 2.1 for SBI 2025 (Annex to Commission Delegated Regulation (EU) 2023/137).
SBI_DIVISIONS: Final[dict[str, tuple[tuple[str, int, int], ...]]] = {
    "2008": (
        ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
        ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66),
        ("L", 68, 68), ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85),
        ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
    ),
    "2025": (
        ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
        ("G", 46, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 60), ("K", 61, 63),
        ("L", 64, 66), ("M", 68, 68), ("N", 69, 75), ("O", 77, 82), ("P", 84, 84),
        ("Q", 85, 85), ("R", 86, 88), ("S", 90, 93), ("T", 94, 96), ("U", 97, 98),
        ("V", 99, 99),
    ),
}  # fmt: skip
SBI_LENGTHS: Final[dict[str, tuple[int, ...]]] = {"2008": (2, 3, 4, 5), "2025": (5,)}
_SBI = re.compile(r"[0-9](?:[ .]?[0-9])*", re.ASCII)


def normalise_sbi_code(value: str, version: str) -> str:
    """An SBI code as plain digits (``"62.01"`` becomes ``"6201"``), valid for its version."""
    if version not in SBI_LENGTHS:
        raise IdentifierError("sbi_version")
    text = _prepare(value)
    if not _SBI.fullmatch(text):
        raise IdentifierError("sbi_code")
    code = re.sub(r"[ .]", "", text)
    if len(code) not in SBI_LENGTHS[version]:
        raise IdentifierError("sbi_length_2025" if version == "2025" else "sbi_length_2008")
    sbi_section(code, version)
    return code


def sbi_section(code: str, version: str) -> str:
    """The section letter of an SBI code (``"6201"`` in SBI 2008 is ``"J"``)."""
    if version not in SBI_DIVISIONS:
        raise IdentifierError("sbi_version")
    if len(code) < 2 or not code[:2].isascii() or not code[:2].isdigit():
        raise IdentifierError("sbi_code")
    division = int(code[:2])
    for letter, low, high in SBI_DIVISIONS[version]:
        if low <= division <= high:
            return letter
    raise IdentifierError("sbi_division")
