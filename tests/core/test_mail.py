"""E-mail leaves the request through a background task.

Requirements:
- a message sent inside a transaction is enqueued only when that transaction commits, and a
  rolled-back transaction sends nothing;
- the task delivers the message intact: subject, body, recipients, headers, HTML alternative and
  attachments (text, binary and pre-built MIME parts);
- a failed delivery is tried again later, with a doubling pause, as try ``attempt + 1``, and the
  task gives up after ``TASK_MAX_ATTEMPTS`` tries; every failed try stays visible as a failed
  task result.
"""

from datetime import timedelta
from email.mime.text import MIMEText
from unittest import mock

from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

import pytest
import time_machine
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from impactplein.core.mail import message_to_payload
from impactplein.core.tasks import send_email

pytestmark = pytest.mark.django_db

QUEUED = "impactplein.core.mail.QueuedEmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every delivery fails."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")


@pytest.fixture
def queued_mail(settings, mailoutbox):
    # pytest-django swaps EMAIL_BACKEND for locmem; put the project's backend back. The task
    # delivers through EMAIL_DELIVERY_BACKEND, which is locmem in tests (tests/conftest.py).
    settings.EMAIL_BACKEND = QUEUED
    return mailoutbox


@pytest.fixture
def database_tasks(settings):
    # The worker's backend, so enqueued tasks become rows a worker picks up (and tests can read).
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    return settings


