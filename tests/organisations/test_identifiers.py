"""Dutch identifiers are checked by format and stored in one canonical form.

A KvK number is exactly 8 digits and an establishment number exactly 12; a postcode is four digits
not starting with 0 and two letters other than SA, SD and SS, stored as "3311 AB"; a telephone
number is Dutch and stored as +31… (service numbers and the municipal 14 number in their national
form); an SBI code has the length of its version and an existing division. Normalising is
idempotent and never accepts what it should refuse.
"""

import string

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from impactplein.organisations.identifiers import (
    IdentifierError,
    format_phone,
    normalise_establishment_number,
    normalise_kvk_number,
    normalise_phone,
    normalise_postcode,
    normalise_sbi_code,
    postcode_area,
    sbi_section,
)

digits = st.text(alphabet=string.digits, min_size=1, max_size=20)


def refused(function, *args) -> str:
    with pytest.raises(IdentifierError) as info:
        function(*args)
    return info.value.code


# --- KvK and establishment numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678", "12345678"),
        ("01234567", "01234567"),
        (" 12345678 ", "12345678"),
        ("1234 5678", "12345678"),
        ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "12345678"),  # full-width digits
    ],
)
def test_kvk_number_accepts_eight_digits(typed, stored):
    assert normalise_kvk_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "1234567", "123456789", "1234567a", "12.345.678", "kvk 12345678", "١٢٣٤٥٦٧٨", "-1234567"],
)
def test_kvk_number_refuses_anything_else(typed):
    assert refused(normalise_kvk_number, typed) == "kvk_number"


@given(digits)
def test_kvk_number_is_exactly_eight_digits(value):
    if len(value) == 8:
        assert normalise_kvk_number(value) == value
    else:
        assert refused(normalise_kvk_number, value) == "kvk_number"


@given(st.text(max_size=30))
def test_a_normalised_kvk_number_is_always_eight_ascii_digits(value):
    try:
        stored = normalise_kvk_number(value)
    except IdentifierError:
        return
    assert len(stored) == 8
    assert stored.isascii()
    assert stored.isdigit()
    assert normalise_kvk_number(stored) == stored


@given(digits)
def test_establishment_number_is_exactly_twelve_digits(value):
    if len(value) == 12:
        assert normalise_establishment_number(value) == value
    else:
        assert refused(normalise_establishment_number, value) == "establishment_number"


def test_establishment_number_drops_spaces_and_refuses_letters():
    assert normalise_establishment_number("0000 1234 5678") == "000012345678"
    assert refused(normalise_establishment_number, "00001234567X") == "establishment_number"


# --- postcodes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("3311 AB", "3311 AB"),
        ("3311 ab", "3311 AB"),
        ("3311ab", "3311 AB"),
        ("  3311   Ab ", "3311 AB"),
        ("1000 AA", "1000 AA"),
        ("9999 ZZ", "9999 ZZ"),
        ("2995 xs", "2995 XS"),
    ],
)
def test_postcode_is_normalised(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("0311 AB", "postcode_zero"),
        ("3311 SA", "postcode_letters"),
        ("3311 sd", "postcode_letters"),
        ("3311SS", "postcode_letters"),
        ("331 AB", "postcode"),
        ("33111 AB", "postcode"),
        ("3311 A", "postcode"),
        ("3311 ABC", "postcode"),
        ("3311-AB", "postcode"),
        ("AB 3311", "postcode"),
        ("3311 Ä B", "postcode"),
        ("3311 ÄB", "postcode"),
        ("", "postcode"),
        ("3 311 AB", "postcode"),
    ],
)
def test_postcode_refuses_what_postnl_does_not_use(typed, code):
    assert refused(normalise_postcode, typed) == code


@given(
    st.integers(min_value=1000, max_value=9999),
    st.sampled_from(string.ascii_letters),
    st.sampled_from(string.ascii_letters),
    st.sampled_from(["", " ", "  "]),
)
def test_every_valid_postcode_is_accepted_in_any_case_and_spacing(number, first, second, space):
    letters = (first + second).upper()
    typed = f"{number}{space}{first}{second}"
    if letters in {"SA", "SD", "SS"}:
        assert refused(normalise_postcode, typed) == "postcode_letters"
    else:
        stored = normalise_postcode(typed)
        assert stored == f"{number} {letters}"
        assert normalise_postcode(stored) == stored
        assert postcode_area(stored) == number


@given(st.text(max_size=12))
@example("3311 \u0131a")  # a dotless i would upper-case to a plain I; it is refused all the same
def test_a_normalised_postcode_always_has_the_stored_form(value):
    try:
        stored = normalise_postcode(value)
    except IdentifierError:
        return
    assert len(stored) == 7
    assert stored[4] == " "
    assert stored[0] in "123456789"
    assert stored[1:4].isdigit()
    assert stored[1:4].isascii()
    assert stored[5:].isascii()
    assert stored[5:].isupper()
    assert stored[5:] not in {"SA", "SD", "SS"}


