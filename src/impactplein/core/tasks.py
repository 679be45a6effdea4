"""Background tasks of the core: e-mail delivery with retries, and queueing work on many records.

A task that fails is enqueued again after a pause that doubles each time (``TASK_RETRY_DELAY``
seconds, then twice that, and so on), up to ``TASK_MAX_ATTEMPTS`` tries in all. Every failed try
stays in the task results (admin: *Task results*) with its traceback, so an administrator sees what
failed and whether it was tried again.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from django_tasks import task
from django_tasks.base import Task

from impactplein.core.mail import payload_to_message

logger = logging.getLogger(__name__)

# The records (primary keys) one task of the indexing and geocoding kind works through.
TASK_CHUNK = 500


def enqueue_for_records(task_obj: Task[..., Any], pks: list[int]) -> None:
    """Enqueue ``task_obj(pks)`` once the current transaction has committed, ``TASK_CHUNK`` pks
    per task: one record queues one task, an import of thousands queues a handful."""
    for start in range(0, len(pks), TASK_CHUNK):
        chunk = pks[start : start + TASK_CHUNK]
        transaction.on_commit(lambda chunk=chunk: task_obj.enqueue(chunk))


def retry_delay(attempt: int) -> timedelta:
    """The pause after failed try ``attempt`` (1-based): ``TASK_RETRY_DELAY`` doubled each try."""
    return timedelta(seconds=settings.TASK_RETRY_DELAY * 2 ** (attempt - 1))


def retry_later(task_obj: Task[..., Any], attempt: int, *args: Any) -> bool:
    """Enqueue ``task_obj`` again as try ``attempt + 1``; False when the tries are used up.

    Only a backend that can defer work retries: one that runs tasks on the spot (the immediate
    backend) would retry without a pause inside the caller's request.
    """
    if attempt >= settings.TASK_MAX_ATTEMPTS or not task_obj.get_backend().supports_defer:
        return False
    task_obj.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
        *args, attempt=attempt + 1
    )
    return True


@task(queue_name="email")
def send_email(payload: dict[str, Any], attempt: int = 1) -> int:
    """Deliver one message (see :mod:`impactplein.core.mail`); retry later when delivery fails."""
    message = payload_to_message(payload)
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    try:
        return int(connection.send_messages([message]) or 0)
    except Exception:
        retried = retry_later(send_email, attempt, payload)
        # Addresses stay out of the log; the task result in the admin holds the whole message.
        logger.warning(
            "E-mail %r to %d recipient(s) failed on try %d of %d; %s",
            payload["subject"],
            len(payload["to"]) + len(payload["cc"]) + len(payload["bcc"]),
            attempt,
            settings.TASK_MAX_ATTEMPTS,
            "will retry" if retried else "giving up",
        )
        raise
