"""Administration of the programme's set-up: the partnership with its partners, objectives and
executing team, and each year's budget lines and funding sources (money received included).

Activities, timelines and expenditure are kept on the programme's own pages, where optimistic
locking, the partners' rules and the evidence checks apply; here they are read only. A save here
raises the record's version, so a page opened before it notices the change.
"""

from typing import Any

from django.contrib import admin
from django.db.models import F
from django.http import HttpRequest

from simple_history.admin import SimpleHistoryAdmin

from impactplein.programme.models import (
    ActionProgramme,
    Activity,
    Budget,
    BudgetLine,
    Expenditure,
    FundingSource,
    Objective,
    Partner,
    Partnership,
    TeamMember,
)


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ("organisation",)


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0
    filter_horizontal = ("owners",)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class VersionedAdmin(SimpleHistoryAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)


@admin.register(Partnership)
class PartnershipAdmin(VersionedAdmin):
    list_display = ("name", "start_year", "duration_years", "reevaluation_after_years")
    inlines = (PartnerInline, ObjectiveInline, TeamMemberInline)


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0


@admin.register(Budget)
class BudgetAdmin(VersionedAdmin):
    list_display = ("year", "partnership")
    list_filter = ("partnership",)
    inlines = (BudgetLineInline, FundingSourceInline)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ActionProgramme)
class ActionProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("year", "status", "adopted_on", "partnership")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("title", "programme", "objective", "partner", "status", "progress", "weight")
    list_filter = ("programme", "status", "partner")
    search_fields = ("title",)


@admin.register(Expenditure)
class ExpenditureAdmin(ReadOnlyAdmin):
    list_display = ("date", "description", "category", "amount", "budget")
    list_filter = ("budget", "category")
    exclude = ("evidence",)


# --- meetings
# Meetings, decisions and actions are kept on the overlegtafel's pages (versions, the rules of
# decisions that change activities, the partners' right to close their actions); read only here.
from impactplein.programme.models import ActionItem, Decision, Meeting  # noqa: E402


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "starts_at", "status", "partnership")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "meeting", "created_activity", "changed_activity")


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "meeting", "owner_partner", "due_date", "status", "done_on")
    list_filter = ("status", "owner_partner")


# --- yearly evaluation
# Written and closed on the evaluation's pages (versions, the closing that keeps the figures and
# drafts next year's programme); read only here, with the change history.
from impactplein.programme.models import ObjectiveEvaluation, YearEvaluation  # noqa: E402


@admin.register(YearEvaluation)
class YearEvaluationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "closed_on", "next_programme")
    list_filter = ("status",)


@admin.register(ObjectiveEvaluation)
class ObjectiveEvaluationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "decision", "progress", "updated_at")
    list_filter = ("decision",)
