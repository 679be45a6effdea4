"""Period reports: an interim report by 1 February for every calendar year of a contract that
ends before the contract does, the final one a month after the end (domain note §8); submitting a
report submits the period's drafts in one go; reminders go to the supplier's members before the
due date and when overdue, never twice for the same threshold.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

import pytest
import time_machine

from impactplein.socialreturn.constants import EntryKind, EntryStatus, ReportKind, ReportStatus
from impactplein.socialreturn.models import PeriodReport
from impactplein.socialreturn.services import fulfilment, reports
from tests.organisations.factories import UserFactory, member
from tests.socialreturn import factories as f

pytestmark = pytest.mark.django_db


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC), tick=False)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 6, 30), 1, date(2026, 7, 30)),
    ],
)
def test_a_month_later_is_the_same_day_or_the_end_of_a_shorter_month(day, months, expected):
    assert reports.add_months(day, months) == expected


def test_a_contract_over_two_years_owes_one_interim_and_a_final_report():
    contract = f.contract(start_date=date(2026, 3, 1), end_date=date(2027, 6, 30))
    made = reports.ensure_reports(contract)
    assert [(r.kind, r.period_start, r.period_end, r.due_date) for r in made] == [
        (ReportKind.INTERIM, date(2026, 3, 1), date(2026, 12, 31), date(2027, 2, 1)),
        (ReportKind.FINAL, date(2026, 3, 1), date(2027, 6, 30), date(2027, 7, 30)),
    ]
    assert len(reports.ensure_reports(contract)) == 2  # twice changes nothing
    assert PeriodReport.objects.filter(contract=contract).count() == 2


def test_a_shortened_contract_drops_the_open_interim_report_and_moves_the_final_one():
    contract = f.contract(start_date=date(2026, 1, 1), end_date=date(2027, 6, 30))
    reports.ensure_reports(contract)
    contract.end_date = date(2026, 12, 31)
    contract.save()
    made = reports.ensure_reports(contract)
    assert [(r.kind, r.due_date) for r in made] == [(ReportKind.FINAL, date(2027, 1, 31))]


def test_submitting_a_report_submits_the_drafts_of_its_period_with_a_note():
    contract = f.contract(start_date=date(2026, 1, 1), end_date=date(2027, 12, 31))
    supplier_member = f.supplier_member(contract)
    candidate = f.candidate()

    def placement(start):
        return fulfilment.entry_create(
            actor=supplier_member,
            contract=contract,
            kind=EntryKind.PLACEMENT,
            candidate=candidate,
            target_group="participatiewet",
            hours_per_week=Decimal("20"),
            start_date=start,
            end_date=None,
        )

    in_2026 = placement(date(2026, 3, 1))
    in_2027 = placement(date(2027, 3, 1))
    interim = next(r for r in reports.ensure_reports(contract) if r.kind == ReportKind.INTERIM)
    report, count = reports.report_submit(
        actor=supplier_member, report=interim, note="Twee plaatsingen lopen door."
    )
    assert count == 1
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == supplier_member
    assert report.note == "Twee plaatsingen lopen door."
    in_2026.refresh_from_db()
    in_2027.refresh_from_db()
    assert in_2026.status == EntryStatus.SUBMITTED
    assert in_2026.report == report
    assert in_2027.status == EntryStatus.DRAFT
    assert in_2026.history.filter(history_change_reason="submitted").exists()
    with pytest.raises(ValidationError):
        reports.report_submit(actor=supplier_member, report=report, note="nog eens")


def test_reminders_go_before_the_due_date_and_when_overdue_once_per_threshold():
    # Contract 2026 only: the final report is due 31 January 2027.
    contract = f.contract()
    member(contract.supplier, email="lid@leverancier.example")
    member(contract.supplier, email="collega@leverancier.example")
    UserFactory(email="buitenstaander@example.org")

    assert reports.reminders_send(today=date(2027, 1, 16)) == 0  # 15 days before
    assert mail.outbox == []

    assert reports.reminders_send(today=date(2027, 1, 17)) == 1  # 14 days before
    assert sorted(message.to[0] for message in mail.outbox) == [
        "collega@leverancier.example",
        "lid@leverancier.example",
    ]
    assert contract.reference in mail.outbox[0].subject
    assert "31 januari 2027" in mail.outbox[0].subject
    assert f"/social-return/contracten/{contract.pk}/rapportages/" in mail.outbox[0].body

    mail.outbox.clear()
    assert reports.reminders_send(today=date(2027, 1, 17)) == 0  # the same day again
    assert reports.reminders_send(today=date(2027, 1, 20)) == 0
    assert mail.outbox == []

    assert reports.reminders_send(today=date(2027, 1, 28)) == 1  # 3 days before
    assert reports.reminders_send(today=date(2027, 2, 1)) == 1  # 1 day overdue
    assert "te laat" in mail.outbox[-1].subject
    assert reports.reminders_send(today=date(2027, 2, 2)) == 0
    report = PeriodReport.objects.get(contract=contract)
    assert report.reminders_sent == ["14", "3", "-1"]


def test_a_job_that_missed_days_sends_only_the_most_urgent_reminder():
    contract = f.contract()
    member(contract.supplier, email="lid@leverancier.example")
    assert reports.reminders_send(today=date(2027, 2, 20)) == 1  # 20 days overdue
    assert len(mail.outbox) == 1
    assert "te laat" in mail.outbox[0].subject
    assert reports.reminders_send(today=date(2027, 2, 21)) == 0


def test_a_submitted_report_gets_no_reminders():
    contract = f.contract()
    supplier_member = member(contract.supplier, email="lid@leverancier.example")
    final = reports.ensure_reports(contract)[-1]
    reports.report_submit(actor=supplier_member, report=final)
    assert reports.reminders_send(today=date(2027, 1, 28)) == 0
    assert mail.outbox == []


def test_the_daily_command_reminds_and_erases_expired_identities():
    contract = f.contract()
    member(contract.supplier, email="lid@leverancier.example")
    from impactplein.socialreturn.services import candidates

    with at(date(2026, 6, 1)):
        candidate = candidates.candidate_issue(
            actor=f.employer_adviser(), full_name="Piet Puk", retain_until=date(2027, 1, 1)
        )
    with at(date(2027, 1, 17)):
        call_command("send_socialreturn_reminders")
    assert len(mail.outbox) == 1
    candidate.refresh_from_db()
    assert not hasattr(candidate, "identity") or candidate.identity is None
    assert candidate.code.startswith("K-")
