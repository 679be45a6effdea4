"""The public monitor (open to all, no personal data) and the demo's last meeting's report as
page, PDF and workbook."""

import io

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pypdf import PdfReader

from impactplein.accounts import demo as accounts_demo
from impactplein.accounts.services import user_grant_role
from impactplein.core.demo import DemoContext
from impactplein.organisations import demo as organisations_demo
from impactplein.programme import demo
from impactplein.programme.models import ActionItem, Attendance, KpiDefinition, Meeting
from tests.programme.factories import UserFactory
from tests.reports.world import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")


def test_the_monitor_is_open_to_all_and_shows_results_without_people(client) -> None:  # type: ignore[no-untyped-def]
    world = build()
    response = client.get("/monitor/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    text = page.get_text(" ")
    assert "O1 Zichtbaarheid" in text
    assert "Partner WSP" in text  # organisation names of partners are public
    assert "Werkzoekenden geplaatst" in text
    assert "1.234" in text  # the KPI's value of the year, in its data table
    assert page.select("svg[role=img]")
    assert "€\xa0150.000" in text
    assert "€\xa0155.000" in text
    for private in ("Jan Actiehouder", "Werkgevers benaderen", "Besluit over de begroting"):
        assert private not in text
    del world


def test_the_monitor_speaks_english(client) -> None:  # type: ignore[no-untyped-def]
    build()
    client.cookies.load({"django_language": "en"})
    try:
        page = BeautifulSoup(client.get("/monitor/").content.decode(), "html.parser")
    finally:
        translation.activate("nl")
    assert page.h1.text.strip() == "Impact Entrepreneurship monitor"
    assert "Budget per year" in page.get_text(" ")


def test_the_demos_last_meeting_renders_as_page_pdf_and_workbook_and_the_monitor_hides_people(
    client,  # type: ignore[no-untyped-def]
) -> None:
    context = DemoContext(scale=0.1)
    accounts_demo.seed(context)
    organisations_demo.seed(context)
    demo.seed(context)
    last = Meeting.objects.exclude(status="cancelled").order_by("-starts_at").first()
    user = UserFactory()
    user_grant_role(user=user, role_slug="overlegtafel-member")
    client.force_login(user)

    page = client.get(f"/rapportages/voortgang/?overleg={last.pk}")
    assert page.status_code == 200
    for heading in ("KPI's", "Activiteiten", "Besluiten en acties", "Begroting"):
        assert heading in _text(page)
    pdf = client.get(f"/rapportages/voortgang.pdf?overleg={last.pk}")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for heading in ("KPI's", "Activiteiten", "Besluiten en acties", "Begroting"):
        assert heading in text
    assert "150.000" in text
    book = load_workbook(
        io.BytesIO(client.get(f"/rapportages/voortgang.xlsx?overleg={last.pk}").content)
    )
    assert book.sheetnames == ["KPI's", "Activiteiten", "Besluiten en acties", "Begroting"]
    assert book["KPI's"].max_row > 1

    # every KPI of this year: the same number in the report up to today as on the KPI list
    today = timezone.localdate()
    report = BeautifulSoup(
        client.get(
            f"/rapportages/voortgang/?van={today.year}-01-01&tot={today.isoformat()}"
        ).content.decode(),
        "html.parser",
    )
    kpi_list = BeautifulSoup(
        client.get(f"/programma/kpis/?jaar={today.year}").content.decode(), "html.parser"
    )
    compared = 0
    for cell in kpi_list.select("[id^=kpi-row-] [data-kpi-value]"):
        pk = cell.find_parent("tr")["id"].removeprefix("kpi-row-")
        assert report.select_one(f"#report-kpi-{pk} [data-kpi-value]").text == cell.text
        compared += 1
    assert compared == KpiDefinition.objects.count()

    client.logout()
    monitor = _text(client.get("/monitor/"))
    people = set()
    for person in get_user_model().objects.all():
        people.add(person.email)
        if person.display_name:
            people.add(person.display_name)
    people |= {a.attendee for a in Attendance.objects.exclude(attendee="")}
    people |= {a.owner_person for a in ActionItem.objects.exclude(owner_person="")}
    assert people
    shown = [person for person in people if person in monitor]
    assert shown == []
    minutes = [m.minutes[:40] for m in Meeting.objects.exclude(minutes="")]
    assert minutes
    assert not [m for m in minutes if m in monitor]
    # The closed evaluation's decisions are public; its texts are not.
    from impactplein.programme.models import ObjectiveEvaluation

    page = BeautifulSoup(client.get("/monitor/").content.decode(), "html.parser")
    decisions = page.find(id="evaluaties")
    assert decisions is not None
    assert "bijstellen" in decisions.find_next("table").get_text(" ")
    narratives = [row.narrative[:40] for row in ObjectiveEvaluation.objects.exclude(narrative="")]
    assert narratives
    assert not [text for text in narratives if text in monitor]
