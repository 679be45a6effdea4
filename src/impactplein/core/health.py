"""The state of the database and the task queue, for load balancers and monitoring.

``/health/`` answers 200 when the database answers and the task queue moves, 503 otherwise. The
queue counts as stalled when a task that was due has waited longer than ``QUEUE_STALL_AFTER``
without a worker picking it up: the workers are down or cannot keep up.
"""

from datetime import timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone

# A due task that has waited longer than this while no worker picks it up means the queue is stuck.
QUEUE_STALL_AFTER = timedelta(minutes=15)


def health_report() -> tuple[bool, dict[str, Any]]:
    """Return whether the platform is healthy and a JSON-ready report of its parts."""
    report: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"status": "ok", "vendor": connection.vendor}
    except DatabaseError as error:
        report["database"] = {"status": "error", "detail": error.__class__.__name__}
        report["tasks"] = {"status": "unknown"}
        return False, report

    try:
        report["tasks"] = _task_queue_report()
    except DatabaseError as error:
        report["tasks"] = {"status": "error", "detail": error.__class__.__name__}
        return False, report
    return report["tasks"]["status"] == "ok", report


def _task_queue_report() -> dict[str, Any]:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    cutoff = now - QUEUE_STALL_AFTER
    # The database backend stores "run as soon as possible" as the largest date it knows; such a
    # task has been due since it was enqueued, a scheduled one (a retry) since its run_after.
    not_scheduled = get_date_max()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    due = ready.filter(Q(run_after=not_scheduled) | Q(run_after__lte=now))
    overdue = ready.filter(
        Q(run_after=not_scheduled, enqueued_at__lte=cutoff) | Q(run_after__lte=cutoff)
    )
    stalled = overdue.exists()
    return {
        "status": "stalled" if stalled else "ok",
        "waiting": due.count(),
        "scheduled": ready.exclude(run_after=not_scheduled).filter(run_after__gt=now).count(),
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "failed": DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count(),
    }
