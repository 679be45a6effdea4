from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class MaintenanceModeMiddleware:
    """With ``MAINTENANCE_MODE`` on, every page but the health check answers 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MAINTENANCE_MODE and not request.path.startswith(("/health/", "/static/")):
            response = TemplateResponse(request, "503.html", status=503)
            response["Retry-After"] = "600"
            return response.render()
        return self.get_response(request)
