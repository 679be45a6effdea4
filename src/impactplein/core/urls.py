from django.urls import path

from impactplein.core import views

app_name = "core"
urlpatterns = [
    path("", views.information_page, {"template_name": "core/home.html"}, name="home"),
    path(
        "toegankelijkheid/",
        views.information_page,
        {"template_name": "core/accessibility.html"},
        name="accessibility",
    ),
    path(
        "privacy/", views.information_page, {"template_name": "core/privacy.html"}, name="privacy"
    ),
    path(
        "colofon/", views.information_page, {"template_name": "core/colophon.html"}, name="colophon"
    ),
]
