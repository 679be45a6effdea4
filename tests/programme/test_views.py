"""The programme's pages: who reaches them, what they show, in Dutch and in English.

The overview shows the partnership, the objectives with their owners and the roll-up of the
current year with the formula's numbers; the year page groups activities per objective; a
partner's member updates progress and the timeline of their own activity (not another's); a
stale progress update is refused and shown; the coordinator drafts next year and adopts; the
budget pages show the letter's figures; strangers get 403 and visitors the login page.
"""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from impactplein.accounts.services import user_grant_role
from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus, BudgetCategory, FundingKind
from impactplein.programme.models import ActionProgramme, Activity, Expenditure
from tests.programme.factories import UserFactory, activity, member, setup

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def with_role(slug: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug=slug)
    return user


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    # Staff roles must set up MFA before staff pages; that is tested in tests/accounts.
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    made = setup(start_year=date.today().year)
    made.own = activity(  # type: ignore[attr-defined]
        made, title="Etalage", progress=100, weight=Decimal("3")
    )
    made.other = activity(  # type: ignore[attr-defined]
        made,
        title="Werkgeversontbijt",
        objective=made.objectives["O4"],
        partner=made.partners["WSP"],
        progress=20,
        status=ActivityStatus.RUNNING,
    )
    activity(made, title="Verhalen", progress=20, weight=Decimal("1"))
    return made


