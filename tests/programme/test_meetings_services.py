"""The overlegtafel's meetings through the services: a decision creates or changes an activity
through the programme's services (with their rules and history); an action stays on the open
list across meetings until it is closed; a stale close is refused; a partner's member may close
their own partner's action and not another's; stale meeting edits are refused."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

import pytest

from impactplein.programme import selectors, services
from impactplein.programme.constants import ActivityStatus
from impactplein.programme.models import (
    ActionItem,
    ActionStatus,
    Activity,
    Decision,
    Meeting,
    MeetingStatus,
)
from impactplein.programme.selectors import meetings as reads
from impactplein.programme.services import meetings as writes
from tests.programme.factories import UserFactory, activity, member, setup

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def meeting(made, *, day: date = date(2026, 3, 10), **fields):  # type: ignore[no-untyped-def]
    values = {
        "title": "Overlegtafel voorjaar",
        "starts_at": datetime(day.year, day.month, day.day, 15, 0, tzinfo=AMS),
        "ends_at": datetime(day.year, day.month, day.day, 17, 0, tzinfo=AMS),
        "place": "Stadskantoor, Spuiboulevard 300",
    }
    values.update(fields)
    return writes.meeting_create(actor=None, partnership=made.partnership, **values)


def test_meetings_are_numbered_in_turn_and_keep_their_agenda_in_order() -> None:
    made = setup()
    first = meeting(
        made,
        agenda=[
            {"order": 2, "title": "Voortgang O1", "objective": made.objectives["O1"]},
            {"order": 1, "title": "Opening"},
        ],
    )
    second = meeting(made, day=date(2026, 6, 9))
    assert (first.number, second.number) == (1, 2)
    assert [item.title for item in first.agenda.order_by("order")] == ["Opening", "Voortgang O1"]
    assert first.agenda.get(order=2).objective == made.objectives["O1"]


def test_a_meeting_needs_a_place_or_a_link_and_an_end_after_its_start() -> None:
    made = setup()
    with pytest.raises(ValidationError) as error:
        meeting(made, place="")
    assert "Vul een plaats of een link" in str(error.value)
    with pytest.raises(ValidationError) as error:
        meeting(made, ends_at=datetime(2026, 3, 10, 14, 0, tzinfo=AMS))
    assert "Het einde ligt niet na het begin." in str(error.value)
    assert not Meeting.objects.exists()
    online = meeting(made, place="", online_url="https://meet.example.org/overlegtafel")
    assert online.online_url


def test_a_taken_number_is_refused_in_dutch() -> None:
    made = setup()
    meeting(made)
    with pytest.raises(ValidationError) as error:
        meeting(made, number=1)
    assert "Er is al een overleg met nummer 1." in str(error.value)
    assert Meeting.objects.count() == 1


def test_a_stale_meeting_edit_is_refused_and_nothing_changes() -> None:
    made = setup()
    planned = meeting(made)
    writes.meeting_update(actor=None, meeting=planned, expected_version=1, title="Nieuwe titel")
    with pytest.raises(writes.StaleMeetingError):
        writes.meeting_update(actor=None, meeting=planned, expected_version=1, minutes="Oud")
    planned.refresh_from_db()
    assert (planned.title, planned.minutes, planned.version) == ("Nieuwe titel", "", 2)
    assert planned.history.count() == 2


def test_agenda_rows_change_delete_and_add_items() -> None:
    made = setup()
    planned = meeting(
        made, agenda=[{"order": 1, "title": "Opening"}, {"order": 2, "title": "Rondvraag"}]
    )
    opening, rest = planned.agenda.order_by("order")
    writes.meeting_update(
        actor=None,
        meeting=planned,
        expected_version=1,
        agenda=[
            {"pk": opening.pk, "order": 1, "title": "Opening en mededelingen"},
            {"pk": rest.pk, "order": 2, "title": "Rondvraag", "delete": True},
            {"order": 3, "title": "Begroting 2027"},
        ],
    )
    assert [item.title for item in planned.agenda.order_by("order")] == [
        "Opening en mededelingen",
        "Begroting 2027",
    ]


def test_attendance_per_partner_with_free_text_names() -> None:
    made = setup()
    planned = meeting(made)
    writes.attendance_record(
        actor=None,
        meeting=planned,
        expected_version=1,
        rows=[
            (made.partners["MBO"], "present", "  J. de Vries "),
            (made.partners["WSP"], "excused", ""),
        ],
    )
    rows = {row.partner.short_name: row for row in planned.attendance.all()}
    assert rows["MBO"].status == "present"
    assert rows["MBO"].attendee == "J. de Vries"
    assert rows["WSP"].get_status_display() == "afgemeld"
    with pytest.raises(writes.StaleMeetingError):
        writes.attendance_record(actor=None, meeting=planned, expected_version=1, rows=[])


def test_a_decision_creates_an_activity_in_the_chosen_years_programme() -> None:
    made = setup()
    coordinator = UserFactory()
    next_year = services.programme_create(
        actor=None, partnership=made.partnership, year=made.programme.year + 1
    )
    held = meeting(made, agenda=[{"order": 1, "title": "Nieuwe activiteiten"}])
    decision = writes.decision_add(
        actor=coordinator,
        meeting=held,
        text="We organiseren een inkoopcafé met de gemeente.",
        agenda_item=held.agenda.get(),
        create_in=next_year,
        new_activity={
            "title": "Inkoopcafé",
            "objective": made.objectives["O4"],
            "partner": made.partners["WSP"],
        },
    )
    created = decision.created_activity
    assert created is not None
    assert created.programme == next_year
    assert created.title == "Inkoopcafé"
    assert created.status == ActivityStatus.PLANNED
    # made through the programme's service: it has its history, written by the coordinator
    assert created.history.get().history_user == coordinator
    assert decision.history.count() == 1


def test_a_decision_changes_an_activity_through_the_programme_service() -> None:
    made = setup()
    own = activity(made, title="Etalage", progress=10)
    held = meeting(made)
    decision = writes.decision_add(
        actor=None,
        meeting=held,
        text="De etalage loopt; het einde schuift op naar december.",
        change=own,
        changes={
            "status": ActivityStatus.RUNNING,
            "progress": 30,
            "planned_end": date(2026, 12, 31),
        },
    )
    own.refresh_from_db()
    assert (own.status, own.progress, own.planned_end) == ("running", 30, date(2026, 12, 31))
    assert own.version == 2  # the service's optimistic lock moved on
    assert decision.changed_activity == own
    assert "progress: 10 → 30" in decision.change_summary


def test_a_decision_on_a_stale_activity_saves_nothing() -> None:
    made = setup()
    own = activity(made, title="Etalage", progress=10)
    services.activity_update(actor=None, activity=own, expected_version=1, progress=20)
    held = meeting(made)
    with pytest.raises(services.StaleActivityError):
        writes.decision_add(
            actor=None,
            meeting=held,
            text="Voortgang naar 50",
            change=own,
            change_version=1,
            changes={"progress": 50},
        )
    assert not Decision.objects.exists()
    assert Activity.objects.get(pk=own.pk).progress == 20


def test_a_decision_that_breaks_an_activity_rule_saves_nothing() -> None:
    made = setup()
    own = activity(made, title="Etalage", planned_start=date(2026, 5, 1))
    held = meeting(made)
    with pytest.raises(ValidationError):
        writes.decision_add(
            actor=None,
            meeting=held,
            text="Einde vervroegd",
            change=own,
            changes={"planned_end": date(2026, 4, 1)},
        )
    assert not Decision.objects.exists()
    assert Activity.objects.get(pk=own.pk).planned_end is None


def test_an_action_stays_open_across_meetings_until_it_is_closed() -> None:
    made = setup()
    first = meeting(made)
    action = writes.action_add(
        actor=None,
        meeting=first,
        description="Lijst van inkopers delen",
        owner_partner=made.partners["WSP"],
        owner_person="A. Jansen",
        due_date=date(2026, 4, 1),
    )
    meeting(made, day=date(2026, 6, 9))
    today = date(2026, 6, 9)
    rows = reads.open_actions(partnership=made.partnership, today=today)
    assert [row.action for row in rows] == [action]
    assert rows[0].overdue  # due 1 April, still open in June
    closed = writes.action_close(actor=None, action=action, expected_version=1, on=date(2026, 6, 9))
    assert closed.status == ActionStatus.DONE
    assert closed.done_on == date(2026, 6, 9)
    assert reads.open_actions(partnership=made.partnership, today=today) == []
    assert closed.history.count() == 2


def test_overdue_actions_come_first_and_the_list_filters_by_partner() -> None:
    made = setup()
    held = meeting(made)
    later = writes.action_add(
        actor=None,
        meeting=held,
        description="Later",
        owner_partner=made.partners["MBO"],
        due_date=date(2026, 5, 1),
    )
    overdue = writes.action_add(
        actor=None,
        meeting=held,
        description="Te laat",
        owner_partner=made.partners["WSP"],
        due_date=date(2026, 3, 1),
    )
    rows = reads.open_actions(partnership=made.partnership, today=date(2026, 3, 15))
    assert [(row.action, row.overdue) for row in rows] == [(overdue, True), (later, False)]
    only_mbo = reads.open_actions(
        partnership=made.partnership, today=date(2026, 3, 15), partner_id=made.partners["MBO"].pk
    )
    assert [row.action for row in only_mbo] == [later]


def test_a_stale_or_second_close_is_refused() -> None:
    made = setup()
    held = meeting(made)
    action = writes.action_add(
        actor=None,
        meeting=held,
        description="Agenda rondsturen",
        owner_partner=made.partners["MBO"],
        due_date=date(2026, 3, 20),
    )
    ActionItem.objects.filter(pk=action.pk).update(version=2, description="Agenda en stukken")
    with pytest.raises(writes.StaleActionError):
        writes.action_close(actor=None, action=action, expected_version=1)
    assert ActionItem.objects.get(pk=action.pk).status == ActionStatus.OPEN
    writes.action_close(actor=None, action=action, expected_version=2)
    with pytest.raises(ValidationError) as error:
        writes.action_close(actor=None, action=action, expected_version=3)
    assert "al afgerond" in str(error.value)


def test_a_partner_member_closes_their_own_partners_action_but_not_another() -> None:
    made = setup()
    held = meeting(made)
    wsp_member = member(made.partners["WSP"].organisation)
    own = writes.action_add(
        actor=None,
        meeting=held,
        description="Werkgevers benaderen",
        owner_partner=made.partners["WSP"],
        due_date=date(2026, 4, 1),
    )
    other = writes.action_add(
        actor=None,
        meeting=held,
        description="Website bijwerken",
        owner_partner=made.partners["MBO"],
        due_date=date(2026, 4, 1),
    )
    assert wsp_member.has_perm("programme.close_actionitem", own)
    assert not wsp_member.has_perm("programme.close_actionitem", other)
    assert wsp_member.has_perm("programme.view_meeting", held)
    assert not wsp_member.has_perm("programme.change_meeting", held)
    stranger = UserFactory()
    assert not stranger.has_perm("programme.view_meeting", held)
    assert not stranger.has_perm("programme.close_actionitem", own)


def test_an_action_owner_must_be_a_partner_of_the_meeting() -> None:
    made = setup()
    other = setup(start_year=2030)
    held = meeting(made)
    with pytest.raises(ValidationError):
        writes.action_add(
            actor=None,
            meeting=held,
            description="x",
            owner_partner=other.partners["MBO"],
            due_date=date(2026, 4, 1),
        )
    assert not ActionItem.objects.exists()


def test_a_feed_token_is_made_once_and_a_new_one_revokes_the_old() -> None:
    user = UserFactory()
    first = writes.feed_token_for(user=user)
    assert writes.feed_token_for(user=user).token == first.token
    assert reads.feed_token_user_id(token=first.token) == user.pk
    renewed = writes.feed_token_renew(user=user)
    assert renewed.token != first.token
    assert reads.feed_token_user_id(token=first.token) is None
    assert reads.feed_token_user_id(token=renewed.token) == user.pk


def test_cancelled_status_is_kept() -> None:
    made = setup()
    planned = meeting(made)
    writes.meeting_update(
        actor=None, meeting=planned, expected_version=1, status=MeetingStatus.CANCELLED
    )
    assert Meeting.objects.get(pk=planned.pk).is_cancelled
    assert selectors.partners_of(partnership=made.partnership).count() == 2


def test_an_agenda_item_may_be_about_a_kpi_of_the_same_partnership() -> None:
    from impactplein.programme.models import KpiDefinition
    from impactplein.programme.models.kpis import KpiUnit

    made = setup()
    other = setup(start_year=2030)
    kpi = KpiDefinition.objects.create(
        objective=made.objectives["O1"], name="Gepubliceerde impactondernemers", unit=KpiUnit.COUNT
    )
    foreign = KpiDefinition.objects.create(
        objective=other.objectives["O1"], name="Elders", unit=KpiUnit.COUNT
    )
    held = meeting(made, agenda=[{"order": 1, "title": "KPI's bespreken", "kpi": kpi}])
    assert held.agenda.get().kpi == kpi
    with pytest.raises(ValidationError) as error:
        meeting(made, day=date(2026, 6, 9), agenda=[{"order": 1, "title": "x", "kpi": foreign}])
    assert "Deze KPI hoort niet bij deze samenwerking." in str(error.value)
    assert Meeting.objects.count() == 1
