"""The demo's overlegtafel: three meetings in the two programme years, with agendas linked to
objectives and activities, attendance, minutes, a decision that created an activity and one that
changed an activity, and actions: some done, some open, one overdue."""

from django.utils import timezone

import pytest

from impactplein.accounts import demo as accounts_demo
from impactplein.core.demo import DemoContext
from impactplein.organisations import demo as organisations_demo
from impactplein.programme import demo
from impactplein.programme.models import ActionItem, ActionStatus, Decision, Meeting, MeetingStatus
from impactplein.programme.selectors import meetings as reads

pytestmark = pytest.mark.django_db


def test_the_demo_holds_three_meetings_with_decisions_and_actions() -> None:
    context = DemoContext(scale=0.1)
    accounts_demo.seed(context)
    organisations_demo.seed(context)
    demo.seed(context)
    partnership = context.get("programme:partnership")
    today = timezone.localdate()

    meetings = list(Meeting.objects.filter(partnership=partnership).order_by("starts_at"))
    assert len(meetings) == 3
    years = {timezone.localtime(m.starts_at).year for m in meetings}
    assert years <= {partnership.start_year, partnership.start_year + 1}
    assert [m.status for m in meetings[:2]] == [MeetingStatus.HELD, MeetingStatus.HELD]
    for held in meetings[:2]:
        assert held.minutes
        assert held.attendance.filter(status="present").count() >= 3
        assert held.agenda.filter(objective__isnull=False).exists()
    assert meetings[0].agenda.filter(activity__isnull=False).exists()

    created = Decision.objects.get(created_activity__isnull=False)
    assert created.created_activity.programme.year == partnership.start_year + 1
    changed = Decision.objects.get(changed_activity__isnull=False)
    assert changed.changed_activity.planned_end.month == 6
    assert changed.change_summary

    actions = ActionItem.objects.filter(meeting__partnership=partnership)
    assert actions.filter(status=ActionStatus.DONE).count() >= 2
    rows = reads.open_actions(partnership=partnership, today=today)
    assert len(rows) >= 2
    assert rows[0].overdue
    assert sum(row.overdue for row in rows) == 1
