"""Background tasks of the organisations app: keeping the search index in step with the records.

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
