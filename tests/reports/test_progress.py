"""The progress report: its period for a meeting, and the same numbers on the page, in the PDF
(read back as text) and in the workbook; who may see it; English through the language switch."""

import io
from datetime import date, timedelta

from django.utils import translation

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pypdf import PdfReader

from impactplein.accounts.services import user_grant_role
from impactplein.programme.services import kpis as kpi_services
from impactplein.reports.progress import meeting_period, progress_report
from tests.programme.factories import UserFactory
from tests.reports.world import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return build()


def reader():  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug="overlegtafel-member")
    return user


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_meetings_period_runs_from_the_day_after_the_previous_meeting(world) -> None:  # type: ignore[no-untyped-def]
    first_day = world.first.starts_at.date()
    start, end = meeting_period(world.second)
    assert start == first_day + timedelta(days=1)
    assert end == world.second.starts_at.date()
    assert meeting_period(world.first) == (date(world.made.partnership.start_year, 1, 1), first_day)

    report = progress_report(partnership=world.made.partnership, meeting=world.second)
    assert [d.text for d in report.decisions] == ["Besluit over de begroting"]
    assert [row.action.description for row in report.open_actions] == ["Werkgevers benaderen"]
    earlier = progress_report(partnership=world.made.partnership, meeting=world.first)
    assert [d.text for d in earlier.decisions] == ["Besluit over de etalage"]
    assert earlier.open_actions == []
    # the KPI's value was entered after the first meeting: not in that meeting's report
    values = {s.definition.pk: s.total.value for g in report.kpis for s in g.rows}
    assert values[world.kpi.pk] == 1234
    earlier_values = {s.definition.pk: s.total.value for g in earlier.kpis for s in g.rows}
    assert earlier_values[world.kpi.pk] is None


def test_the_page_shows_each_section_and_the_budget(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reader())
    response = client.get(f"/rapportages/voortgang/?overleg={world.second.pk}")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    headings = [h.text.strip() for h in page.select("h2")]
    for heading in ("KPI's", "Activiteiten", "Besluiten en acties", "Begroting"):
        assert heading in headings
    budget = page.select_one(f"#report-budget-{world.year}").text
    for figure in ("€\xa0150.000", "€\xa0155.000", "€\xa05.000", "€\xa080.000", "€\xa020.000"):
        assert figure in budget
    assert page.select_one(f"#report-kpi-{world.kpi.pk} [data-kpi-value]").text == "1.234"
    assert "Etalage van impactondernemers" in page.text
    assert "Besluit over de begroting" in page.text
    assert "Besluit over de etalage" not in page.text


def test_the_pdf_reads_back_with_each_section_and_the_budget_figures(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reader())
    response = client.get(f"/rapportages/voortgang.pdf?overleg={world.second.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for heading in ("KPI's", "Activiteiten", "Besluiten en acties", "Begroting"):
        assert heading in text
    for figure in ("150.000", "155.000", "5.000", "80.000", "60.000"):
        assert figure in text
    assert "1.234" in text
    assert "Werkgevers benaderen" in text


def test_the_same_kpi_value_on_page_pdf_and_workbook_and_it_follows_the_data(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reader())
    query = f"?van={world.year}-01-01&tot={world.second.starts_at.date().isoformat()}"
    kpi_services.kpi_value_add(
        actor=None, definition=world.kpi, date=world.second.starts_at.date(), value=2345
    )
    page = BeautifulSoup(
        client.get("/rapportages/voortgang/" + query).content.decode(), "html.parser"
    )
    assert page.select_one(f"#report-kpi-{world.kpi.pk} [data-kpi-value]").text == "2.345"
    assert "2.345" in pdf_text(client.get("/rapportages/voortgang.pdf" + query).content)
    response = client.get("/rapportages/voortgang.xlsx" + query)
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["KPI's", "Activiteiten", "Besluiten en acties", "Begroting"]
    kpi_rows = list(book["KPI's"].iter_rows(values_only=True))
    assert kpi_rows[1][1] == "Werkzoekenden geplaatst"
    assert kpi_rows[1][3] == 2345
    budget_rows = list(book["Begroting"].iter_rows(values_only=True))
    assert list(budget_rows[1]) == [world.year, 150000, 155000, 80000, 60000, 5000, 20000]


def test_visitors_log_in_strangers_are_refused_and_bad_periods_are_explained(client, world) -> None:  # type: ignore[no-untyped-def]
    for url in (
        "/rapportages/",
        f"/rapportages/voortgang/?overleg={world.second.pk}",
        f"/rapportages/voortgang.pdf?overleg={world.second.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "inloggen" in response["Location"]
    client.force_login(UserFactory())
    assert client.get("/rapportages/").status_code == 403
    assert client.get(f"/rapportages/voortgang.xlsx?overleg={world.second.pk}").status_code == 403
    client.force_login(reader())
    assert client.get("/rapportages/").status_code == 200
    response = client.get("/rapportages/voortgang/?van=2026-13-01&tot=2026-01-01")
    assert response.status_code == 400
    assert (
        'Vul bij "Van" een geldige datum in.' in BeautifulSoup(response.content, "html.parser").text
    )
    response = client.get("/rapportages/voortgang/?van=2026-05-01&tot=2026-01-01")
    assert "De periode eindigt voordat hij begint." in response.content.decode()
    response = client.get("/rapportages/voortgang/?overleg=999999")
    assert "Kies een overleg uit de lijst." in response.content.decode()


def test_the_report_speaks_english_through_the_language_switch(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reader())
    client.cookies.load({"django_language": "en"})
    try:
        response = client.get(f"/rapportages/voortgang/?overleg={world.second.pk}")
        pdf = client.get(f"/rapportages/voortgang.pdf?overleg={world.second.pk}")
    finally:
        translation.activate("nl")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    headings = [h.text.strip() for h in page.select("h2")]
    assert headings[:4] == ["KPIs", "Activities", "Decisions and actions", "Budget"]
    assert "€\xa0150,000" in page.select_one(f"#report-budget-{world.year}").text
    assert "Decisions and actions" in pdf_text(pdf.content)
