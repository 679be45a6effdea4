from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from impactplein.core.demo import seed_demo


class Command(BaseCommand):
    help = "Load the synthetic Drechtsteden demo world (deterministic; never real people's data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users (used by `make run`).",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the number of generated records."
        )

    def handle(self, *args: object, if_empty: bool, scale: float, **options: object) -> None:
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database holds data already; demo data not loaded.")
            return
        context = seed_demo(scale=scale)
        for line in context.log:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
