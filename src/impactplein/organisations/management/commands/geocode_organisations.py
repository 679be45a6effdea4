import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import OuterRef, Subquery

from impactplein.core.models import Municipality
from impactplein.organisations import services
from impactplein.organisations.constants import LocationSource
from impactplein.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Place organisations on the map: the municipality's centre for those without coordinates, "
        "then the address's point from the PDOK Locatieserver for those that lack one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delay",
            type=float,
            default=0.2,
            help="Seconds to wait between two requests to the Locatieserver (default 0.2).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Organisations read per query."
        )
        parser.add_argument(
            "--limit", type=int, default=0, help="Ask for at most this many addresses (0: all)."
        )

    def handle(
        self, *args: object, delay: float, batch_size: int, limit: int, **options: object
    ) -> None:
        centre = Municipality.objects.filter(pk=OuterRef("municipality_id"))
        placed = Organisation.objects.filter(latitude__isnull=True).update(
            latitude=Subquery(centre.values("latitude")[:1]),
            longitude=Subquery(centre.values("longitude")[:1]),
            location_source=LocationSource.MUNICIPALITY,
        )
        self.stdout.write(f"Placed at their municipality's centre: {placed}.")
        if not settings.GEOCODING_ENABLED:
            self.stdout.write("GEOCODING_ENABLED is off: no addresses were looked up.")
            return

        pending = (
            Organisation.objects.exclude(location_source=LocationSource.PDOK)
            .exclude(postcode="")
            .filter(house_number__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        asked = found = 0
        for pk in pending.iterator(chunk_size=batch_size):
            if limit and asked >= limit:
                break
            if asked and delay > 0:
                time.sleep(delay)  # be a polite user of a free public service
            asked += 1
            found += services.organisation_geocode(pk=pk)
        self.stdout.write(self.style.SUCCESS(f"Addresses asked: {asked}; points found: {found}."))
