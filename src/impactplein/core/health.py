"""The state of the database and the task queue, for load balancers and monitoring."""

from datetime import timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone

# A task that has waited longer than this while no worker picks it up means the queue is stuck.
QUEUE_STALL_AFTER = timedelta(minutes=15)


def health_report() -> tuple[bool, dict[str, Any]]:
    report: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"status": "ok", "vendor": connection.vendor}
    except DatabaseError as error:
        report["database"] = {"status": "error", "detail": error.__class__.__name__}
        report["tasks"] = {"status": "unknown"}
        return False, report

    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        due = ready.filter(run_after__lte=timezone.now() - QUEUE_STALL_AFTER) | ready.filter(
            run_after__isnull=True, enqueued_at__lte=timezone.now() - QUEUE_STALL_AFTER
        )
        stalled = due.exists()
        report["tasks"] = {
            "status": "stalled" if stalled else "ok",
            "waiting": ready.count(),
            "failed": DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count(),
        }
    except DatabaseError as error:
        report["tasks"] = {"status": "error", "detail": error.__class__.__name__}
        return False, report
    return not stalled, report
