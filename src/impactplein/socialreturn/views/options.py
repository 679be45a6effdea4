"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def fulfilment_options(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

