"""Run once a day: period reports for every running contract, reminders, and identity erasure.

    .venv/bin/python manage.py send_socialreturn_reminders [--date 2027-01-18]

1. Makes sure every active contract has its interim and final reports (``ensure_reports``).
2. Mails the supplier's members 14 and 3 days before a report is due and 1 and 14 days after it
   is overdue; each threshold once per report (recorded in ``reminders_sent``), so running it
   twice or late is safe.
3. Erases the names and notes of candidates whose retention date has passed (the codes stay).
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from impactplein.socialreturn.services import candidates, reports


class Command(BaseCommand):
    help = (
        "Create due social-return period reports, mail reminders before and after their due "
        "date, and erase candidate identities past their retention date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if it were this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date takes a date as YYYY-MM-DD") from error
        sent = reports.reminders_send(today=day)
        erased = candidates.identities_erase_expired(today=day)
        self.stdout.write(f"{sent} reminder(s) sent; {erased} candidate identit(y/ies) erased.")
