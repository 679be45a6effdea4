"""The programme's pages, under /programma/."""

from django.urls import path

from impactplein.programme.views import activities, budget, meetings, pages, transfer

app_name = "programme"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("<int:year>/", pages.year, name="year"),
    path("<int:year>/volgend-jaar/", pages.next_year, name="next_year"),
    path("<int:year>/vaststellen/", pages.adopt, name="adopt"),
    path("<int:year>/activiteit/nieuw/", activities.create, name="activity_create"),
    path("<int:year>/export.<str:extension>", transfer.export, name="export"),
    path("<int:year>/import/", transfer.import_activities, name="import"),
    path("activiteit/<int:pk>/", activities.detail, name="activity"),
    path("activiteit/<int:pk>/bewerken/", activities.edit, name="activity_edit"),
    path("activiteit/<int:pk>/voortgang/", activities.progress, name="activity_progress"),
    path("activiteit/<int:pk>/tijdlijn/", activities.timeline_add, name="activity_timeline"),
    path("begroting/", budget.multi_year, name="budget"),
    path("begroting/<int:year>/", budget.budget_year, name="budget_year"),
    path("begroting/<int:year>/uitgave/", budget.expenditure_add, name="expenditure_add"),
    path("begroting/<int:year>/bron/<int:pk>/", budget.funding_edit, name="funding_edit"),
    path("uitgave/<int:pk>/bewijsstuk/", budget.evidence, name="evidence"),
    # --- meetings
    path("overleg/", meetings.meeting_list, name="meetings"),
    path("overleg/nieuw/", meetings.meeting_create, name="meeting_create"),
    path("overleg/acties/", meetings.open_actions, name="meeting_actions"),
    path("overleg/agenda.ics", meetings.calendar_feed, name="meetings_ics"),
    path("overleg/agenda-adres/", meetings.feed_token_renew, name="meetings_feed_renew"),
    path(
        "overleg/agenda-adres/intrekken/", meetings.feed_token_revoke, name="meetings_feed_revoke"
    ),
    path("overleg/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("overleg/<int:pk>/bewerken/", meetings.meeting_edit, name="meeting_edit"),
    path("overleg/<int:pk>/aanwezigheid/", meetings.attendance, name="meeting_attendance"),
    path("overleg/<int:pk>/verslag/", meetings.minutes, name="meeting_minutes"),
    path("overleg/<int:pk>/besluit/", meetings.decision_add, name="meeting_decision"),
    path("overleg/<int:pk>/actie/", meetings.action_add, name="meeting_action"),
    path("overleg/actie/<int:pk>/afronden/", meetings.action_close, name="action_close"),
]

# --- kpis
from impactplein.programme.views import kpi_values as kpi_value_views  # noqa: E402
from impactplein.programme.views import kpis as kpi_views  # noqa: E402

urlpatterns += [
    path("kpis/", kpi_views.kpi_list, name="kpis"),
    path("kpis/nieuw/", kpi_views.kpi_create, name="kpi_create"),
    path("kpis/<int:year>/export.<str:extension>", kpi_views.kpi_export, name="kpi_export"),
    path("kpi/<int:pk>/", kpi_views.kpi_detail, name="kpi"),
    path("kpi/<int:pk>/bewerken/", kpi_views.kpi_edit, name="kpi_edit"),
    path("kpi/<int:pk>/waarde/", kpi_views.kpi_value_add, name="kpi_value_add"),
    path(
        "kpi/<int:pk>/waarde/<int:value_pk>/bewerken/",
        kpi_value_views.kpi_value_edit,
        name="kpi_value_edit",
    ),
    path("kpi/<int:pk>/streefwaarde/", kpi_views.kpi_target_set, name="kpi_target"),
    path("kpi/<int:pk>/verhaal/<int:year>/", kpi_views.kpi_narrative, name="kpi_narrative"),
    path(
        "kpi/<int:pk>/verhaal/<int:year>/<int:quarter>/",
        kpi_views.kpi_narrative,
        name="kpi_narrative_quarter",
    ),
]

# --- yearly evaluation
from impactplein.programme.views import evaluation as evaluation_views  # noqa: E402

urlpatterns += [
    path("<int:year>/evaluatie/", evaluation_views.evaluation, name="evaluation"),
    path(
        "<int:year>/evaluatie/samenvatting/",
        evaluation_views.summary_edit,
        name="evaluation_summary",
    ),
    path(
        "<int:year>/evaluatie/doel/<int:objective_pk>/",
        evaluation_views.objective_edit,
        name="evaluation_objective",
    ),
    path("<int:year>/evaluatie/afsluiten/", evaluation_views.close, name="evaluation_close"),
]
