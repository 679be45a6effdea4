from django.urls import path

from impactplein.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("mijn/", views.organisation_list, name="mine"),
]
