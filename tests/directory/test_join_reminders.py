"""The yearly "is this still right?" reminder: mailed to the members of profiles published or
confirmed over a year ago, never twice within a year, and a confirmation starts the year again."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

from impactplein.directory import joining
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import ImpactProfile
from impactplein.directory.services import profile_publish
from tests.directory.factories import OrganisationFactory, UserFactory, profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(email="eigenaar@example.org")


@pytest.fixture
def published(owner):
    record = profile(OrganisationFactory(owner=owner, name="Fietsfabriek"))
    return profile_publish(
        actor=None, profile=record, published_at=timezone.now() - timedelta(days=400)
    )


def test_a_profile_published_over_a_year_ago_is_asked_once(published, owner):
    mail.outbox.clear()

    assert joining.confirmation_reminders_send() == 1
    assert joining.confirmation_reminders_send() == 0

    assert [m.to for m in mail.outbox] == [[owner.email]]
    message = mail.outbox[0]
    assert message.subject == "Klopt het profiel van Fietsfabriek nog?"
    assert f"/etalage/{published.organisation_id}/bevestigen/" in message.body
    assert f"/etalage/{published.organisation_id}/profiel/" in message.body


def test_a_recent_confirmation_means_no_reminder(published):
    ImpactProfile.objects.filter(pk=published.pk).update(
        confirmed_at=timezone.now() - timedelta(days=30)
    )
    assert joining.confirmation_reminders_send() == 0


def test_drafts_are_never_reminded(owner):
    record = profile(OrganisationFactory(owner=owner))
    ImpactProfile.objects.filter(pk=record.pk).update(
        published_at=timezone.now() - timedelta(days=800)
    )
    assert ImpactProfile.objects.get().status == ProfileStatus.DRAFT
    assert joining.confirmation_reminders_send() == 0


def test_the_next_reminder_comes_a_year_after_a_confirmation(published, owner):
    joining.confirmation_reminders_send()
    joining.profile_confirm(actor=owner, profile=published)
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + timedelta(days=300)):
        assert joining.confirmation_reminders_send() == 0
    with time_machine.travel(timezone.now() + timedelta(days=370)):
        assert joining.confirmation_reminders_send() == 1
    assert len(mail.outbox) == 1


def test_without_an_answer_the_question_comes_again_only_a_year_later(published):
    joining.confirmation_reminders_send()

    with time_machine.travel(timezone.now() + timedelta(days=200)):
        assert joining.confirmation_reminders_send() == 0
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        assert joining.confirmation_reminders_send() == 1


def test_the_management_command_and_the_task_send_the_reminders(published, capsys):
    call_command("send_profile_confirmation_reminders")
    assert "1 reminder(s) sent." in capsys.readouterr().out

    ImpactProfile.objects.update(reminded_at=None)
    call_command("send_profile_confirmation_reminders", "--enqueue")
    assert ImpactProfile.objects.get().reminded_at is not None  # tests run tasks at once
