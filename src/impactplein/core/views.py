from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from impactplein.core.health import health_report

# The dates the accessibility statement and the privacy statement were last reviewed.
STATEMENT_REVIEWED = date(2026, 11, 27)


@require_safe
def information_page(request: HttpRequest, template_name: str) -> HttpResponse:
    """Home, the accessibility and privacy statements and the colophon: fixed pages."""
    return render(
        request,
        template_name,
        {"contact_email": settings.CONTACT_EMAIL, "reviewed": STATEMENT_REVIEWED},
    )


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    report["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(report, status=200 if healthy else 503)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no base template: the failure may lie in them. 500.html
    # stands alone.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request": request}), status=500)
