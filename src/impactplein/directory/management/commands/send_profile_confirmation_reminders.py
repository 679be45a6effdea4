"""Run once a day: ask the members of profiles published or confirmed over a year ago whether
the profile is still right.

    .venv/bin/python manage.py send_profile_confirmation_reminders [--enqueue]

A profile is asked at most once a year, so running it twice (or late) is safe. With ``--enqueue``
the work is handed to the task worker instead of done in this process.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from impactplein.directory import joining, tasks


class Command(BaseCommand):
    help = "Mail the yearly 'is this still right?' reminder for published impact profiles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="let the task worker send the reminders"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            tasks.send_confirmation_reminders.enqueue()
            self.stdout.write("Reminder job enqueued.")
            return
        sent = joining.confirmation_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
