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
def index_organisation(pk: int) -> None:
    indexing.index_organisation(pk)
    organisation_changed.send(sender=index_organisation, pk=pk)


@task()
def geocode_organisation(pk: int) -> None:
    """The address's point from the PDOK Locatieserver, after a save changed the address."""
    from impactplein.organisations import services  # services enqueue this task

    services.organisation_geocode(pk=pk)
