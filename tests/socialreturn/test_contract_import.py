"""Contract import: the export's columns; a whole file is checked before anything is written,
every bad row is named with its column and a Dutch message, unknown suppliers and schemes are
named, references twice in the file are refused, existing references become updates; the
confirmation writes all rows in one transaction through the contract service; a round trip of the
export changes nothing."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest
from openpyxl import load_workbook

from impactplein.socialreturn import imports
from impactplein.socialreturn.constants import ContractStatus
from impactplein.socialreturn.models import Contract
from tests.organisations.factories import OrganisationFactory
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db
URL = "/social-return/contracten/import/"
HEADER = (
    "kenmerk;omschrijving;afdeling;kvk_opdrachtnemer;soort;opdrachtwaarde;gegund_op;startdatum;"
    "einddatum;waarderingsmodel;status;toelichting_boete"
)


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def supplier():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kvk_number="12345678", name="Groen BV")


def csv(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


GOOD_ROW = (
    "DR-1;Groenonderhoud;Stadsbeheer;12345678;diensten;1.000.000,00;2025-12-01;1-1-2026;"
    "2027-12-31;den-haag-2023@2023-07-01;running;"
)


def test_a_valid_file_is_planned_without_writing(supplier) -> None:  # type: ignore[no-untyped-def]
    plan = imports.import_plan(csv(GOOD_ROW), "contracten.csv")
    assert plan.is_valid, [row.errors for row in plan.rows]
    assert plan.summary["create"] == 1
    assert plan.rows[0].obligation == Decimal("50000")
    assert not Contract.objects.exists()


def test_every_bad_row_is_named_and_nothing_is_written(supplier) -> None:  # type: ignore[no-untyped-def]
    rows = (
        GOOD_ROW,
        "DR-2;Schoonmaak;Vastgoed;99999999;diensten;500000;2025-12-01;2026-01-01;2026-12-31;;;",
        "DR-3;ICT;ICT;12345678;werk;veel;2025-13-01;2026-01-01;2025-12-31;onbekend@1;;",
        GOOD_ROW.replace("Groenonderhoud", "Dubbel"),
        "DR-5;Zorg;Sociaal Domein;12345678;diensten;300000;2025-12-01;2026-01-01;2026-12-31;;"
        "non_compliant;",
    )
    with translation.override("nl"):
        plan = imports.import_plan(csv(*rows), "contracten.csv")
    assert not plan.is_valid
    errors = {row.number: {(e.column, e.message) for e in row.errors} for row in plan.rows}
    assert errors[2] == set()
    assert errors[3] == {("kvk_opdrachtnemer", "Er is geen organisatie met KvK-nummer 99999999.")}
    columns_4 = {column for column, _message in errors[4]}
    assert columns_4 == {"soort", "opdrachtwaarde", "gegund_op", "waarderingsmodel"}
    assert (
        "opdrachtwaarde",
        "'veel' is geen bedrag of getal; schrijf bijvoorbeeld 250000.00.",
    ) in errors[4]
    assert errors[5] == {("kenmerk", "Dit kenmerk staat ook in rij 2.")}
    assert {column for column, _message in errors[6]} == {"toelichting_boete"}
    assert plan.unknown_suppliers == ["99999999"]
    assert plan.unknown_schemes == ["onbekend@1"]
    assert plan.duplicate_references == ["DR-1"]
    assert not Contract.objects.exists()


def test_an_existing_reference_is_an_update(supplier) -> None:  # type: ignore[no-untyped-def]
    factories.contract(reference="DR-1", supplier=supplier)
    plan = imports.import_plan(csv(GOOD_ROW), "contracten.csv")
    assert plan.is_valid
    assert plan.rows[0].action == imports.UPDATE
    assert "omschrijving" in plan.rows[0].changed


def test_the_confirmation_writes_every_row_through_the_service(supplier) -> None:  # type: ignore[no-untyped-def]
    second = GOOD_ROW.replace("DR-1", "DR-2").replace(";running;", ";non_compliant;Boete 5.000")
    plan = imports.import_plan(csv(GOOD_ROW, second), "contracten.csv")
    counts = imports.import_apply(actor=factories.officer(), plan=plan)
    assert counts == {"create": 2}
    first = Contract.objects.get(reference="DR-1")
    assert first.obligation == Decimal("50000")
    assert first.obligation_inputs["scheme"] == "den-haag-2023@2023-07-01"
    assert first.status == ContractStatus.RUNNING
    assert Contract.objects.get(reference="DR-2").penalty_note == "Boete 5.000"


def test_a_refusal_while_writing_rolls_back_every_row(supplier) -> None:  # type: ignore[no-untyped-def]
    plan = imports.import_plan(csv(GOOD_ROW, GOOD_ROW.replace("DR-1", "DR-2")), "contracten.csv")
    # Someone registers DR-2 between the check and the write.
    factories.contract(reference="DR-2", supplier=supplier)
    plan.rows[1].action = imports.CREATE
    with pytest.raises(imports.ImportRefused):
        imports.import_apply(actor=None, plan=plan)
    assert not Contract.objects.filter(reference="DR-1").exists()


def test_a_round_trip_of_the_export_changes_nothing(client, supplier) -> None:  # type: ignore[no-untyped-def]
    factories.contract(supplier=supplier, labour_share=Decimal("35.50"), mvi_criteria="=CO2 -20%")
    factories.contract(supplier=supplier, status=ContractStatus.CLOSED)
    client.force_login(factories.officer())
    exported = client.get("/social-return/contracten/export.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    headers = [cell.value for cell in next(sheet.iter_rows())]
    assert headers == list(imports.HEADERS)
    plan = imports.import_plan(exported.content, "contracten.xlsx")
    assert plan.is_valid, [row.errors for row in plan.rows]
    assert plan.summary == {"create": 0, "update": 0, "unchanged": 2, "errors": 0}
    before = {c.pk: c.version for c in Contract.objects.all()}
    imports.import_apply(actor=None, plan=plan)
    assert {c.pk: c.version for c in Contract.objects.all()} == before


def test_the_pages_preview_then_write_on_confirmation(client, supplier) -> None:  # type: ignore[no-untyped-def]
    client.force_login(factories.officer())
    upload = SimpleUploadedFile("contracten.csv", csv(GOOD_ROW))
    preview = client.post(URL, {"file": upload})
    assert preview.status_code == 200
    assert "Het bestand klopt" in preview.content.decode()
    assert not Contract.objects.exists()
    sha = preview.context["confirm_form"].initial["sha256"]
    done = client.post(URL, {"sha256": sha})
    assert done.status_code == 302
    assert Contract.objects.get(reference="DR-1").obligation == Decimal("50000")
    again = client.post(URL, {"sha256": sha})  # a repeated confirmation writes nothing more
    assert again.status_code == 302
    assert Contract.objects.count() == 1


def test_a_bad_file_shows_the_rows_in_dutch(client, supplier) -> None:  # type: ignore[no-untyped-def]
    client.force_login(factories.officer())
    bad = GOOD_ROW.replace("12345678", "87654321")
    response = client.post(URL, {"file": SimpleUploadedFile("c.csv", csv(bad))})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Het bestand heeft fouten" in text
    assert "Er is geen organisatie met KvK-nummer 87654321." in text
    assert response.context["confirm_form"] is None


def test_an_unreadable_file_is_refused_at_the_field(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(factories.officer())
    response = client.post(URL, {"file": SimpleUploadedFile("c.pdf", b"%PDF-1.4")})
    assert response.status_code == 400
    assert "Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)." in response.content.decode()


def test_only_officers_with_the_import_permission_import(client, supplier) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302
    contract = factories.contract(supplier=supplier)
    client.force_login(factories.supplier_member(contract))
    assert client.get(URL).status_code == 403
    upload = SimpleUploadedFile("contracten.csv", csv(GOOD_ROW))
    assert client.post(URL, {"file": upload}).status_code == 403
