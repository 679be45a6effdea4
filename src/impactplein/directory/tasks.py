"""Background tasks of the directory: keeping the showcase's search index in step, and the staff
import's check and apply of an uploaded file (``imports.py``).

Indexing runs in the worker, so a save never waits for, or fails because of, the index.
"""

from django_tasks import task

from impactplein.directory import indexing


@task()
def index_profiles(pks: list[int]) -> None:
    indexing.index_profiles(pks)


@task()
def index_organisation_profiles(organisation_pks: list[int]) -> None:
    indexing.index_organisation_profiles(organisation_pks)


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


@task()
def check_import(batch_pk: int) -> None:
    """Check an uploaded import file row by row and store the plan on its batch."""
    from impactplein.directory import imports

    imports.import_check(batch_pk)


@task()
def apply_import(batch_pk: int) -> None:
    """Apply a confirmed import batch, all of it or nothing, and record the outcome."""
    from impactplein.directory import imports

    imports.import_apply(batch_pk)
