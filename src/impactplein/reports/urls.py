"""The reports' pages, under /rapportages/ (and the public monitor at /monitor/)."""

app_name = "reports"

urlpatterns: list = []
