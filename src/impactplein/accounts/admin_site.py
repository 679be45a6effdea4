"""The admin at /beheer/, open to everyone in the staff area.

Django's admin admits only users with ``is_staff``; Impactplein reasons in permissions, so the
admin admits whoever holds a staff role (``accounts.access_staff_area``), and each sees the
models their permissions allow. Its own login form is never used: logging in goes through the
account login, with e-mail verification, rate limits and the second factor.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from impactplein.accounts.access import is_staff_user


class StaffAdminSite(admin.AdminSite):
    site_header = _("Impactplein beheer")
    site_title = _("Impactplein beheer")
    index_title = _("Beheer")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_staff_user(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = index
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not self.has_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(next_url)
