"""Background tasks of the core: e-mail delivery with retries.

A task that fails is enqueued again after a pause that doubles each time, up to
``TASK_MAX_ATTEMPTS`` tries; every failed try stays in the task results (admin: *Taken*) with its
traceback, so an administrator sees what failed and whether it was retried.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from django_tasks import task

from impactplein.core.mail import payload_to_message

logger = logging.getLogger(__name__)


def retry_later(task_obj: Any, attempt: int, *args: Any) -> bool:
    """Enqueue ``task_obj`` again for try ``attempt + 1``; False when the tries are used up."""
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        return False
    delay = settings.TASK_RETRY_DELAY * 2 ** (attempt - 1)
    task_obj.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        *args, attempt=attempt + 1
    )
    return True


@task(queue_name="email")
def send_email(payload: dict[str, Any], attempt: int = 1) -> int:
    message = payload_to_message(payload)
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    try:
        return connection.send_messages([message])
    except Exception:
        retried = retry_later(send_email, attempt, payload)
        logger.warning(
            "E-mail %r to %s failed on try %d; %s",
            payload["subject"], payload["to"], attempt, "will retry" if retried else "giving up",
        )
        raise
