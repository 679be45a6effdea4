"""Who may do what in the programme (auto-discovered by ``rules``).

- Members of the overlegtafel read everything here (their role grants the ``view_*``
  permissions); the programme coordinator edits everything (``programme.*``).
- A member (owner or editor) of a partner organisation reads the programme and updates the
  activities of their own partner: status, progress and timeline entries. Not another partner's
  activities, and not an activity's title, objective or weight.
- The budget is read by holders of ``programme.view_budget`` and kept by the coordinator.

Code asks for these permissions, never for a role. Objects of a check: a partnership, a
programme, an activity, or a budget.
"""

import rules

from impactplein.core.permissions import has_model_perm
from impactplein.organisations.models import Membership
from impactplein.programme.models import ActionProgramme, Activity, Partnership


def _partnership_id(obj: object) -> int | None:
    if isinstance(obj, Partnership):
        return obj.pk
    if isinstance(obj, ActionProgramme):
        return obj.partnership_id
    if isinstance(obj, Activity):
        return obj.programme.partnership_id
    return None


def _active(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


@rules.predicate
def is_partner_member(user: object, obj: object) -> bool:
    """A member of one of the partnership's partner organisations."""
    partnership_id = _partnership_id(obj)
    if partnership_id is None or not _active(user):
        return False
    return Membership.objects.filter(
        user=user, organisation__programme_partnerships__partnership_id=partnership_id
    ).exists()


@rules.predicate
def is_member_of_activity_partner(user: object, activity: object) -> bool:
    """A member of the organisation of the partner that owns the activity."""
    if not isinstance(activity, Activity) or not _active(user):
        return False
    from impactplein.organisations.selectors import membership_role

    return membership_role(user=user, organisation=activity.partner.organisation) is not None


_READ = has_model_perm("programme.view_actionprogramme") | has_model_perm(
    "programme.change_actionprogramme"
)
_COORDINATE = has_model_perm("programme.change_activity")

rules.add_perm("programme.view_actionprogramme", is_partner_member | _READ)
rules.add_perm("programme.view_activity", is_partner_member | _READ)
rules.add_perm("programme.change_activity", _COORDINATE)
rules.add_perm("programme.add_activity", has_model_perm("programme.add_activity"))
rules.add_perm(
    "programme.update_activity_progress",
    is_member_of_activity_partner
    | _COORDINATE
    | has_model_perm("programme.update_activity_progress"),
)
rules.add_perm(
    "programme.add_timelineentry",
    is_member_of_activity_partner | _COORDINATE | has_model_perm("programme.add_timelineentry"),
)
rules.add_perm("programme.add_actionprogramme", has_model_perm("programme.add_actionprogramme"))
rules.add_perm("programme.adopt_actionprogramme", has_model_perm("programme.adopt_actionprogramme"))
rules.add_perm("programme.import_activities", has_model_perm("programme.import_activities"))

rules.add_perm("programme.view_budget", has_model_perm("programme.view_budget"))
rules.add_perm("programme.change_budget", has_model_perm("programme.change_budget"))
rules.add_perm("programme.add_expenditure", has_model_perm("programme.add_expenditure"))
rules.add_perm(
    "programme.view_expenditure",
    has_model_perm("programme.view_expenditure") | has_model_perm("programme.add_expenditure"),
)


@rules.predicate
def is_member_of_a_partner(user: object) -> bool:
    """A member of any partner organisation of a partnership (shows "Programma" in the header)."""
    if not _active(user):
        return False
    return Membership.objects.filter(
        user=user, organisation__programme_partnerships__isnull=False
    ).exists()


# The programme's pages in the header: the table's members, the coordinator, partners' members.
rules.add_perm("programme.open_programme", is_member_of_a_partner | _READ)


# --- meetings
# The table's meetings: its members and partners' members read them, the coordinator keeps them.
# An action is closed by the coordinator or by a member of the partner that owns it. Objects of a
# check: a partnership or a meeting (reading), an action item (closing).


def _meeting_partnership(obj: object) -> object:
    from impactplein.programme.models import ActionItem, Meeting

    if isinstance(obj, Meeting):
        return obj.partnership
    if isinstance(obj, ActionItem):
        return obj.meeting.partnership
    return obj


@rules.predicate
def is_meeting_partner_member(user: object, obj: object) -> bool:
    return bool(is_partner_member(user, _meeting_partnership(obj)))


@rules.predicate
def is_member_of_action_owner(user: object, action: object) -> bool:
    """A member of the organisation of the partner that owns the action."""
    from impactplein.programme.models import ActionItem

    if not isinstance(action, ActionItem) or not _active(user):
        return False
    from impactplein.organisations.selectors import membership_role

    return membership_role(user=user, organisation=action.owner_partner.organisation) is not None


_KEEP_MEETINGS = has_model_perm("programme.change_meeting")
rules.add_perm(
    "programme.view_meeting",
    is_meeting_partner_member | _READ | has_model_perm("programme.view_meeting") | _KEEP_MEETINGS,
)
rules.add_perm("programme.add_meeting", has_model_perm("programme.add_meeting"))
rules.add_perm("programme.change_meeting", _KEEP_MEETINGS)
rules.add_perm(
    "programme.close_actionitem",
    is_member_of_action_owner
    | _KEEP_MEETINGS
    | has_model_perm("programme.close_actionitem")
    | has_model_perm("programme.change_actionitem"),
)


# --- kpis
# KPIs: the table's members and partners' members read them (object: the partnership); the
# coordinator defines them, sets targets, enters manual values and writes the narratives.
rules.add_perm("programme.view_kpidefinition", is_partner_member | _READ)
for _perm in (
    "add_kpidefinition",
    "change_kpidefinition",
    "add_kpivalue",
    "change_kpivalue",
    "change_kpitarget",
    "change_kpinarrative",
):
    rules.add_perm(f"programme.{_perm}", has_model_perm(f"programme.{_perm}"))


# --- yearly evaluation
# Read like the programme it evaluates; the coordinator starts, writes and closes it.
rules.add_perm(
    "programme.view_yearevaluation",
    is_partner_member | _READ | has_model_perm("programme.view_yearevaluation"),
)
for _perm in ("add_yearevaluation", "change_yearevaluation", "close_yearevaluation"):
    rules.add_perm(f"programme.{_perm}", has_model_perm(f"programme.{_perm}"))
