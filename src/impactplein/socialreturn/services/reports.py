"""Period reports: the reports a supplier owes on a contract, their submission and reminders.

The schedule (domain note ``social-return-and-employment.md`` §8): an interim report by
1 February for every calendar year of the contract that ends before the contract does, covering
that year, and the final report one month after the contract's end, covering the whole term.
:func:`ensure_reports` creates the reports the schedule asks for and drops open ones it no longer
asks for (after a change of the contract's dates); it is safe to call as often as you like.

Submitting a report submits every draft entry of the contract dated up to the end of its period
in one go (through the same service as a single submit, so each entry's history says so).

Reminders: the members of the supplier get an e-mail :data:`REMINDER_DAYS` days before the due
date and when the report is overdue; each threshold once per report (``reminders_sent``).
"""

import calendar
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from impactplein.organisations.selectors import organisation_members
from impactplein.socialreturn.constants import (
    ContractStatus,
    ReportKind,
    ReportStatus,
)
from impactplein.socialreturn.models import Contract, FulfilmentEntry, PeriodReport
from impactplein.socialreturn.selectors.fulfilment import drafts_in_period

# Days before the due date at which a reminder goes out; negative numbers: days overdue.
REMINDER_DAYS: tuple[int, ...] = (14, 3, -1, -14)
INTERIM_DUE = (2, 1)  # (month, day) of the year after the period: 1 February
NOT_OPEN = _("Deze rapportage is al ingediend.")
# Contracts that still owe reports (closed or non-compliant ones are settled).
ACTIVE_STATUSES = (
    ContractStatus.AWARDED,
    ContractStatus.RUNNING,
    ContractStatus.FINAL_REPORT_DUE,
)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, on the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(contract: Contract) -> list[tuple[str, date, date, date]]:
    """``(kind, period_start, period_end, due_date)`` of every report ``contract`` owes."""
    rows: list[tuple[str, date, date, date]] = []
    for year in range(contract.start_date.year, contract.end_date.year):
        period_end = date(year, 12, 31)
        period_start = max(contract.start_date, date(year, 1, 1))
        due = date(year + 1, *INTERIM_DUE)
        rows.append((ReportKind.INTERIM, period_start, period_end, due))
    rows.append(
        (
            ReportKind.FINAL,
            contract.start_date,
            contract.end_date,
            add_months(contract.end_date, 1),
        )
    )
    return rows


@transaction.atomic
def ensure_reports(contract: Contract) -> list[PeriodReport]:
    """Create the reports the schedule asks for; drop open ones it no longer asks for.

    Submitted and accepted reports are never touched. Returns the contract's reports by due date.
    """
    wanted = schedule(contract)
    keys = {(kind, period_end) for kind, _start, period_end, _due in wanted}
    existing = {
        (report.kind, report.period_end): report
        for report in PeriodReport.objects.select_for_update().filter(contract=contract)
    }
    for key, report in existing.items():
        if key not in keys and report.status == ReportStatus.OPEN:
            report.entries.update(report=None)
            report.delete()
    for kind, period_start, period_end, due in wanted:
        report = existing.get((kind, period_end))
        if report is None:
            PeriodReport.objects.create(
                contract=contract,
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                due_date=due,
            )
        elif report.status == ReportStatus.OPEN and (
            report.period_start != period_start or report.due_date != due
        ):
            report.period_start, report.due_date = period_start, due
            report.save(update_fields=["period_start", "due_date"])
    return list(contract.reports.order_by("due_date", "pk"))


@transaction.atomic
def report_submit(
    *, actor: Model, report: PeriodReport, note: str = ""
) -> tuple[PeriodReport, int]:
    """Submit ``report`` with ``note`` and every draft entry of its period; returns the count."""
    from impactplein.socialreturn import valuing
    from impactplein.socialreturn.services.fulfilment import submit_drafts

    current = (
        PeriodReport.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=report.pk)
    )
    if current.status != ReportStatus.OPEN:
        raise ValidationError(NOT_OPEN, code="not_open")
    drafts = drafts_in_period(current)
    count = submit_drafts(actor=actor, entries=drafts)
    FulfilmentEntry.objects.filter(pk__in=[entry.pk for entry in drafts]).update(report=current)
    current.status = ReportStatus.SUBMITTED
    current.note = (note or "").strip()
    current.submitted_at = timezone.now()
    current.submitted_by = actor
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    if count:
        valuing.revalue_contract(current.contract, actor=actor)
    return current, count


# --- reminders -----------------------------------------------------------------------------------


def reminder_due(days_left: int, sent: list[str]) -> int | None:
    """The threshold to mail now for a report due in ``days_left`` days, or ``None``.

    Only the most urgent threshold reached is mailed (a job that missed days does not send the
    earlier ones as well); a threshold already sent is never sent again.
    """
    reached = [threshold for threshold in REMINDER_DAYS if days_left <= threshold]
    if not reached:
        return None
    threshold = min(reached)
    return None if str(threshold) in sent else threshold


def _reports_url(contract: Contract) -> str:
    path = reverse("socialreturn:contract_reports", kwargs={"pk": contract.pk})
    return settings.SITE_URL.rstrip("/") + path


def _mail(report: PeriodReport, days_left: int) -> int:
    addresses = sorted(
        {
            membership.user.email
            for membership in organisation_members(organisation=report.contract.supplier)
            if membership.user.is_active and membership.user.email
        }
    )
    context: dict[str, Any] = {
        "report": report,
        "contract": report.contract,
        "days_left": days_left,
        "days_overdue": -days_left,
        "overdue": days_left < 0,
        "url": _reports_url(report.contract),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("socialreturn/mail/report_reminder_subject.txt", context)
        body = render_to_string("socialreturn/mail/report_reminder.txt", context)
    for address in addresses:
        send_mail(" ".join(subject.split()), body, None, [address])
    return len(addresses)


@transaction.atomic
def _remind(report_pk: int, today: date) -> bool:
    report = (
        PeriodReport.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=report_pk)
    )
    if report.status != ReportStatus.OPEN:
        return False
    days_left = (report.due_date - today).days
    threshold = reminder_due(days_left, [str(value) for value in report.reminders_sent])
    if threshold is None:
        return False
    reached = [str(value) for value in REMINDER_DAYS if days_left <= value]
    report.reminders_sent = sorted(
        {*map(str, report.reminders_sent), *reached}, key=lambda value: -int(value)
    )
    report.save(update_fields=["reminders_sent"])
    _mail(report, days_left)
    return True


def reminders_send(*, today: date | None = None) -> int:
    """The daily job: make sure every active contract has its reports, then mail reminders.

    Returns the number of reports a reminder went out for. Running it twice a day sends nothing
    new: every threshold is recorded on the report before its mail is queued (after commit).
    """
    today = today or timezone.localdate()
    for contract in Contract.objects.filter(status__in=ACTIVE_STATUSES).iterator(chunk_size=500):
        ensure_reports(contract)
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    due = (
        PeriodReport.objects.filter(
            status=ReportStatus.OPEN,
            due_date__lte=horizon,
            contract__status__in=ACTIVE_STATUSES,
        )
        .order_by("due_date", "pk")
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in list(due) if _remind(pk, today))
