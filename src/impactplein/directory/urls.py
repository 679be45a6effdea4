"""The directory's pages. Public pages live under /ondernemers/ and /verhalen/; the pages where
members keep their profile and staff review and import live under /etalage/.

Each area has its own views module in ``views/`` and its own block below.
"""

from django.urls import path

from impactplein.directory.views import certifications as certification_views
from impactplein.directory.views import imports as import_views
from impactplein.directory.views import join as join_views
from impactplein.directory.views import profiles, scan, showcase
from impactplein.directory.views import review as review_views
from impactplein.directory.views import stories as story_views
from impactplein.directory.views import workspace as workspace_views

app_name = "directory"

urlpatterns: list = []

# --- Mijn etalage: a member's organisations and the staff's queues (views/workspace.py) ----------
urlpatterns += [
    path("etalage/", workspace_views.workspace, name="workspace"),
]

# --- showcase: search, map, export, feed (views/showcase.py) ------------------------------------
# /ondernemers/                 showcase      /ondernemers/kaart/            map
# /ondernemers/kaart.geojson    map_data      /ondernemers/export.csv        export_csv
# /ondernemers/export.xlsx      export_xlsx   /ondernemers/nieuw.atom        feed
urlpatterns += [
    path("ondernemers/", showcase.showcase, name="showcase"),
    path("ondernemers/kaart/", showcase.map_view, name="map"),
    path("ondernemers/kaart.geojson", showcase.map_data, name="map_data"),
    path("ondernemers/export.csv", showcase.export_csv, name="export_csv"),
    path("ondernemers/export.xlsx", showcase.export_xlsx, name="export_xlsx"),
    path("ondernemers/nieuw.atom", showcase.feed, name="feed"),
]

# --- public profile and contact relay (views/profiles.py) ---------------------------------------
# /ondernemers/<int:pk>-<slug:slug>/    profile      /ondernemers/<int:pk>/contact/   contact
urlpatterns += [
    path("ondernemers/<int:pk>-<slug:slug>/", profiles.profile_detail, name="profile"),
    path("ondernemers/<int:pk>/", profiles.profile_redirect, name="profile_short"),
    path("ondernemers/<int:pk>/contact/", profiles.contact, name="contact"),
]

# --- impact scan (views/scan.py) -----------------------------------------------------------------
# /etalage/<int:organisation_pk>/impactscan/   scan
urlpatterns += [
    path("etalage/<int:organisation_pk>/impactscan/", scan.scan_page, name="scan"),
]

# --- join flow, profile editing, review (views/join.py, views/review.py) -------------------------
# /etalage/aanmelden/   join        /etalage/<int:organisation_pk>/profiel/   profile_edit
# /etalage/beoordelen/  review_queue   /etalage/beoordelen/<int:pk>/   review
# /etalage/aanmelden/organisatie/<pk>/  join_claim   /etalage/aanmelden/nieuw/   join_create
# /etalage/<int:organisation_pk>/bevestigen/   profile_confirm
# /etalage/beoordelen/aanvraag/<int:pk>/   review_claim
urlpatterns += [
    path("etalage/aanmelden/", join_views.join, name="join"),
    path("etalage/aanmelden/nieuw/", join_views.join_create, name="join_create"),
    path(
        "etalage/aanmelden/organisatie/<int:organisation_pk>/",
        join_views.join_claim,
        name="join_claim",
    ),
    path("etalage/<int:organisation_pk>/profiel/", join_views.profile_edit, name="profile_edit"),
    path(
        "etalage/<int:organisation_pk>/bevestigen/",
        join_views.profile_confirm,
        name="profile_confirm",
    ),
    path("etalage/beoordelen/", review_views.review_queue, name="review_queue"),
    path("etalage/beoordelen/<int:pk>/", review_views.review, name="review"),
    path("etalage/beoordelen/aanvraag/<int:pk>/", review_views.review_claim, name="review_claim"),
]

# --- certifications and stories (views/certifications.py, views/stories.py) ---------------------
# /etalage/<int:organisation_pk>/certificeringen/   certifications
# /verhalen/   stories     /verhalen/<int:pk>-<slug:slug>/   story
urlpatterns += [
    path(
        "etalage/<int:organisation_pk>/certificeringen/",
        certification_views.certifications,
        name="certifications",
    ),
    path(
        "etalage/<int:organisation_pk>/certificeringen/nieuw/",
        certification_views.certification_add,
        name="certification_add",
    ),
    path(
        "etalage/<int:organisation_pk>/certificeringen/<int:pk>/wijzigen/",
        certification_views.certification_edit,
        name="certification_edit",
    ),
    path(
        "etalage/<int:organisation_pk>/certificeringen/<int:pk>/verwijderen/",
        certification_views.certification_remove,
        name="certification_remove",
    ),
    path(
        "etalage/<int:organisation_pk>/certificeringen/<int:pk>/bewijs/",
        certification_views.certification_evidence,
        name="certification_evidence",
    ),
    path(
        "etalage/certificeringen/controleren/",
        certification_views.certification_queue,
        name="certification_queue",
    ),
    path(
        "etalage/certificeringen/<int:pk>/controleren/",
        certification_views.certification_review,
        name="certification_review",
    ),
    path(
        "etalage/certificeringen/<int:pk>/goedkeuren/",
        certification_views.certification_verify,
        name="certification_verify",
    ),
    path(
        "etalage/certificeringen/<int:pk>/terugsturen/",
        certification_views.certification_return,
        name="certification_return",
    ),
    path("verhalen/", story_views.stories, name="stories"),
    path("verhalen/<int:pk>-<slug:slug>/", story_views.story, name="story"),
    path("verhalen/fotos/<int:pk>/", story_views.story_photo, name="story_photo"),
    path("etalage/verhalen/", story_views.story_mine, name="story_mine"),
    path("etalage/verhalen/nieuw/", story_views.story_create, name="story_create"),
    path("etalage/verhalen/beoordelen/", story_views.story_review_queue, name="story_review_queue"),
    path("etalage/verhalen/<int:pk>/", story_views.story_edit, name="story_edit"),
    path("etalage/verhalen/<int:pk>/indienen/", story_views.story_submit, name="story_submit"),
    path("etalage/verhalen/<int:pk>/beoordelen/", story_views.story_review, name="story_review"),
    path(
        "etalage/verhalen/<int:pk>/fotos/nieuw/",
        story_views.story_photo_add,
        name="story_photo_add",
    ),
    path(
        "etalage/verhalen/fotos/<int:pk>/toestemming/",
        story_views.story_photo_consent,
        name="story_photo_consent",
    ),
    path(
        "etalage/verhalen/fotos/<int:pk>/toestemming/bewijs/",
        story_views.story_consent_evidence,
        name="story_consent_evidence",
    ),
    path(
        "etalage/verhalen/fotos/<int:pk>/verwijderen/",
        story_views.story_photo_remove,
        name="story_photo_remove",
    ),
]

# --- staff import (views/imports.py) --------------------------------------------------------------
# /etalage/import/           import         upload a file
# /etalage/import/<batch>/   import_batch   its state, preview, confirmation and outcome
urlpatterns += [
    path("etalage/import/", import_views.import_view, name="import"),
    path("etalage/import/<int:pk>/", import_views.batch_view, name="import_batch"),
]
