"""The social-return monitor's pages, under /social-return/.

Each area has its own views module in ``views/`` and its own block below.
"""

from django.urls import path

from impactplein.socialreturn.views import (
    candidates,
    contracts,
    dashboards,
    fulfilment,
    options,
    schemes,
    spend,
)

app_name = "socialreturn"

urlpatterns: list = []

# --- portfolio dashboard and contract progress (views/dashboards.py) ----------------------------
urlpatterns += [
    path("", dashboards.portfolio, name="portfolio"),
    path("portefeuille.xlsx", dashboards.portfolio_export, name="portfolio_export"),
    path("contracten/<int:pk>/voortgang/", dashboards.contract_progress, name="contract_progress"),
    path(
        "contracten/<int:pk>/verantwoording.pdf",
        dashboards.contract_statement,
        name="contract_statement",
    ),
]

# --- contracts: list, detail, edit, status, history, import (views/contracts.py) -----------------
urlpatterns += [
    path("contracten/", contracts.contract_list, name="contracts"),
    path("contracten/export.xlsx", contracts.contract_export, name="contracts_export"),
    path("contracten/nieuw/", contracts.contract_create, name="contract_create"),
    path("contracten/import/", contracts.contract_import, name="contract_import"),
    path("contracten/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracten/<int:pk>/wijzigen/", contracts.contract_edit, name="contract_edit"),
    path("contracten/<int:pk>/status/", contracts.contract_status, name="contract_status"),
    path("contracten/<int:pk>/geschiedenis/", contracts.contract_history, name="contract_history"),
]

# --- valuation schemes (views/schemes.py) --------------------------------------------------------
urlpatterns += [
    path("modellen/", schemes.scheme_list, name="schemes"),
    path("modellen/<int:pk>/", schemes.scheme_detail, name="scheme"),
    path("modellen/<int:pk>/wijzigen/", schemes.scheme_edit, name="scheme_edit"),
    path("modellen/<int:pk>/publiceren/", schemes.scheme_publish, name="scheme_publish"),
    path("modellen/<int:pk>/nieuwe-versie/", schemes.scheme_new_version, name="scheme_new_version"),
]

# --- fulfilment: entries, evidence, approval, period reports (views/fulfilment/) ----------------
urlpatterns += [
    path("contracten/<int:pk>/invulling/", fulfilment.contract_entries, name="contract_entries"),
    path(
        "contracten/<int:pk>/invulling/export.xlsx",
        fulfilment.contract_entries_export,
        name="contract_entries_export",
    ),
    path(
        "contracten/<int:pk>/invulling/nieuw/<slug:kind>/",
        fulfilment.entry_create,
        name="entry_create",
    ),
    path("invulling/<int:pk>/", fulfilment.entry_detail, name="entry"),
    path("invulling/<int:pk>/wijzigen/", fulfilment.entry_edit, name="entry_edit"),
    path("invulling/<int:pk>/verwijderen/", fulfilment.entry_delete, name="entry_delete"),
    path("invulling/<int:pk>/indienen/", fulfilment.entry_submit, name="entry_submit"),
    path("invulling/<int:pk>/beoordelen/", fulfilment.entry_decide, name="entry_decide"),
    path("invulling/<int:pk>/bewijs/", fulfilment.evidence_upload, name="evidence_upload"),
    path("bewijs/<int:pk>/", fulfilment.evidence_download, name="evidence"),
    path("beoordelen/", fulfilment.approval_queue, name="approval_queue"),
    path("contracten/<int:pk>/rapportages/", fulfilment.contract_reports, name="contract_reports"),
    path("rapportages/<int:pk>/indienen/", fulfilment.report_submit, name="report_submit"),
]

# --- pseudonymous candidates, for the employer-services desk (views/candidates.py) --------------
urlpatterns += [
    path("kandidaten/", candidates.candidate_list, name="candidates"),
    path("kandidaten/nieuw/", candidates.candidate_create, name="candidate_create"),
    path("kandidaten/<int:pk>/", candidates.candidate_detail, name="candidate"),
]

# --- Buy Social spend (views/spend.py) and fulfilment options (views/options.py) ----------------
urlpatterns += [
    path("inkoop/", spend.spend_overview, name="spend"),
    path("inkoop/import/", spend.spend_import, name="spend_import"),
    path("inkoop/export.xlsx", spend.spend_export, name="spend_export"),
    path("contracten/<int:pk>/mogelijkheden/", options.fulfilment_options, name="options"),
]
