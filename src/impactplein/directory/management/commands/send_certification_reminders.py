"""Run once a day: remind organisations before their certifications end, re-index changed ones.

    .venv/bin/python manage.py send_certification_reminders [--date 2026-11-27 | --enqueue]

Each reminder threshold is mailed once per certification, so running it twice (or late) is safe.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from impactplein.directory import services, tasks


class Command(BaseCommand):
    help = "Mail reminders before certifications expire and re-index profiles whose status changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if it were this day (YYYY-MM-DD)")
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the work to the task worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            if options["date"]:
                raise CommandError("--enqueue always runs for today; leave out --date")
            tasks.send_certification_reminders.enqueue()
            self.stdout.write("Enqueued.")
            return
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date takes a date as YYYY-MM-DD") from error
        sent = services.certification_reminders_send(day=day)
        self.stdout.write(f"{sent} reminder(s) sent.")