def test_visitors_log_in_and_strangers_get_403(client, made) -> None:  # type: ignore[no-untyped-def]
    urls = [
        "/programma/",
        f"/programma/{made.programme.year}/",
        f"/programma/activiteit/{made.own.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    for url in [*urls, "/programma/begroting/"]:
        assert client.get(url).status_code == 403


def test_the_overview_shows_objectives_owners_and_the_roll_up(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("overlegtafel-member"))
    response = client.get("/programma/")
    assert response.status_code == 200
    html = page(response)
    assert html.h1.text == "Programma Ondernemen met impact"
    objectives = html.select_one("#objectives-caption").find_parent("table").text
    assert "alle partners samen" in objectives
    assert "WSP" in objectives
    progress = html.select_one("#overview-progress-caption").find_parent("table")
    o1 = progress.find("th", string=lambda s: s and s.startswith("O1")).find_parent("tr")
    # (3 × 100 + 1 × 20) / (3 + 1) = 80
    cells = [td.text.strip() for td in o1.select("td")]
    assert cells == ["2", "320", "4", "80,0%"]
    assert "Σ(gewicht × voortgang) / Σ(gewicht)" in html.text


def test_the_year_page_groups_activities_and_speaks_english(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(made.partners["MBO"].organisation))
    year = made.programme.year
    html = page(client.get(f"/programma/{year}/"))
    assert html.h1.text.strip() == f"Actieprogramma {year}"
    o4 = html.select_one("#caption-o4").find_parent("table")
    assert "Werkgeversontbijt" in o4.text
    assert "Etalage" not in o4.text
    assert "Activiteit toevoegen" not in html.text  # partners do not add activities

    client.cookies.load({"django_language": "en"})
    try:
        english = page(client.get(f"/programma/{year}/"))
    finally:
        translation.activate("nl")
    assert english.h1.text.strip() == f"Action programme {year}"
    assert "Progress per objective" in english.text


def test_a_partner_member_updates_own_activity_but_not_anothers(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(made.partners["MBO"].organisation))
    own = client.get(f"/programma/activiteit/{made.own.pk}/")
    assert page(own).select_one("#progress-form") is not None
    response = client.post(
        f"/programma/activiteit/{made.own.pk}/voortgang/",
        {"status": "running", "progress": "70", "version": "1"},
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=made.own.pk).progress == 70
    response = client.post(
        f"/programma/activiteit/{made.own.pk}/tijdlijn/",
        {"date": "2026-03-01", "title": "Eerste ondernemers online", "description": ""},
    )
    assert response.status_code == 302
    assert made.own.timeline.get().title == "Eerste ondernemers online"

    other = client.get(f"/programma/activiteit/{made.other.pk}/")
    assert other.status_code == 200
    assert page(other).select_one("#progress-form") is None
    refused = client.post(
        f"/programma/activiteit/{made.other.pk}/voortgang/",
        {"status": "done", "progress": "100", "version": "1"},
    )
    assert refused.status_code == 403
    assert client.post(f"/programma/activiteit/{made.other.pk}/tijdlijn/", {}).status_code == 403
    assert client.get(f"/programma/activiteit/{made.own.pk}/bewerken/").status_code == 403
    assert Activity.objects.get(pk=made.other.pk).progress == 20


def test_a_stale_progress_update_is_refused_and_says_so(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(made.partners["MBO"].organisation))
    services.activity_update(actor=None, activity=made.own, expected_version=1, progress=50)
    response = client.post(
        f"/programma/activiteit/{made.own.pk}/voortgang/",
        {"status": "running", "progress": "10", "version": "1"},
    )
    assert response.status_code == 409
    assert "Iemand anders heeft deze activiteit intussen gewijzigd" in response.content.decode()
    assert Activity.objects.get(pk=made.own.pk).progress == 50


def test_bad_progress_gets_a_dutch_message_and_changes_nothing(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(made.partners["MBO"].organisation))
    response = client.post(
        f"/programma/activiteit/{made.own.pk}/voortgang/",
        {"status": "running", "progress": "120", "version": "1"},
    )
    assert response.status_code == 400
    assert "hoogstens 100" in page(response).select_one(".impactplein-error-summary").text
    assert Activity.objects.get(pk=made.own.pk).progress == 100


def test_the_coordinator_drafts_next_year_and_adopts(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    year = made.programme.year
    assert "Werkgeversontbijt" in client.get(f"/programma/{year}/volgend-jaar/").content.decode()
    response = client.post(f"/programma/{year}/volgend-jaar/")
    assert response.status_code == 302
    draft = ActionProgramme.objects.get(year=year + 1)
    assert draft.activities.count() == 3
    response = client.post(
        f"/programma/{year + 1}/vaststellen/", {"adopted_on": f"{year + 1}-01-20", "version": "1"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted


def test_overlegtafel_members_read_but_do_not_change(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("overlegtafel-member"))
    year = made.programme.year
    assert client.get(f"/programma/activiteit/{made.own.pk}/").status_code == 200
    assert client.post(f"/programma/{year}/volgend-jaar/").status_code == 403
    assert client.get(f"/programma/{year}/import/").status_code == 403
    assert client.get(f"/programma/{year}/activiteit/nieuw/").status_code == 403
    assert (
        client.post(
            f"/programma/activiteit/{made.own.pk}/voortgang/",
            {"status": "done", "progress": "100", "version": "1"},
        ).status_code
        == 403
    )


def test_export_and_import_through_the_pages(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    year = made.programme.year
    exported = client.get(f"/programma/{year}/export.csv")
    assert exported["Content-Disposition"].endswith(f'actieprogramma-{year}-activiteiten.csv"')
    data = exported.content.decode("utf-8-sig").replace(
        ";Verhalen;;;gepland;20;", ";Verhalen;;;loopt;25;"
    )
    preview = client.post(
        f"/programma/{year}/import/", {"file": SimpleUploadedFile("a.csv", data.encode())}
    )
    assert preview.status_code == 200
    assert Activity.objects.get(title="Verhalen").progress == 20  # nothing written yet
    token = page(preview).select_one("input[name=token]")["value"]
    confirmed = client.post(f"/programma/{year}/import/", {"token": token})
    assert confirmed.status_code == 302
    assert Activity.objects.get(title="Verhalen").progress == 25
    assert client.get(f"/programma/{year}/export.xlsx").status_code == 200


def test_a_bad_import_names_the_row_and_writes_nothing(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    year = made.programme.year
    data = client.get(f"/programma/{year}/export.csv").content.decode("utf-8-sig")
    data = data.replace(";Verhalen;;;gepland;20;", ";Verhalen;;;bezig;20;")
    response = client.post(
        f"/programma/{year}/import/", {"file": SimpleUploadedFile("a.csv", data.encode())}
    )
    assert response.status_code == 400
    html = page(response)
    bad = [row for row in html.select("tr[id^=rij-]") if "'bezig' is geen status" in row.text]
    assert len(bad) == 1
    assert html.select_one("input[name=token]") is None


def letter_budget(made):  # type: ignore[no-untyped-def]
    budget = services.budget_create(
        actor=None, partnership=made.partnership, year=made.programme.year
    )
    services.budget_line_add(
        actor=None,
        budget=budget,
        category=BudgetCategory.STAFF,
        description="Uitvoering",
        amount=Decimal("150000"),
    )
    for kind, amount in (
        (FundingKind.BUSINESS, "50000"),
        (FundingKind.LABOUR_MARKET, "30000"),
        (FundingKind.PARTICIPATION, "75000"),
    ):
        services.funding_source_add(
            actor=None, budget=budget, kind=kind, name=kind.label, committed=Decimal(amount)
        )
    return budget


def test_the_budget_pages_show_the_letters_figures(client, made) -> None:  # type: ignore[no-untyped-def]
    letter_budget(made)
    client.force_login(with_role("overlegtafel-member"))
    year = made.programme.year
    html = page(client.get(f"/programma/begroting/{year}/"))
    assert html.select_one("#figure-budgeted").text == "€\xa0150.000,00"
    assert html.select_one("#figure-committed").text == "€\xa0155.000,00"
    assert html.select_one("#figure-surplus").text == "€\xa05.000,00"
    assert "Uitgave vastleggen" not in html.text
    years = page(client.get("/programma/begroting/"))
    flagged = years.select_one(f"#jaar-{year + 2}")
    assert "herijking na jaar 2" in flagged.text
    assert "herijking" not in years.select_one(f"#jaar-{year}").text
    assert client.get(f"/programma/begroting/{year}/uitgave/").status_code == 403


def test_the_coordinator_enters_an_expense_with_private_evidence(client, made) -> None:  # type: ignore[no-untyped-def]
    letter_budget(made)
    coordinator = with_role("programme-coordinator")
    client.force_login(coordinator)
    year = made.programme.year
    response = client.post(
        f"/programma/begroting/{year}/uitgave/",
        {
            "date": f"{year}-03-01",
            "category": "activities",
            "description": "Zaalhuur",
            "amount": "1250,50",
            "evidence": SimpleUploadedFile("bon.pdf", b"%PDF-1.4 bon"),
        },
    )
    assert response.status_code == 302
    spent = Expenditure.objects.get()
    assert (spent.amount, spent.entered_by) == (Decimal("1250.50"), coordinator)
    download = client.get(f"/programma/uitgave/{spent.pk}/bewijsstuk/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bon"
    client.force_login(member(made.partners["MBO"].organisation))
    assert client.get(f"/programma/uitgave/{spent.pk}/bewijsstuk/").status_code == 403


def test_a_bad_expense_is_refused_in_dutch(client, made) -> None:  # type: ignore[no-untyped-def]
    letter_budget(made)
    client.force_login(with_role("programme-coordinator"))
    year = made.programme.year
    response = client.post(
        f"/programma/begroting/{year}/uitgave/",
        {
            "date": f"{year + 1}-01-05",
            "category": "activities",
            "description": "Te laat",
            "amount": "10",
            "evidence": SimpleUploadedFile("bon.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 400
    summary = page(response).select_one(".impactplein-error-summary").text
    assert "PDF-, PNG- of JPEG" in summary
    assert not Expenditure.objects.exists()


def test_the_coordinator_adds_and_edits_an_activity_and_a_stale_edit_is_shown(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    year = made.programme.year
    fields = {
        "objective": made.objectives["O4"].pk,
        "partner": made.partners["WSP"].pk,
        "title": "Banenmarkt",
        "description": "",
        "planned_start": f"{year}-09-01",
        "planned_end": f"{year}-09-30",
        "status": "planned",
        "progress": "0",
        "weight": "1,5",
    }
    response = client.post(f"/programma/{year}/activiteit/nieuw/", fields)
    assert response.status_code == 302
    added = Activity.objects.get(title="Banenmarkt")
    assert added.weight == Decimal("1.50")

    services.activity_update(actor=None, activity=added, expected_version=1, progress=10)
    response = client.post(
        f"/programma/activiteit/{added.pk}/bewerken/", {**fields, "title": "Banen", "version": "1"}
    )
    assert response.status_code == 409
    assert "Iemand anders heeft deze activiteit intussen gewijzigd" in response.content.decode()
    assert Activity.objects.get(pk=added.pk).title == "Banenmarkt"

    response = client.post(
        f"/programma/activiteit/{added.pk}/bewerken/",
        {**fields, "title": "Banenmarkt Drechtsteden", "progress": "10", "version": "2"},
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=added.pk).title == "Banenmarkt Drechtsteden"


def test_the_coordinator_records_money_received(client, made) -> None:  # type: ignore[no-untyped-def]
    budget = letter_budget(made)
    source = budget.funding.get(kind=FundingKind.BUSINESS)
    year = made.programme.year
    url = f"/programma/begroting/{year}/bron/{source.pk}/"
    client.force_login(with_role("overlegtafel-member"))
    assert client.get(url).status_code == 403
    client.force_login(with_role("programme-coordinator"))
    refused = client.post(url, {"committed": "50000", "received": "-5"})
    assert refused.status_code == 400
    assert client.post(url, {"committed": "50000", "received": "37500,00"}).status_code == 302
    html = page(client.get(f"/programma/begroting/{year}/"))
    assert html.select_one("#figure-cash").text == "€\xa037.500,00"