# --- telephone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("078 123 45 67", "+31781234567"),
        ("078-1234567", "+31781234567"),
        ("(078) 123 45 67", "+31781234567"),
        ("078.123.45.67", "+31781234567"),
        ("0184 123456", "+31184123456"),
        ("06 12345678", "+31612345678"),
        ("06-12 34 56 78", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("+31 (0)78 123 4567", "+31781234567"),
        ("+31 078 123 4567", "+31781234567"),
        ("0031 78 1234567", "+31781234567"),
        ("0031 (0)6 12345678", "+31612345678"),
        ("+31781234567", "+31781234567"),
        ("088 1234567", "+31881234567"),
        ("0800 1234", "0800 1234"),
        ("0800-1234567", "0800 1234567"),
        ("0900 1234", "0900 1234"),
        ("0906 1234567", "0906 1234567"),
        ("0909 1234", "0909 1234"),
        ("14 078", "14 078"),
        ("14078", "14 078"),
        ("14 0184", "14 0184"),
    ],
)
def test_dutch_phone_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored
    assert normalise_phone(stored) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("+32 2 123 45 67", "phone_foreign"),
        ("0032 2 1234567", "phone_foreign"),
        ("+49 30 1234567", "phone_foreign"),
        ("078 123 456", "phone"),
        ("078 123 45 678", "phone"),
        ("1234567", "phone"),
        ("0800 12345", "phone"),
        ("0900 123", "phone"),
        ("14 78", "phone"),
        ("14 01845", "phone"),
        ("078 123 45 67 toestel 2", "phone"),
        ("+31 +78 1234567", "phone"),
        ("", "phone"),
        ("00 78 1234567", "phone_foreign"),
        ("+31 00 1234567", "phone"),
    ],
)
def test_other_phone_numbers_are_refused(typed, code):
    assert refused(normalise_phone, typed) == code


@given(
    st.sampled_from(["1", "2", "3", "4", "5", "6", "7", "8", "9"]),
    st.text(string.digits, min_size=8, max_size=8),
)
def test_every_nine_digit_national_number_is_stored_in_e164(first, rest):
    number = first + rest
    assume(not number.startswith(("800", "900", "906", "909")))
    stored = normalise_phone("0" + number)
    assert stored == "+31" + number
    assert normalise_phone(stored) == stored
    assert normalise_phone(f"+31 (0){number}") == stored


@given(st.text(alphabet=string.digits + " +()-./", max_size=25))
def test_phone_normalisation_is_idempotent_and_gives_a_known_form(value):
    try:
        stored = normalise_phone(value)
    except IdentifierError:
        return
    assert normalise_phone(stored) == stored
    assert (
        (stored.startswith("+31") and len(stored) == 12 and stored[3:].isdigit())
        or stored.startswith(("0800 ", "0900 ", "0906 ", "0909 "))
        or stored.startswith("14 0")
    )


# --- SBI codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "version", "stored", "section"),
    [
        ("62", "2008", "62", "J"),
        ("620", "2008", "620", "J"),
        ("6201", "2008", "6201", "J"),
        ("62.01", "2008", "6201", "J"),
        ("01.11.0", "2008", "01110", "A"),
        ("4291", "2008", "4291", "F"),
        ("8411", "2008", "8411", "O"),
        ("99000", "2008", "99000", "U"),
        ("62010", "2025", "62010", "K"),
        ("62.01.0", "2025", "62010", "K"),
        ("58110", "2025", "58110", "J"),
        ("64190", "2025", "64190", "L"),
        ("68100", "2025", "68100", "M"),
        ("99000", "2025", "99000", "V"),
    ],
)
def test_sbi_codes_of_both_versions(typed, version, stored, section):
    assert normalise_sbi_code(typed, version) == stored
    assert sbi_section(stored, version) == section


@pytest.mark.parametrize(
    ("typed", "version", "code"),
    [
        ("6", "2008", "sbi_length_2008"),
        ("620100", "2008", "sbi_length_2008"),
        ("6201", "2025", "sbi_length_2025"),
        ("04110", "2008", "sbi_division"),
        ("45110", "2025", "sbi_division"),  # motor trade left division 45 in NACE Rev. 2.1
        ("00000", "2025", "sbi_division"),
        ("62a01", "2008", "sbi_code"),
        ("62..01", "2008", "sbi_code"),
        ("", "2008", "sbi_code"),
        ("6201", "1993", "sbi_version"),
    ],
)
def test_sbi_codes_that_do_not_exist_are_refused(typed, version, code):
    assert refused(normalise_sbi_code, typed, version) == code


@given(st.text(string.digits, min_size=1, max_size=7), st.sampled_from(["2008", "2025"]))
def test_sbi_normalisation_is_idempotent(value, version):
    try:
        stored = normalise_sbi_code(value, version)
    except IdentifierError:
        return
    assert normalise_sbi_code(stored, version) == stored
    assert len(stored) == 5 if version == "2025" else 2 <= len(stored) <= 5


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+31781234567", "078 123 4567"),
        ("+31612345678", "06 1234 5678"),
        ("+31184123456", "0184 123 456"),
        ("+31881234567", "088 123 4567"),
        ("0800 1234", "0800 1234"),
        ("14 078", "14 078"),
    ],
)
def test_stored_phone_numbers_are_shown_the_dutch_way(stored, shown):
    assert format_phone(stored) == shown
    assert normalise_phone(shown) == stored
