"""Organisations are reminded before a certification ends, once per threshold, and the showcase
follows the calendar.

The pure rule (``certifications.reminder_due``) picks the tightest threshold reached and never one
already sent. The daily job mails the organisation's members, records each reminder so a second
run (the same day or later) sends nothing again, and re-indexes the profiles whose certification
changed status, so the "certification" filter of the showcase drops expired ones.
"""

from datetime import UTC, date, datetime, timedelta

from django.core import mail
from django.core.management import call_command

import pytest
import time_machine

from impactplein.directory import certifications
from impactplein.directory.constants import CertificationKind
from impactplein.directory.models import CertificationReminder
from impactplein.directory.services import certification_reminders_send
from tests.directory.factories import OrganisationFactory, UserFactory, certification, profile

END = date(2027, 6, 30)
START = date(2026, 1, 1)


# --- the pure rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "sent", "expected"),
    [
        (61, (), None),
        (60, (), 60),
        (45, (), 60),
        (45, (60,), None),
        (30, (60,), 30),
        (20, (), 30),  # added late: only the tightest reached, not 60 as well
        (20, (30,), None),
        (7, (60, 30), 7),
        (0, (60, 30), 7),
        (3, (7,), None),
        (3, (60,), 7),
    ],
)
def test_the_tightest_threshold_reached_is_due_once(days_left, sent, expected):
    day = END - timedelta(days=days_left)
    assert certifications.reminder_due(day, START, END, sent) == expected


def test_nothing_is_due_without_an_end_date_before_the_start_or_after_the_end():
    assert certifications.reminder_due(date(2026, 6, 1), START, None) is None
    assert certifications.reminder_due(date(2025, 12, 1), START, date(2026, 1, 20)) is None
    assert certifications.reminder_due(END + timedelta(days=1), START, END) is None


# --- the daily job -------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_members_are_mailed_once_per_threshold():
    owner = UserFactory(email="eigenaar@example.org")
    organisation = OrganisationFactory(owner=owner, name="Fietsenmakerij Dordt")
    held = certification(organisation, valid_from=START, valid_until=END)

    assert certification_reminders_send(day=END - timedelta(days=61)) == 0
    assert mail.outbox == []

    assert certification_reminders_send(day=END - timedelta(days=60)) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["eigenaar@example.org"]
    assert "B Corp" in mail.outbox[0].subject
    assert "30 juni 2027" in mail.outbox[0].subject
    assert f"/etalage/{organisation.pk}/certificeringen/" in mail.outbox[0].body

    # The same day again, and the days after: nothing new until the next threshold.
    assert certification_reminders_send(day=END - timedelta(days=60)) == 0
    assert certification_reminders_send(day=END - timedelta(days=31)) == 0
    assert len(mail.outbox) == 1

    assert certification_reminders_send(day=END - timedelta(days=30)) == 1
    assert certification_reminders_send(day=END - timedelta(days=7)) == 1
    assert certification_reminders_send(day=END - timedelta(days=1)) == 0
    assert len(mail.outbox) == 3
    assert sorted(held.reminders.values_list("days_before", flat=True)) == [7, 30, 60]


@pytestmark_db
def test_the_management_command_runs_the_same_job():
    organisation = OrganisationFactory(owner=UserFactory())
    certification(organisation, valid_from=START, valid_until=END)
    call_command("send_certification_reminders", "--date", str(END - timedelta(days=10)))
    call_command("send_certification_reminders", "--date", str(END - timedelta(days=10)))
    assert len(mail.outbox) == 1
    assert CertificationReminder.objects.get().days_before == 30


@pytestmark_db
def test_a_certification_without_end_date_or_far_from_it_gets_no_reminder():
    organisation = OrganisationFactory(owner=UserFactory())
    certification(organisation, valid_from=START, valid_until=None)
    certification(organisation, kind=CertificationKind.ISO_26000, valid_until=date(2030, 1, 1))
    assert certification_reminders_send(day=date(2027, 1, 1)) == 0
    assert mail.outbox == []


@pytestmark_db
def test_an_expired_certification_leaves_the_showcase_filter(django_capture_on_commit_callbacks):
    from impactplein.core.search import search
    from impactplein.directory.services import profile_publish

    def certified() -> int:
        return search("", doc_types=["impact_profile"], filters={"certification": ["b_corp"]}).total

    with time_machine.travel(datetime(2027, 6, 30, 12, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            shown = profile(pitch="Wij repareren fietsen")
            held = certification(shown.organisation, valid_from=START, valid_until=END)
            profile_publish(actor=None, profile=shown)
        assert certified() == 1  # the last day still counts
        with django_capture_on_commit_callbacks(execute=True):
            certification_reminders_send()
        assert certified() == 1

    with time_machine.travel(datetime(2027, 7, 1, 12, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            certification_reminders_send()
        assert certified() == 0
    held.refresh_from_db()
    assert held.indexed_status == "expired"
