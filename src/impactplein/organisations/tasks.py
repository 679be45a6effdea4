"""Background tasks of the organisations app: keeping the search index in step with the records,
and placing organisations on the map from their address.

Indexing runs in the worker, so a save never waits for, or fails because of, the search index.
A task that fails stays visible in the task results and is done again by the next save or by
``index_all_organisations``.
"""

from django_tasks import task

from impactplein.organisations import indexing
from impactplein.organisations.signals import organisation_changed


@task()
def index_organisations(pks: list[int]) -> None:
    """Index organisations ``pks`` (one, or a chunk of an import), then tell the apps that show
    organisation data."""
    indexing.index_organisations(pks)
    organisation_changed.send(sender=index_organisations, pks=pks)


@task()
def geocode_organisations(pks: list[int]) -> None:
    """The addresses' points from the PDOK Locatieserver, after a save changed the address (or
    an import created the organisations), one organisation after the other; the first lookup
    the server does not answer stops the task."""
    from impactplein.organisations import services  # services enqueue this task

    services.organisations_geocode(pks=pks)
