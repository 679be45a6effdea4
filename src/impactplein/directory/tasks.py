"""Background tasks of the directory: keeping the showcase's search index in step.

Indexing runs in the worker, so a save never waits for, or fails because of, the index.
"""

from django_tasks import task

from impactplein.directory import indexing


@task()
def index_profile(pk: int) -> None:
    indexing.index_profile(pk)


@task()
def index_organisation_profile(organisation_pk: int) -> None:
    indexing.index_organisation_profile(organisation_pk)


@task()
def index_story(pk: int) -> None:
    indexing.index_story(pk)


@task()
def send_certification_reminders() -> int:
    """The daily job (``manage.py send_certification_reminders`` runs the same service)."""
    from impactplein.directory import services

    return services.certification_reminders_send()


@task()
def send_confirmation_reminders() -> int:
    """The daily "is this still right?" job for published profiles
    (``manage.py send_profile_confirmation_reminders`` runs the same service)."""
    from impactplein.directory import joining

    return joining.confirmation_reminders_send()
