"""The meetings' calendar feed: RFC 5545 text read back line by line (CRLF endings, folding at 75
octets, escaping), a UID that stays the same per meeting, STATUS:CANCELLED; and the feed through
its URL: a logged-in reader, a subscriber with a secret key (revocable), nobody else."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from impactplein.programme import ical
from impactplein.programme.models import MeetingStatus
from impactplein.programme.services import meetings as writes
from tests.programme.factories import UserFactory, member, setup

AMS = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab continues the line before."""
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line endings
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def event(**fields: object) -> ical.Event:
    values: dict[str, object] = {
        "uid": "abc@impactplein",
        "starts_at": datetime(2026, 3, 10, 15, 0, tzinfo=AMS),
        "ends_at": datetime(2026, 3, 10, 17, 0, tzinfo=AMS),
        "summary": "1. Overlegtafel",
    }
    values.update(fields)
    return ical.Event(**values)  # type: ignore[arg-type]


def test_a_calendar_has_its_frame_and_times_in_utc() -> None:
    text = ical.calendar([event()], prodid="-//Test//NL", name="Overleg", stamp=STAMP)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "PRODID:-//Test//NL" in lines
    # 15:00 in Amsterdam in March (CET, UTC+1) is 14:00 UTC
    assert "DTSTART:20260310T140000Z" in lines
    assert "DTEND:20260310T160000Z" in lines
    assert "DTSTAMP:20260105T093000Z" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_text_values_escape_commas_semicolons_backslashes_and_newlines() -> None:
    text = ical.calendar(
        [event(location="Stadskantoor, zaal 3; 2e etage", summary="Regel 1\nRegel 2 \\ eind")],
        prodid="-//Test//NL",
        name="Overleg",
        stamp=STAMP,
    )
    lines = unfold(text)
    assert "LOCATION:Stadskantoor\\, zaal 3\\; 2e etage" in lines
    assert "SUMMARY:Regel 1\\nRegel 2 \\\\ eind" in lines


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    summary = "Overlegtafel Impact Ondernemen — evaluatie en actieprogramma " * 4 + "ë" * 40
    text = ical.calendar([event(summary=summary)], prodid="-//Test//NL", name="O", stamp=STAMP)
    for raw in text.split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75
    assert f"SUMMARY:{summary}" in unfold(text)  # unfolds to exactly the original
    assert any(raw.startswith(" ") for raw in text.split("\r\n"))


def test_a_cancelled_event_says_so() -> None:
    text = ical.calendar(
        [event(cancelled=True), event(uid="b@x", confirmed=True)],
        prodid="-//T//NL",
        name="O",
        stamp=STAMP,
    )
    lines = unfold(text)
    assert lines.count("STATUS:CANCELLED") == 1
    assert lines.count("STATUS:CONFIRMED") == 1


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        ical.utc(datetime(2026, 1, 1, 12, 0))


# --- through the URL ------------------------------------------------------------------------


def feed_lines(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return unfold(response.content.decode())


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    made = setup(start_year=2026)
    made.first = writes.meeting_create(  # type: ignore[attr-defined]
        actor=None,
        partnership=made.partnership,
        title="Voorjaarsoverleg",
        starts_at=datetime(2026, 3, 10, 15, 0, tzinfo=AMS),
        ends_at=datetime(2026, 3, 10, 17, 0, tzinfo=AMS),
        place="Stadskantoor, Spuiboulevard 300",
    )
    made.cancelled = writes.meeting_create(  # type: ignore[attr-defined]
        actor=None,
        partnership=made.partnership,
        title="Zomeroverleg",
        starts_at=datetime(2026, 7, 7, 15, 0, tzinfo=AMS),
        ends_at=datetime(2026, 7, 7, 16, 30, tzinfo=AMS),
        place="",
        online_url="https://meet.example.org/overlegtafel",
        status=MeetingStatus.CANCELLED,
    )
    return made


def test_a_partners_member_reads_the_feed_with_stable_uids(client, world) -> None:  # type: ignore[no-untyped-def]
    reader = member(world.partners["MBO"].organisation)
    client.force_login(reader)
    lines = feed_lines(client.get("/programma/overleg/agenda.ics"))
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids == [f"UID:{world.first.uid}@impactplein", f"UID:{world.cancelled.uid}@impactplein"]
    assert "SUMMARY:1. Voorjaarsoverleg" in lines
    assert "LOCATION:Stadskantoor\\, Spuiboulevard 300" in lines
    # summer time: 15:00 CEST is 13:00 UTC; the cancelled meeting says so
    assert "DTSTART:20260707T130000Z" in lines
    assert lines.count("STATUS:CANCELLED") == 1
    # the same meeting keeps its UID after an edit
    writes.meeting_update(actor=None, meeting=world.first, expected_version=1, title="Anders")
    again = feed_lines(client.get("/programma/overleg/agenda.ics"))
    assert [line for line in again if line.startswith("UID:")] == uids
    assert "SUMMARY:1. Anders" in again


def test_a_subscriber_uses_a_secret_key_without_logging_in(client, world) -> None:  # type: ignore[no-untyped-def]
    reader = member(world.partners["WSP"].organisation)
    token = writes.feed_token_for(user=reader).token
    lines = feed_lines(client.get(f"/programma/overleg/agenda.ics?sleutel={token}"))
    assert "SUMMARY:1. Voorjaarsoverleg" in lines
    writes.feed_token_renew(user=reader)
    assert client.get(f"/programma/overleg/agenda.ics?sleutel={token}").status_code == 404
    assert client.get("/programma/overleg/agenda.ics?sleutel=geraden").status_code == 404
    assert client.get("/programma/overleg/agenda.ics").status_code == 404


def test_a_key_of_someone_who_may_not_read_meetings_gives_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    stranger = UserFactory()
    token = writes.feed_token_for(user=stranger).token
    response = client.get(f"/programma/overleg/agenda.ics?sleutel={token}")
    assert response.status_code == 403
    assert b"VEVENT" not in response.content
