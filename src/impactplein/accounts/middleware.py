"""Staff roles must set up multi-factor login before they reach staff pages."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from impactplein.accounts.access import must_set_up_mfa, tell_to_set_up_mfa

# Pages anyone may see, whatever their multi-factor set-up.
PUBLIC_VIEW_NAMES = frozenset(
    {
        "core:home",
        "core:accessibility",
        "core:privacy",
        "core:colophon",
        "health",
        "set_language",
    }
)
PUBLIC_PATH_PREFIXES = ("/i18n/", "/health/")


def _is_exempt(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith((*PUBLIC_PATH_PREFIXES, settings.STATIC_URL)):
        return True
    try:
        match = resolve(path, getattr(request, "urlconf", None))
    except Resolver404:
        # A path that is no page answers 404 anyway. Redirecting it would let a stray request
        # (a browser's /favicon.ico) reload the set-up page and replace the secret being scanned.
        return True
    if match.view_name in PUBLIC_VIEW_NAMES or "accounts" in match.namespaces:
        return True
    # Every allauth page (log in and out, e-mail, password, re-authentication and the
    # multi-factor set-up itself) belongs to setting up the account.
    view = getattr(match.func, "view_class", match.func)
    return view.__module__.startswith("allauth.")


class StaffMultiFactorMiddleware:
    """Send a staff user without an authenticator app to its activation page.

    Active when ``settings.STAFF_MFA_REQUIRED`` is on (always in production). A staff user is
    one who holds ``accounts.access_staff_area`` or is staff or superuser; the account pages,
    logout, the language switch, the health check, static files and the public information
    pages stay reachable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.STAFF_MFA_REQUIRED
            and not _is_exempt(request)
            and must_set_up_mfa(request.user)
        ):
            return self._redirect_to_set_up(request)
        return self.get_response(request)

    def _redirect_to_set_up(self, request: HttpRequest) -> HttpResponse:
        tell_to_set_up_mfa(request)
        url = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
