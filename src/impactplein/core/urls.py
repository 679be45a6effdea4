from django.urls import path

from impactplein.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("colofon/", views.colophon, name="colophon"),
]
