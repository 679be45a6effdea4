from django.urls import path

from impactplein.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
]
