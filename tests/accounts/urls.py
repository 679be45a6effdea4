"""The project's URLs plus two pages that stand in for the staff pages of later apps."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from impactplein.accounts.access import staff_permission_required
from impactplein.urls import urlpatterns as project_urlpatterns


@staff_permission_required("accounts.access_staff_area")
def staff_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("staff page")


def member_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("member page")


urlpatterns = [
    path("proef/beheer/", staff_page, name="test_staff_page"),
    path("proef/leden/", member_page, name="test_member_page"),
    *project_urlpatterns,
]
