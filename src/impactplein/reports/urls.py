"""The reports' pages, under /rapportages/ (and the public monitor at /monitor/)."""

from django.urls import path

from impactplein.reports import views

app_name = "reports"

urlpatterns = [
    path("rapportages/", views.index, name="index"),
    path("rapportages/voortgang/", views.progress, name="progress"),
    path("rapportages/voortgang.pdf", views.progress, {"fmt": "pdf"}, name="progress_pdf"),
    path("rapportages/voortgang.xlsx", views.progress, {"fmt": "xlsx"}, name="progress_xlsx"),
    path("rapportages/jaarevaluatie-<int:year>.pdf", views.evaluation_pdf, name="evaluation_pdf"),
    path("monitor/", views.monitor, name="monitor"),
]
