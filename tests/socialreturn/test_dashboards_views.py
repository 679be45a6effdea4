"""The progress page, the portfolio dashboard, its Excel export and the PDF statement show the
same figures, to the people who may see them."""

import io
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import CandidateIdentity, Contract
from tests.organisations.factories import UserFactory
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _contract(**fields: object) -> Contract:
    return factories.contract(**fields)


def _fifty_ten_five(**fields: object) -> Contract:
    """Obligation 50,000; approved 10,000; submitted 5,000; a draft of 700."""
    contract = _contract(obligation=Decimal("50000"), **fields)
    factories.entry(contract, status=EntryStatus.APPROVED, value=Decimal("6000"))
    factories.entry(
        contract, status=EntryStatus.APPROVED, kind=EntryKind.PURCHASE, value=Decimal("4000")
    )
    factories.entry(contract, status=EntryStatus.SUBMITTED, value=Decimal("5000"))
    factories.entry(contract, status=EntryStatus.DRAFT, value=Decimal("700"))
    return contract


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _figures(html: str) -> dict[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return {dd["data-figure"]: dd.get_text(strip=True) for dd in soup.select("[data-figure]")}


# --- contract progress ----------------------------------------------------------------------------


def test_the_progress_page_shows_the_figures_of_the_selector() -> None:
    contract = _fifty_ten_five()

    response = _client(factories.officer()).get(
        reverse("socialreturn:contract_progress", args=[contract.pk])
    )

    assert response.status_code == 200
    figures = _figures(response.content.decode())
    assert figures["obligation"] == "€ 50.000"
    assert figures["approved"] == "€ 10.000"
    assert figures["pending"] == "€ 5.000"
    assert figures["draft"] == "€ 700"
    assert figures["remaining"] == "€ 40.000"
    assert figures["percentage"] == "20,0%"
    assert b"data-progress-warning" not in response.content
    assert b'aria-current="page"' in response.content  # the "Voortgang" tab
    assert b"<svg" in response.content
    assert b"Lineair doel" in response.content


def test_a_contract_past_half_its_term_below_a_quarter_shows_the_warning() -> None:
    contract = _fifty_ten_five()

    with time_machine.travel(date(2026, 8, 1), tick=False):
        response = _client(factories.officer()).get(
            reverse("socialreturn:contract_progress", args=[contract.pk])
        )

    assert b"data-progress-warning" in response.content
    assert "Achterstand" in response.content.decode()


def test_a_supplier_member_sees_the_progress_of_its_own_contract_only() -> None:
    own = _fifty_ten_five()
    other = _contract()
    member = factories.supplier_member(own)
    client = _client(member)

    assert client.get(reverse("socialreturn:contract_progress", args=[own.pk])).status_code == 200
    assert client.get(reverse("socialreturn:contract_progress", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("socialreturn:contract_statement", args=[other.pk])).status_code == 404
    )


def test_an_anonymous_visitor_is_sent_to_log_in() -> None:
    contract = _contract()

    response = Client().get(reverse("socialreturn:contract_progress", args=[contract.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"] or "inloggen" in response["Location"]


# --- the PDF statement ----------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_statement_holds_reference_obligation_totals_and_candidate_codes_only() -> None:
    contract = _fifty_ten_five(obligation_inputs={"base": "1000000", "percentage": "5"})
    candidate = factories.candidate("K-000777")
    CandidateIdentity.objects.create(candidate=candidate, full_name="Jantje Geheimnaam")
    factories.entry(
        contract,
        kind=EntryKind.PLACEMENT,
        status=EntryStatus.APPROVED,
        candidate=candidate,
        value=Decimal("0"),
    )

    response = _client(factories.officer()).get(
        reverse("socialreturn:contract_statement", args=[contract.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert contract.reference in text
    assert "€ 50.000" in text  # obligation
    assert "€ 10.000" in text  # approved
    assert "€ 5.000" in text  # pending
    assert "€ 40.000" in text  # remaining
    assert "percentage" in text
    assert "1000000" in text
    assert "K-000777" in text
    assert "Geheimnaam" not in text


def test_the_statement_is_english_for_an_english_user() -> None:
    contract = _fifty_ten_five()
    client = _client(factories.officer())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("socialreturn:contract_statement", args=[contract.pk]))

    text = _pdf_text(response.content)
    assert "Social return statement" in text
    assert "Verantwoording" not in text


# --- the portfolio --------------------------------------------------------------------------------


def test_the_portfolio_needs_the_portfolio_permission() -> None:
    contract = _contract()
    url = reverse("socialreturn:portfolio")

    assert Client().get(url).status_code == 302
    assert _client(factories.supplier_member(contract)).get(url).status_code == 403
    assert _client(UserFactory()).get(url).status_code == 403
    table_member = _client(factories.user_with_role("overlegtafel-member")).get(url)
    officer_page = _client(factories.officer()).get(url)
    assert table_member.status_code == 200
    assert officer_page.status_code == 200
    progress = reverse("socialreturn:contract_progress", args=[contract.pk])
    assert progress in officer_page.content.decode()
    assert progress not in table_member.content.decode()  # no link to a page it may not see
    export = reverse("socialreturn:portfolio_export")
    assert _client(factories.supplier_member(contract)).get(export).status_code == 403


def test_lagging_contracts_come_first() -> None:
    with time_machine.travel(date(2026, 8, 1), tick=False):
        on_track = _contract(obligation=Decimal("10000"), reference="SR-OP-SCHEMA")
        factories.entry(on_track, status=EntryStatus.APPROVED, value=Decimal("9000"))
        slow = _contract(obligation=Decimal("10000"), reference="SR-TRAAG")
        factories.entry(slow, status=EntryStatus.APPROVED, value=Decimal("4000"))
        warned = _contract(obligation=Decimal("10000"), reference="SR-ACHTERSTAND")
        factories.entry(warned, status=EntryStatus.APPROVED, value=Decimal("1000"))

        response = _client(factories.officer()).get(reverse("socialreturn:portfolio"))

    html = response.content.decode()
    order = [html.index(ref) for ref in ("SR-ACHTERSTAND", "SR-TRAAG", "SR-OP-SCHEMA")]
    assert order == sorted(order)
    assert 'data-contract="SR-ACHTERSTAND" data-warning' in html


def test_filters_travel_in_the_address_and_the_export_holds_what_the_page_shows() -> None:
    officer = factories.officer()
    kept = _fifty_ten_five(buyer_department="Vastgoed", awarded_on=date(2025, 6, 1))
    _fifty_ten_five(buyer_department="Stadsbeheer", awarded_on=date(2025, 6, 1))
    _fifty_ten_five(buyer_department="Vastgoed", awarded_on=date(2024, 6, 1))
    query = {"jaar": "2025", "afdeling": "Vastgoed"}
    client = _client(officer)

    page = client.get(reverse("socialreturn:portfolio"), query)
    export = client.get(reverse("socialreturn:portfolio_export"), query)

    figures = _figures(page.content.decode())
    assert figures["contracts"] == "1"
    assert figures["obligation"] == "€ 50.000"
    assert figures["approved"] == "€ 10.000"
    assert figures["pending"] == "€ 5.000"
    assert figures["remaining"] == "€ 40.000"
    assert "jaar=2025&amp;afdeling=Vastgoed" in page.content.decode()  # the export link

    assert export.status_code == 200
    workbook = load_workbook(io.BytesIO(export.content), read_only=True)
    assert workbook.sheetnames == [
        "Totaal",
        "Per jaar",
        "Per afdeling",
        "Per opdrachtnemer",
        "Per vorm",
        "Contracten",
    ]
    total = list(workbook["Totaal"].values)
    assert total[0][:6] == (
        "Selectie",
        "Contracten",
        "Verplichting",
        "Goedgekeurd",
        "In behandeling",
        "Resterend",
    )
    assert total[1][1:6] == (1, 50000, 10000, 5000, 40000)
    contracts = list(workbook["Contracten"].values)
    assert len(contracts) == 2
    assert contracts[1][0] == kept.reference
    assert contracts[1][7:12] == (50000, 10000, 5000, 40000, 20)  # numbers, as on the page
    kinds = {row[0]: row[1:] for row in list(workbook["Per vorm"].values)[1:]}
    assert kinds["inkoop bij sociale onderneming"][0] == 4000


def test_the_export_never_hands_a_spreadsheet_a_formula() -> None:
    _contract(title='=HYPERLINK("http://kwaad.example")\x0b', obligation=Decimal("1000"))

    export = _client(factories.officer()).get(reverse("socialreturn:portfolio_export"))

    workbook = load_workbook(io.BytesIO(export.content))
    title = workbook["Contracten"]["B2"]
    assert title.data_type != "f"
    assert title.value == '\'=HYPERLINK("http://kwaad.example")'  # no control character


def test_totals_per_year_department_supplier_and_kind() -> None:
    a = _fifty_ten_five(buyer_department="Vastgoed", awarded_on=date(2025, 6, 1))
    _fifty_ten_five(buyer_department="Vastgoed", awarded_on=date(2024, 6, 1), supplier=a.supplier)

    export = _client(factories.officer()).get(reverse("socialreturn:portfolio_export"))

    workbook = load_workbook(io.BytesIO(export.content), read_only=True)
    years = {row[0]: row[1:6] for row in list(workbook["Per jaar"].values)[1:]}
    assert years == {"2025": (1, 50000, 10000, 5000, 40000), "2024": (1, 50000, 10000, 5000, 40000)}
    departments = {row[0]: row[1:6] for row in list(workbook["Per afdeling"].values)[1:]}
    assert departments["Vastgoed"] == (2, 100000, 20000, 10000, 80000)
    suppliers = {row[0]: row[1:6] for row in list(workbook["Per opdrachtnemer"].values)[1:]}
    assert suppliers[a.supplier.name] == (2, 100000, 20000, 10000, 80000)


def test_the_portfolio_leads_an_officer_to_every_part_of_the_work(client) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    client.force_login(factories.officer())
    page = BeautifulSoup(client.get("/social-return/").content, "html.parser")
    links = {a["href"] for a in page.select("[data-work-links] a")}
    assert links == {
        "/social-return/contracten/",
        "/social-return/contracten/nieuw/",
        "/social-return/contracten/import/",
        "/social-return/beoordelen/",
        "/social-return/modellen/",
        "/social-return/inkoop/",
    }


def test_the_overlegtafel_sees_the_portfolio_without_links_to_work_it_may_not_do(client) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    client.force_login(factories.user_with_role("overlegtafel-member"))
    page = BeautifulSoup(client.get("/social-return/").content, "html.parser")
    assert page.select("[data-work-links] a") == []
