"""``/health/`` tells load balancers and monitoring whether the platform can serve.

Requirements:
- it answers JSON with status 200 when the database answers and the task queue moves, with the
  counts of waiting, scheduled, running and failed tasks;
- it answers 503 when the queue is stalled: a task that was due has waited longer than the stall
  limit (whether enqueued to run at once or scheduled, as a retry is);
- a task scheduled for later, or one that is due but still within the limit, is no stall;
- it answers 503 when the database fails;
- it is never cached, and it keeps answering in maintenance mode.
"""

from datetime import timedelta
from unittest import mock

from django.db import OperationalError, connection
from django.utils import timezone

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from impactplein.core.health import QUEUE_STALL_AFTER

pytestmark = pytest.mark.django_db

URL = "/health/"


def make_task_result(
    *,
    status: str = TaskResultStatus.READY,
    waited: timedelta = timedelta(0),
    run_after: timedelta | None = None,
) -> DBTaskResult:
    """A task result as the database backend stores it, enqueued ``waited`` ago.

    ``run_after`` is relative to now; None means "run as soon as possible".
    """
    now = timezone.now()
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="impactplein.core.tasks.send_email",
        queue_name="email",
        backend_name="default",
        run_after=None if run_after is None else now + run_after,
    )
    # enqueued_at is set on creation; move it back to simulate the wait.
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=now - waited)
    return result


def test_healthy_platform_answers_200_with_database_and_queue_state(client):
    make_task_result()  # due now, just enqueued
    make_task_result(run_after=timedelta(minutes=5))  # a retry, scheduled
    make_task_result(status=TaskResultStatus.RUNNING)
    make_task_result(status=TaskResultStatus.FAILED)
    make_task_result(status=TaskResultStatus.FAILED)
    make_task_result(status=TaskResultStatus.SUCCESSFUL)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}
    assert body["tasks"] == {
        "status": "ok",
        "waiting": 1,
        "scheduled": 1,
        "running": 1,
        "failed": 2,
    }


def test_empty_queue_is_healthy(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["tasks"]["waiting"] == 0


def test_task_waiting_longer_than_the_stall_limit_answers_503(client):
    make_task_result(waited=QUEUE_STALL_AFTER + timedelta(minutes=1))

    response = client.get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["status"] == "ok"
    assert body["tasks"]["status"] == "stalled"
    assert body["tasks"]["waiting"] == 1


def test_retry_overdue_longer_than_the_stall_limit_answers_503(client):
    make_task_result(
        waited=timedelta(hours=2), run_after=-(QUEUE_STALL_AFTER + timedelta(minutes=1))
    )

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["tasks"]["status"] == "stalled"


@pytest.mark.parametrize(
    ("waited", "run_after"),
    [
        pytest.param(QUEUE_STALL_AFTER - timedelta(minutes=1), None, id="due-within-limit"),
        pytest.param(timedelta(hours=2), timedelta(minutes=10), id="old-but-scheduled-later"),
        pytest.param(timedelta(hours=2), -timedelta(minutes=1), id="retry-just-became-due"),
    ],
)
def test_tasks_within_the_limit_are_no_stall(client, waited, run_after):
    make_task_result(waited=waited, run_after=run_after)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["tasks"]["status"] == "ok"


@pytest.mark.parametrize("status", [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL])
def test_old_finished_tasks_are_no_stall(client, status):
    make_task_result(status=status, waited=timedelta(days=3))

    assert client.get(URL).status_code == 200


def test_database_failure_answers_503(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == {"status": "error", "detail": "OperationalError"}
    assert body["tasks"] == {"status": "unknown"}
    assert "connection refused" not in response.content.decode()  # no internals leak


def test_task_table_failure_answers_503(client):
    with mock.patch.object(
        DBTaskResult.objects, "filter", side_effect=OperationalError("no such table")
    ):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["tasks"] == {"status": "error", "detail": "OperationalError"}


def test_health_is_never_cached(client):
    response = client.get(URL)

    assert "no-cache" in response["Cache-Control"]


def test_health_answers_in_maintenance_mode(client, settings):
    settings.MAINTENANCE_MODE = True

    assert client.get(URL).status_code == 200
    assert client.get("/").status_code == 503


def test_health_only_answers_reads(client):
    assert client.post(URL).status_code == 405