def run_worker() -> None:
    """Run every task that is due now, as ``manage.py db_worker --batch`` does."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The worker drops stale connections between tasks; inside a test's transaction that would
    # close the connection the test runs in.
    with mock.patch(f"{Worker.__module__}.close_old_connections"):
        worker.run()


def send_notice() -> int:
    return send_mail(
        "Uw profiel is gepubliceerd",
        "Uw bedrijf staat nu op Impactplein.",
        "Impactplein <noreply@impactplein.nl>",
        ["ondernemer@example.nl"],
    )


def test_mail_sent_in_a_transaction_goes_out_only_after_commit(
    queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert send_notice() == 1
        assert queued_mail == []

    assert len(callbacks) == 1
    assert len(queued_mail) == 1
    assert queued_mail[0].subject == "Uw profiel is gepubliceerd"
    assert queued_mail[0].to == ["ondernemer@example.nl"]


def test_mail_is_stored_as_a_task_on_the_email_queue_after_commit(
    queued_mail, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_notice()
        assert not DBTaskResult.objects.exists()

    task_result = DBTaskResult.objects.get()
    assert task_result.status == TaskResultStatus.READY
    assert task_result.queue_name == "email"
    assert task_result.task_path == "impactplein.core.tasks.send_email"
    assert queued_mail == []  # the request does not deliver; the worker does

    run_worker()

    task_result.refresh_from_db()
    assert task_result.status == TaskResultStatus.SUCCESSFUL
    assert [message.subject for message in queued_mail] == ["Uw profiel is gepubliceerd"]


def test_rolled_back_transaction_sends_nothing(queued_mail, django_capture_on_commit_callbacks):
    def sign_up_that_fails() -> None:
        with transaction.atomic():
            send_notice()
            raise RuntimeError("sign-up failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        sign_up_that_fails()

    assert callbacks == []
    assert queued_mail == []


def test_message_without_recipients_is_not_enqueued(
    queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = EmailMultiAlternatives("Niets", "Geen ontvangers", to=[]).send()

    assert sent == 0
    assert callbacks == []


def test_task_delivers_the_message_intact(queued_mail, django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        subject="Uitnodiging beursvloer \N{EN DASH} 12 maart",
        body="Beste deelnemer,\n\nU bent van harte welkom.",
        from_email="Stichting MBO Dordrecht <info@mbo-dordrecht.example>",
        to=["a@example.nl"],
        cc=["b@example.nl"],
        bcc=["c@example.nl"],
        reply_to=["vraagbaak@example.nl"],
        headers={"X-Impactplein-Event": "beursvloer-2027"},
    )
    html = "<p>Beste deelnemer,</p><p>U bent van harte welkom.</p>"
    message.attach_alternative(html, "text/html")
    message.attach("programma.txt", "09:00 inloop\n09:30 matches maken €", "text/plain")
    pdf = b"%PDF-1.4\n\x00\xff\xfe binary \x80 content"
    message.attach("routebeschrijving.pdf", pdf, "application/pdf")
    message.attach(MIMEText("Voorwaarden in een vooraf gebouwd deel", "plain", "utf-8"))

    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    assert len(queued_mail) == 1
    delivered = queued_mail[0]
    assert delivered.subject == "Uitnodiging beursvloer \N{EN DASH} 12 maart"
    assert delivered.body == "Beste deelnemer,\n\nU bent van harte welkom."
    assert delivered.from_email == "Stichting MBO Dordrecht <info@mbo-dordrecht.example>"
    assert delivered.to == ["a@example.nl"]
    assert delivered.cc == ["b@example.nl"]
    assert delivered.bcc == ["c@example.nl"]
    assert delivered.reply_to == ["vraagbaak@example.nl"]
    assert delivered.extra_headers["X-Impactplein-Event"] == "beursvloer-2027"
    assert list(delivered.alternatives) == [(html, "text/html")]
    named = [attachment for attachment in delivered.attachments if isinstance(attachment, tuple)]
    assert named == [
        ("programma.txt", "09:00 inloop\n09:30 matches maken €", "text/plain"),
        ("routebeschrijving.pdf", pdf, "application/pdf"),
    ]
    (prebuilt,) = [a for a in delivered.attachments if not isinstance(a, tuple)]
    assert prebuilt.get_content_type() == "text/plain"
    assert prebuilt.get_payload(decode=True).decode() == "Voorwaarden in een vooraf gebouwd deel"
    # The rebuilt message still renders as one valid MIME message.
    rendered = delivered.message().as_bytes()
    assert b"routebeschrijving.pdf" in rendered
    assert b"multipart/alternative" in rendered


def test_html_only_message_keeps_its_content_type(queued_mail, django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives("HTML", "<p>Alleen HTML</p>", to=["a@example.nl"])
    message.content_subtype = "html"

    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    assert queued_mail[0].message().get_content_type() == "text/html"


def test_failed_delivery_is_retried_later_and_given_up_after_the_last_try(
    queued_mail, database_tasks, django_capture_on_commit_callbacks
):
    settings = database_tasks
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_DELAY = 30

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            send_notice()
        run_worker()

        first = DBTaskResult.objects.get(args_kwargs__kwargs={})
        assert first.status == TaskResultStatus.FAILED
        assert first.exception_class_path == "builtins.ConnectionRefusedError"
        second = DBTaskResult.objects.exclude(pk=first.pk).get()
        assert second.status == TaskResultStatus.READY
        assert second.args_kwargs["kwargs"] == {"attempt": 2}
        assert second.args_kwargs["args"] == first.args_kwargs["args"]
        assert second.run_after == start + timedelta(seconds=30)

        run_worker()  # not due yet: nothing happens
        second.refresh_from_db()
        assert second.status == TaskResultStatus.READY

        clock.shift(timedelta(seconds=30))
        run_worker()
        second.refresh_from_db()
        assert second.status == TaskResultStatus.FAILED
        third = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        assert third.args_kwargs["kwargs"] == {"attempt": 3}
        assert third.run_after == start + timedelta(seconds=30 + 60)  # the pause doubled

        clock.shift(timedelta(seconds=60))
        run_worker()

    third.refresh_from_db()
    assert third.status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.count() == 3  # given up: no fourth try
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert queued_mail == []


def test_retry_succeeds_once_the_mail_server_is_back(
    queued_mail, database_tasks, django_capture_on_commit_callbacks
):
    settings = database_tasks
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"

    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            send_notice()
        run_worker()
        settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        clock.shift(timedelta(seconds=settings.TASK_RETRY_DELAY))
        run_worker()

    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    assert len(queued_mail) == 1


def test_backend_that_cannot_defer_gives_up_at_once(settings, mailoutbox, caplog):
    """The immediate backend runs tasks inside the caller: a retry there would only loop."""
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    payload = message_to_payload(EmailMessage("Onderwerp", "Tekst", to=["b@example.nl"]))

    result = send_email.enqueue(payload)

    assert result.status == TaskResultStatus.FAILED
    assert [error.exception_class_path for error in result.errors] == [
        "builtins.ConnectionRefusedError"
    ]
    assert "giving up" in caplog.text
    assert mailoutbox == []


def test_administrators_see_failed_tries_in_the_admin_and_other_roles_do_not(
    queued_mail, database_tasks, django_capture_on_commit_callbacks, client, django_user_model
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from impactplein.accounts.services import user_grant_role

    settings = database_tasks
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_notice()
    run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    url = "/beheer/django_tasks_database/dbtaskresult/"

    def staff(email: str, role: str):
        user = django_user_model.objects.create_user(email, "een-lang-wachtwoord")
        user_grant_role(user=user, role_slug=role)
        TOTP.activate(user, generate_totp_secret())
        return user

    client.force_login(staff("beheer@example.org", "administrator"))
    listing = client.get(url)
    assert listing.status_code == 200
    assert str(failed.id) in listing.content.decode()
    detail = client.get(f"{url}{failed.id}/change/")
    assert "ConnectionRefusedError" in detail.content.decode()

    client.force_login(staff("coordinator@example.org", "programme-coordinator"))
    assert client.get(url).status_code == 403
