"""The programme's records, one module per concept; import them from here."""

from impactplein.programme.models.budget import (
    Budget,
    BudgetLine,
    Expenditure,
    FundingSource,
)
from impactplein.programme.models.evaluation import (
    EvaluatedKpi,
    EvaluationDecision,
    EvaluationStatus,
    ObjectiveEvaluation,
    YearEvaluation,
)
from impactplein.programme.models.kpis import (
    KpiDefinition,
    KpiDirection,
    KpiNarrative,
    KpiTarget,
    KpiUnit,
    KpiValue,
)
from impactplein.programme.models.meetings import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingFeedToken,
    MeetingStatus,
)
from impactplein.programme.models.partnership import Objective, Partner, Partnership, TeamMember
from impactplein.programme.models.programmes import ActionProgramme, Activity, TimelineEntry

__all__ = [
    "ActionItem",
    "ActionProgramme",
    "ActionStatus",
    "Activity",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Budget",
    "BudgetLine",
    "Decision",
    "EvaluatedKpi",
    "EvaluationDecision",
    "EvaluationStatus",
    "Expenditure",
    "FundingSource",
    "KpiDefinition",
    "KpiDirection",
    "KpiNarrative",
    "KpiTarget",
    "KpiUnit",
    "KpiValue",
    "Meeting",
    "MeetingFeedToken",
    "MeetingStatus",
    "Objective",
    "ObjectiveEvaluation",
    "Partner",
    "Partnership",
    "TeamMember",
    "TimelineEntry",
    "YearEvaluation",
]
