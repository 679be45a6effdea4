"""The overlegtafel's pages: who reads and who edits, the forms without JavaScript (fixed agenda
rows), Dutch messages for bad input with nothing saved, stale edits shown, decisions that create
or change an activity, actions closed by one button (own partner only), the open-actions list
with overdue actions first and a partner filter, and English through the language switch."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from impactplein.accounts.services import user_grant_role
from impactplein.programme.models import ActionItem, ActionStatus, Activity, Decision, Meeting
from impactplein.programme.services import meetings as writes
from tests.programme.factories import UserFactory, activity, member, setup

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def with_role(slug: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug=slug)
    return user


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    made = setup(start_year=date.today().year)
    made.own = activity(made, title="Etalage", progress=10)  # type: ignore[attr-defined]
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=7), datetime.min.time()))
    made.meeting = writes.meeting_create(  # type: ignore[attr-defined]
        actor=None,
        partnership=made.partnership,
        title="Voorjaarsoverleg",
        starts_at=start.replace(hour=15),
        ends_at=start.replace(hour=17),
        place="Stadskantoor",
        agenda=[{"order": 1, "title": "Voortgang etalage", "activity": made.own}],
    )
    made.past = writes.meeting_create(  # type: ignore[attr-defined]
        actor=None,
        partnership=made.partnership,
        title="Winteroverleg",
        starts_at=start.replace(hour=15) - timedelta(days=60),
        ends_at=start.replace(hour=17) - timedelta(days=60),
        place="Stadskantoor",
    )
    made.wsp_action = writes.action_add(  # type: ignore[attr-defined]
        actor=None,
        meeting=made.past,
        description="Werkgevers benaderen",
        owner_partner=made.partners["WSP"],
        due_date=today - timedelta(days=3),
    )
    made.mbo_action = writes.action_add(  # type: ignore[attr-defined]
        actor=None,
        meeting=made.past,
        description="Website bijwerken",
        owner_partner=made.partners["MBO"],
        due_date=today + timedelta(days=10),
    )
    return made


def test_visitors_go_to_login_and_strangers_are_refused(client, made) -> None:  # type: ignore[no-untyped-def]
    for url in ("/programma/overleg/", f"/programma/overleg/{made.meeting.pk}/"):
        assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get("/programma/overleg/").status_code == 403
    assert client.get(f"/programma/overleg/{made.meeting.pk}/").status_code == 403
    assert client.get("/programma/overleg/acties/").status_code == 403


def test_the_tables_members_read_everything_but_do_not_edit(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("overlegtafel-member"))
    listing = page(client.get("/programma/overleg/"))
    assert listing.h1.text.strip() == "Overlegtafel"
    assert "1. Voorjaarsoverleg" in listing.select_one("#upcoming").text
    assert "2. Winteroverleg" in listing.select_one("#past").text
    assert "Overleg plannen" not in listing.text
    detail = page(client.get(f"/programma/overleg/{made.meeting.pk}/"))
    assert "Voortgang etalage" in detail.select_one("#agenda").find_next("ol").text
    assert "Besluit vastleggen" not in detail.text
    assert client.get("/programma/overleg/nieuw/").status_code == 403
    assert client.get(f"/programma/overleg/{made.meeting.pk}/besluit/").status_code == 403
    assert (
        client.post(
            f"/programma/overleg/actie/{made.wsp_action.pk}/afronden/", {"version": "1"}
        ).status_code
        == 403
    )


def test_the_coordinator_plans_a_meeting_with_agenda_rows_without_javascript(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    form = page(client.get("/programma/overleg/nieuw/"))
    assert form.select_one("#id_agenda-2-title") is not None  # three fixed empty rows
    response = client.post(
        "/programma/overleg/nieuw/",
        {
            "title": "Zomeroverleg",
            "day": "2026-07-07",
            "start": "15:00",
            "end": "16:30",
            "place": "Bibliotheek Dordrecht",
            "status": "planned",
            "agenda-0-order": "1",
            "agenda-0-title": "Opening",
            "agenda-1-order": "2",
            "agenda-1-title": "Voortgang O4",
            "agenda-1-objective": str(made.objectives["O4"].pk),
            "agenda-2-order": "3",
        },
    )
    meeting = Meeting.objects.get(title="Zomeroverleg")
    assert response.status_code == 302
    assert response["Location"] == f"/programma/overleg/{meeting.pk}/"
    assert meeting.number == 3
    assert timezone.localtime(meeting.starts_at).hour == 15
    assert [item.title for item in meeting.agenda.order_by("order")] == ["Opening", "Voortgang O4"]


def test_bad_meeting_input_gets_dutch_messages_and_saves_nothing(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    response = client.post(
        "/programma/overleg/nieuw/",
        {
            "title": "Fout overleg",
            "day": "2026-07-07",
            "start": "16:00",
            "end": "15:00",
            "place": "",
            "status": "planned",
            "agenda-0-order": "1",
            "agenda-0-description": "Zonder titel",
        },
    )
    assert response.status_code == 400
    text = page(response).text
    assert "De eindtijd ligt niet na de begintijd." in text
    assert "Vul een plaats of een link voor online deelname in." in text
    assert "Geef het agendapunt een titel." in text
    assert not Meeting.objects.filter(title="Fout overleg").exists()


def test_a_stale_meeting_edit_is_shown_and_not_saved(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    writes.meeting_update(actor=None, meeting=made.meeting, expected_version=1, title="Intussen")
    item = made.meeting.agenda.get()
    response = client.post(
        f"/programma/overleg/{made.meeting.pk}/bewerken/",
        {
            "title": "Mijn titel",
            "day": "2026-07-07",
            "start": "15:00",
            "end": "17:00",
            "place": "Stadskantoor",
            "status": "planned",
            "version": "1",
            "agenda-0-item": str(item.pk),
            "agenda-0-order": "1",
            "agenda-0-title": "Voortgang etalage",
        },
    )
    assert response.status_code == 409
    assert "Iemand anders heeft dit overleg intussen gewijzigd" in page(response).text
    assert Meeting.objects.get(pk=made.meeting.pk).title == "Intussen"


def test_attendance_and_minutes_are_recorded(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    mbo, wsp = made.partners["MBO"].pk, made.partners["WSP"].pk
    response = client.post(
        f"/programma/overleg/{made.past.pk}/aanwezigheid/",
        {
            "version": "1",
            f"partner-{mbo}-status": "present",
            f"partner-{mbo}-attendee": "M. Bos",
            f"partner-{wsp}-status": "excused",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/programma/overleg/{made.past.pk}/verslag/",
        {"version": "2", "status": "held", "minutes": "Goed overleg."},
    )
    assert response.status_code == 302
    detail = page(client.get(f"/programma/overleg/{made.past.pk}/"))
    attendance = detail.select_one("#attendance-caption").find_parent("table").text
    assert "M. Bos" in attendance
    assert "Afgemeld" in attendance
    assert "Goed overleg." in detail.text
    assert "Gehouden" in detail.text


def test_a_decision_creates_an_activity_and_another_changes_one(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    url = f"/programma/overleg/{made.meeting.pk}/besluit/"
    item = made.meeting.agenda.get()
    response = client.post(
        url,
        {
            "text": "Er komt een inkoopcafé.",
            "agenda_item": str(item.pk),
            "effect": "create",
            "create_in": str(made.programme.pk),
            "new_title": "Inkoopcafé",
            "new_objective": str(made.objectives["O4"].pk),
            "new_partner": str(made.partners["WSP"].pk),
        },
    )
    assert response.status_code == 302
    created = Activity.objects.get(title="Inkoopcafé")
    response = client.post(
        url,
        {
            "text": "De etalage loopt.",
            "effect": "change",
            "change": str(made.own.pk),
            "change_status": "running",
            "change_progress": "40",
        },
    )
    assert response.status_code == 302
    made.own.refresh_from_db()
    assert (made.own.status, made.own.progress) == ("running", 40)
    detail = page(client.get(f"/programma/overleg/{made.meeting.pk}/"))
    decisions = detail.select_one("#besluiten").find_next("ol")
    assert decisions.find("a", href=f"/programma/activiteit/{created.pk}/") is not None
    assert decisions.find("a", href=f"/programma/activiteit/{made.own.pk}/") is not None


def test_a_decision_without_what_changes_is_refused_in_dutch(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    response = client.post(
        f"/programma/overleg/{made.meeting.pk}/besluit/",
        {"text": "Iets", "effect": "change", "change": str(made.own.pk)},
    )
    assert response.status_code == 400
    assert "Kies wat er aan de activiteit verandert." in page(response).text
    response = client.post(
        f"/programma/overleg/{made.meeting.pk}/besluit/",
        {"text": "Iets", "effect": "create"},
    )
    assert "Geef de nieuwe activiteit een titel." in page(response).text
    assert not Decision.objects.exists()


def test_an_action_is_added_and_closed_and_leaves_the_open_list(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    response = client.post(
        f"/programma/overleg/{made.meeting.pk}/actie/",
        {
            "description": "Uitnodiging versturen",
            "owner_partner": str(made.partners["MBO"].pk),
            "owner_person": "M. Bos",
            "due_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get(description="Uitnodiging versturen")
    listing = page(client.get("/programma/overleg/acties/"))
    rows = listing.select("#open-actions tbody tr")
    # overdue first
    assert "Werkgevers benaderen" in rows[0].text
    assert "Verlopen" in rows[0].text
    assert any("Uitnodiging versturen" in row.text for row in rows)
    response = client.post(
        f"/programma/overleg/actie/{action.pk}/afronden/",
        {"version": "1", "next": "/programma/overleg/acties/"},
    )
    assert response["Location"] == "/programma/overleg/acties/"
    after = page(client.get("/programma/overleg/acties/"))
    assert "Uitnodiging versturen" not in after.select_one("#open-actions").text
    assert "is afgerond" in after.text
    assert ActionItem.objects.get(pk=action.pk).status == ActionStatus.DONE


def test_a_stale_close_is_refused_and_the_action_stays_open(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    ActionItem.objects.filter(pk=made.mbo_action.pk).update(version=2)
    response = client.post(
        f"/programma/overleg/actie/{made.mbo_action.pk}/afronden/", {"version": "1"}, follow=True
    )
    assert "Iemand anders heeft dit actiepunt intussen gewijzigd" in page(response).text
    assert ActionItem.objects.get(pk=made.mbo_action.pk).status == ActionStatus.OPEN


def test_a_partner_member_closes_own_partners_action_only(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(made.partners["WSP"].organisation))
    listing = page(client.get("/programma/overleg/acties/"))
    own_row = listing.select_one(f"#actie-{made.wsp_action.pk}")
    other_row = listing.select_one(f"#actie-{made.mbo_action.pk}")
    assert own_row.find("button") is not None
    assert other_row.find("button") is None
    refused = client.post(
        f"/programma/overleg/actie/{made.mbo_action.pk}/afronden/", {"version": "1"}
    )
    assert refused.status_code == 403
    client.post(f"/programma/overleg/actie/{made.wsp_action.pk}/afronden/", {"version": "1"})
    assert ActionItem.objects.get(pk=made.wsp_action.pk).status == ActionStatus.DONE
    assert ActionItem.objects.get(pk=made.mbo_action.pk).status == ActionStatus.OPEN


def test_the_open_list_filters_by_partner(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("overlegtafel-member"))
    listing = page(client.get(f"/programma/overleg/acties/?partner={made.partners['MBO'].pk}"))
    table = listing.select_one("#open-actions").text
    assert "Website bijwerken" in table
    assert "Werkgevers benaderen" not in table


def test_the_feed_address_is_made_and_revoked_on_the_list(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("overlegtafel-member"))
    assert page(client.get("/programma/overleg/")).select_one("#feed-url") is None
    client.post("/programma/overleg/agenda-adres/")
    address = page(client.get("/programma/overleg/")).select_one("#feed-url")["value"]
    assert "/programma/overleg/agenda.ics?sleutel=" in address
    client.logout()
    path = address.split("testserver", 1)[1]
    assert client.get(path).status_code == 200


def test_the_list_speaks_english_through_the_language_switch(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("overlegtafel-member"))
    client.cookies.load({"django_language": "en"})
    try:
        english = page(client.get("/programma/overleg/"))
        actions = page(client.get("/programma/overleg/acties/"))
        detail = page(client.get(f"/programma/overleg/{made.past.pk}/"))
    finally:
        translation.activate("nl")
    assert english.h1.text.strip() == "Consultation table"
    assert "Upcoming meetings" in english.text
    assert actions.h1.text.strip() == "Open actions"
    assert "Overdue" in actions.text
    assert detail.select_one("#attendance-caption").text == "Attendance per partner"
    assert "No decisions yet." in detail.text


def test_an_agenda_item_links_to_its_kpi(client, made) -> None:  # type: ignore[no-untyped-def]
    from impactplein.programme.models import KpiDefinition
    from impactplein.programme.models.kpis import KpiUnit

    kpi = KpiDefinition.objects.create(
        objective=made.objectives["O1"], name="Verhalen gepubliceerd", unit=KpiUnit.COUNT
    )
    client.force_login(with_role("programme-coordinator"))
    item = made.meeting.agenda.get()
    response = client.post(
        f"/programma/overleg/{made.meeting.pk}/bewerken/",
        {
            "title": "Voorjaarsoverleg",
            "day": "2026-07-07",
            "start": "15:00",
            "end": "17:00",
            "place": "Stadskantoor",
            "status": "planned",
            "version": "1",
            "agenda-0-item": str(item.pk),
            "agenda-0-order": "1",
            "agenda-0-title": "Voortgang etalage",
            "agenda-0-kpi": str(kpi.pk),
        },
    )
    assert response.status_code == 302, page(response).select_one(".impactplein-error-summary")
    detail = page(client.get(f"/programma/overleg/{made.meeting.pk}/"))
    agenda = detail.select_one("#agenda").find_next("ol")
    assert agenda.find("a", href=f"/programma/kpi/{kpi.pk}/").text == "O1: Verhalen gepubliceerd"


def test_stale_attendance_and_minutes_are_shown_and_not_saved(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    writes.meeting_update(actor=None, meeting=made.past, expected_version=1, minutes="Intussen")
    mbo, wsp = made.partners["MBO"].pk, made.partners["WSP"].pk
    response = client.post(
        f"/programma/overleg/{made.past.pk}/aanwezigheid/",
        {
            "version": "1",
            f"partner-{mbo}-status": "present",
            f"partner-{mbo}-attendee": "X",
            f"partner-{wsp}-status": "absent",
        },
    )
    assert response.status_code == 409
    assert "Iemand anders heeft dit overleg intussen gewijzigd" in page(response).text
    assert not made.past.attendance.exists()
    response = client.post(
        f"/programma/overleg/{made.past.pk}/verslag/",
        {"version": "1", "status": "held", "minutes": "Mijn verslag"},
    )
    assert response.status_code == 409
    assert Meeting.objects.get(pk=made.past.pk).minutes == "Intussen"
    # The author's minutes are not lost: they stay in the form, beside what was saved meanwhile,
    # and the form now carries the current version, so saving again is a deliberate choice.
    shown = page(response)
    assert shown.find("textarea", {"name": "minutes"}).get_text().strip() == "Mijn verslag"
    assert "Intussen" in shown.select_one("#saved-text").get_text()
    version = shown.find("input", {"name": "version"})["value"]
    assert version == str(Meeting.objects.get(pk=made.past.pk).version)
