from django.urls import path

from impactplein.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("mijn/", views.organisation_mine, name="mine"),
    path("aanmelden/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.organisation_update, name="update"),
]
