"""The directory's pages. Public pages live under /ondernemers/ and /verhalen/; the pages where
members keep their profile and staff review and import live under /etalage/.

Each area has its own views module in ``views/`` and its own block below.
"""

from django.urls import path

from impactplein.directory.views import profiles, scan, showcase

app_name = "directory"

urlpatterns: list = []

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

# --- certifications and stories (views/certifications.py, views/stories.py) ---------------------
# /etalage/<int:organisation_pk>/certificeringen/   certifications
# /verhalen/   stories     /verhalen/<int:pk>-<slug:slug>/   story

# --- staff import (views/imports.py) --------------------------------------------------------------
# /etalage/import/   import
