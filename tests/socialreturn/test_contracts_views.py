"""The contract pages: officers list, filter, sort, export, create, edit, change status and read
the history; a supplier's member sees only their organisation's contracts (another's is 404) and
cannot change them; messages are Dutch, English through the language switch."""

import io
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from impactplein.socialreturn.constants import ContractStatus
from impactplein.socialreturn.models import Contract
from tests.organisations.factories import OrganisationFactory, UserFactory
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db
LIST = "/social-return/contracten/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def references(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["data-contract"] for row in page(response).select("tr[data-contract]")]


def form_data(supplier, **overrides) -> dict:  # type: ignore[no-untyped-def]
    values = {
        "reference": "DR-2026-100",
        "title": "Schoonmaak stadskantoor",
        "buyer_department": "Vastgoed",
        "supplier": supplier.kvk_number,
        "contract_type": "services",
        "value": "800000",
        "awarded_on": "2025-11-01",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "labour_share": "",
        "offered_percentage": "",
        "supplier_pso_level": "auto",
        "scheme": factories.scheme().pk,
        "co2_ladder_level": "3",
        "mvi_criteria": "Elektrische schoonmaakmachines",
    }
    values.update(overrides)
    return values


def test_visitors_log_in_first_and_others_get_403(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(LIST).status_code == 302
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403


def test_officers_filter_search_and_sort(client) -> None:  # type: ignore[no-untyped-def]
    a = factories.contract(
        title="Groenonderhoud", buyer_department="Stadsbeheer", value=Decimal("300000")
    )
    b = factories.contract(
        title="Leerlingenvervoer",
        buyer_department="Sociaal Domein",
        contract_type="supplies",
        status=ContractStatus.CLOSED,
        value=Decimal("900000"),
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )
    client.force_login(factories.officer())
    assert set(references(client.get(LIST))) == {a.reference, b.reference}
    assert references(client.get(LIST, {"department": "Sociaal Domein"})) == [b.reference]
    assert references(client.get(LIST, {"status": "closed"})) == [b.reference]
    assert references(client.get(LIST, {"type": "services"})) == [a.reference]
    assert references(client.get(LIST, {"year": "2024"})) == [b.reference]
    assert references(client.get(LIST, {"q": "groen"})) == [a.reference]
    assert references(client.get(LIST, {"supplier": a.supplier_id})) == [a.reference]
    assert references(client.get(LIST, {"order": "value"})) == [b.reference, a.reference]


def test_the_export_has_the_lists_filter(client) -> None:  # type: ignore[no-untyped-def]
    a = factories.contract(buyer_department="ICT")
    factories.contract(buyer_department="Vastgoed")
    client.force_login(factories.officer())
    response = client.get("/social-return/contracten/export.xlsx", {"department": "ICT"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == a.reference


def test_a_supplier_member_sees_only_their_contracts(client) -> None:  # type: ignore[no-untyped-def]
    mine = factories.contract()
    theirs = factories.contract()
    client.force_login(factories.supplier_member(mine))
    assert references(client.get(LIST)) == [mine.reference]
    assert client.get(f"{LIST}{mine.pk}/").status_code == 200
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.get(f"{LIST}{theirs.pk}/geschiedenis/").status_code == 404
    assert client.get(f"{LIST}{mine.pk}/wijzigen/").status_code == 403
    assert client.get(f"{LIST}{mine.pk}/status/").status_code == 403
    export = client.get("/social-return/contracten/export.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [mine.reference]


def test_an_officer_registers_a_contract_and_sees_its_obligation(client) -> None:  # type: ignore[no-untyped-def]
    supplier = OrganisationFactory()
    client.force_login(factories.officer())
    response = client.post(f"{LIST}nieuw/", form_data(supplier))
    assert response.status_code == 302
    contract = Contract.objects.get(reference="DR-2026-100")
    assert contract.obligation == Decimal("40000")
    detail = client.get(response["Location"])
    text = detail.content.decode()
    assert "De social-returnverplichting is € 40.000." in text
    assert "Hoe de verplichting is berekend" in text
    steps = [item.text for item in page(detail).select("[data-obligation-steps] li")]
    assert steps
    assert not any(line.startswith("[") for line in steps)  # every step has a Dutch sentence
    assert page(detail).select_one('nav.impactplein-tabs a[aria-current="page"]') is not None


def test_a_bad_form_is_refused_in_dutch_and_saves_nothing(client) -> None:  # type: ignore[no-untyped-def]
    supplier = OrganisationFactory()
    client.force_login(factories.officer())
    response = client.post(f"{LIST}nieuw/", form_data(supplier, end_date="2025-01-01", value="-5"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "De einddatum ligt voor de startdatum." in text
    assert not Contract.objects.exists()


def test_a_stale_edit_is_refused_with_a_dutch_message(client) -> None:  # type: ignore[no-untyped-def]
    contract = factories.contract()
    client.force_login(factories.officer())
    url = f"{LIST}{contract.pk}/wijzigen/"
    data = form_data(
        contract.supplier,
        reference=contract.reference,
        scheme=contract.scheme_id,
        supplier_pso_level="",
        version=contract.version,
    )
    assert client.post(url, {**data, "title": "Eerste"}).status_code == 302
    response = client.post(url, {**data, "title": "Tweede"})
    assert response.status_code == 400
    assert "Iemand anders heeft dit contract intussen gewijzigd" in response.content.decode()
    contract.refresh_from_db()
    assert contract.title == "Eerste"


def test_the_status_form_needs_a_penalty_note_for_non_compliance(client) -> None:  # type: ignore[no-untyped-def]
    contract = factories.contract()
    client.force_login(factories.officer())
    url = f"{LIST}{contract.pk}/status/"
    refused = client.post(url, {"status": "non_compliant", "penalty_note": "", "version": 1})
    assert refused.status_code == 400
    assert "Licht toe welke boete" in refused.content.decode()
    done = client.post(
        url, {"status": "non_compliant", "penalty_note": "Boete € 8.000", "version": 1}
    )
    assert done.status_code == 302
    history = client.get(f"{LIST}{contract.pk}/geschiedenis/").content.decode()
    assert "niet nagekomen" in history
    assert "Boete € 8.000" in history


def test_the_contract_page_in_english_through_the_language_switch(client) -> None:  # type: ignore[no-untyped-def]
    contract = factories.contract()
    client.force_login(factories.officer())
    client.cookies.load({"django_language": "en"})
    response = client.get(f"{LIST}{contract.pk}/")
    client.cookies.load({"django_language": "nl"})
    assert response.status_code == 200
    soup = page(response)
    assert soup.html["lang"] == "en"
    assert soup.select_one("#obligation-heading").text == "Obligation"
    assert "The social return obligation is € 50,000." in soup.text
    assert "Running" in soup.select_one(".utrecht-paragraph--lead").text


def test_the_contract_page_shows_its_progress_from_the_same_selector(client) -> None:  # type: ignore[no-untyped-def]
    # Obligation 50,000 (factory); 10,000 approved and 5,000 submitted: 40,000 to go, 20%.
    from bs4 import BeautifulSoup

    contract = factories.contract()
    factories.entry(contract, status="approved", value=10000, amount=10000)
    factories.entry(contract, status="submitted", value=5000, amount=5000)
    client.force_login(factories.officer())
    response = client.get(f"/social-return/contracten/{contract.pk}/")
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one("[data-progress-summary]").get_text(" ", strip=True)
    assert "€ 50.000" in summary
    assert "€ 10.000" in summary
    assert "€ 5.000" in summary
    assert "€ 40.000" in summary
    assert "20,0%" in summary
