"""The export/import table: one set of Dutch columns in a stable order, files read by content,
spreadsheet formulas neither written nor accepted, every cell checked with a reason."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from impactplein.core import tabular as tables
from impactplein.directory import tabular
from impactplein.directory.constants import ImpactModel, ProfileStatus
from impactplein.organisations.constants import LegalForm, OrganisationKind
from tests.directory.factories import OrganisationFactory, profile

CHOICES = {
    "kinds": OrganisationKind.values,
    "legal_forms": LegalForm.values,
    "impact_models": ImpactModel.values,
    "statuses": ProfileStatus.values,
}
HEADER = ";".join(tabular.HEADERS)


def parse(**cells: str) -> tabular.ParsedRow:
    values = {"name": "Fietsfabriek", "kind": "social_enterprise", "legal_form": "bv"}
    values["municipality"] = "GM0505"
    values.update(cells)
    return tabular.parse_row(tabular.RawRow(2, values), **CHOICES)


def test_the_columns_are_dutch_unique_and_in_a_fixed_order() -> None:
    assert tabular.HEADERS[:3] == ("id", "naam", "kvk_nummer")
    assert len(set(tabular.HEADERS)) == len(tabular.HEADERS)
    assert tabular.HEADERS[-1] == "gepubliceerd_op"


@pytest.mark.django_db
def test_profile_row_holds_the_organisation_and_the_profile() -> None:
    organisation = OrganisationFactory(name="Fietsfabriek", phone="0781234567")
    record = profile(organisation, target_groups=["statushouders", "jongeren"])

    row = tabular.profile_row(record, published_on=None)

    assert list(row) == list(tabular.HEADERS)
    assert row["naam"] == "Fietsfabriek"
    assert row["gemeente_cbs_code"] == organisation.municipality.cbs_code
    assert row["telefoon"] == "078 123 4567"
    assert row["doelgroepen"] == "statushouders;jongeren"
    assert row["levert_aan_inkopers"] == "nee"
    assert row["status"] == "draft"


def test_csv_is_semicolon_separated_with_the_header_first_and_formulas_escaped() -> None:
    out = io.StringIO(newline="")
    tabular.write_csv([{"naam": "=HYPERLINK(1)", "pitch": "-20% CO2"}], out)

    lines = out.getvalue().splitlines()
    assert lines[0] == HEADER
    cells = lines[1].split(";")
    assert cells[1] == "'=HYPERLINK(1)"
    assert cells[tabular.HEADERS.index("pitch")] == "'-20% CO2"


def test_an_escaped_cell_reads_back_as_it_was_written() -> None:
    out = io.StringIO(newline="")
    tabular.write_csv([{"naam": "@home", "pitch": "+ meer werk"}], out)

    table = tabular.read_csv(out.getvalue().encode())

    assert table.rows[0].values["name"] == "@home"
    assert table.rows[0].values["pitch"] == "+ meer werk"
    assert table.rows[0].formula_keys == frozenset()


def test_xlsx_cells_are_text_never_formulas() -> None:
    data = tabular.write_xlsx([{"naam": "=1+1", "kvk_nummer": "01234567"}])

    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(1, 1).value == "id"
    assert sheet.cell(2, 2).value == "'=1+1"
    assert sheet.cell(2, 2).data_type == "s"
    assert sheet.cell(2, 3).value == "01234567"
    assert tabular.read_table(data, "x.xlsx").rows[0].values["name"] == "=1+1"


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_with_either_separator_and_with_or_without_bom(separator: str, bom: bytes) -> None:
    text = separator.join(["naam", "soort", "rechtsvorm", "gemeente_cbs_code"]) + "\r\n"
    text += separator.join(['"Bakkerij, De Korenaar"', "company", "bv", "GM0505"]) + "\r\n"

    table = tabular.read_table(bom + text.encode(), "lijst.csv")

    assert table.keys == ("name", "kind", "legal_form", "municipality")
    assert table.rows[0].number == 2
    assert table.rows[0].values["name"] == "Bakkerij, De Korenaar"


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "leeg.csv", "empty"),
        (b"   \r\n", "leeg.csv", "empty"),
        ("naam;soort\r\nCaf\u00e9;x".encode("latin-1"), "a.csv", "encoding"),
        (b"naam;kleur;soort;rechtsvorm;gemeente_cbs_code\r\n", "a.csv", "unknown_columns"),
        (b"naam;soort;rechtsvorm\r\n", "a.csv", "missing_columns"),
        (b"naam;naam;soort;rechtsvorm;gemeente_cbs_code\r\n", "a.csv", "duplicate_columns"),
        (b"naam;soort;rechtsvorm;gemeente_cbs_code\r\n", "a.pdf", "file_type"),
        (b"not a zip", "a.xlsx", "xlsx"),
        (b"PK\x03\x04 broken", "a.xlsx", "xlsx"),
        (b"naam;soort;rechtsvorm;gemeente_cbs_code\r\na;b;c;d;e\r\n", "a.csv", "extra_cells"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data: bytes, filename: str, code: str) -> None:
    with pytest.raises(tabular.TableError) as caught:
        tabular.read_table(data, filename)
    assert caught.value.code == code


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    with pytest.raises(tabular.TableError) as caught:
        tabular.read_table(b"x" * (tabular.MAX_FILE_BYTES + 1), "groot.csv")
    assert caught.value.code == "too_big"


def test_more_rows_than_allowed_are_refused() -> None:
    data = (HEADER + "\r\n" + "\r\n".join(";a" for _ in range(4))).encode()
    with pytest.raises(tabular.TableError) as caught:
        tabular.read_csv(data, max_rows=3)
    assert caught.value.code == "too_many_rows"


def test_blank_lines_are_skipped_and_row_numbers_stay_those_of_the_file() -> None:
    data = b"naam;soort;rechtsvorm;gemeente_cbs_code\r\n;;;\r\nA;company;bv;GM0505\r\n"
    assert [row.number for row in tabular.read_csv(data).rows] == [3]


def _xlsx(*rows: list[object]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_and_dates_read_as_text_and_formulas_are_marked() -> None:
    from datetime import datetime

    data = _xlsx(
        [
            "naam",
            "soort",
            "rechtsvorm",
            "gemeente_cbs_code",
            "huisnummer",
            "pitch",
            "gepubliceerd_op",
        ],
        ["=A1", "company", "bv", "GM0505", 12.0, "Brood", datetime(2026, 3, 1)],
    )

    row = tabular.read_table(data, "lijst.xlsx").rows[0]

    assert row.values["house_number"] == "12"
    assert row.values["published_at"] == "2026-03-01"
    assert row.formula_keys == frozenset({"name"})
    parsed = tabular.parse_row(row, **CHOICES)
    assert [(e.header, e.code) for e in parsed.errors] == [("naam", "formula")]


def test_an_xlsx_that_unpacks_to_too_much_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(tabular.TableError) as caught:
        tabular.read_table(_xlsx(["naam"]), "bom.xlsx")
    assert caught.value.code == "xlsx_too_big"


def test_an_unescaped_formula_in_csv_is_marked() -> None:
    data = b"naam;soort;rechtsvorm;gemeente_cbs_code\r\n=cmd|' /C calc'!A0;company;bv;GM0505\r\n"
    row = tabular.read_csv(data).rows[0]
    assert tabular.parse_row(row, **CHOICES).errors[0].code == "formula"


def test_a_valid_row_is_converted_to_values() -> None:
    row = parse(
        house_number="12",
        pitch="Wij maken fietsen.",
        sdgs="8; 3;8",
        themes="Werk;circulair",
        impact_models="employment;community",
        target_groups="jongeren; statushouders",
        sells_to_buyers="ja",
        published_at="01-03-2026",
        status="published",
    )

    assert row.errors == []
    assert row.values["house_number"] == 12
    assert row.values["sdgs"] == [3, 8]
    assert row.values["themes"] == ["circulair", "werk"]
    assert row.values["impact_models"] == ["employment", "community"]
    assert row.values["target_groups"] == ["jongeren", "statushouders"]
    assert row.values["sells_to_buyers"] is True
    assert str(row.values["published_at"]) == "2026-03-01"


@pytest.mark.parametrize(
    ("cells", "header", "code"),
    [
        ({"name": ""}, "naam", "required"),
        ({"kind": "winkel"}, "soort", "choice"),
        ({"house_number": "12a"}, "huisnummer", "house_number"),
        ({"sdgs": "3;18"}, "sdgs", "sdg"),
        ({"impact_models": "magic"}, "impactmodellen", "impact_model"),
        ({"impact_models": "community;community"}, "impactmodellen", "impact_model_twice"),
        ({"sells_to_buyers": "misschien"}, "levert_aan_inkopers", "yes_no"),
        ({"published_at": "gisteren"}, "gepubliceerd_op", "date"),
        ({"id": "zeven"}, "id", "integer"),
        ({"story": "Een verhaal zonder pitch"}, "pitch", "required"),
    ],
)
def test_a_bad_cell_is_named_with_its_column(cells: dict[str, str], header: str, code: str) -> None:
    row = parse(**cells)
    assert [(error.header, error.code) for error in row.errors] == [(header, code)]


def test_a_row_without_profile_text_is_an_organisation_only() -> None:
    assert parse(status="draft", sells_to_buyers="nee").has_profile is False
    assert parse(pitch="Wij maken fietsen.").has_profile is True
