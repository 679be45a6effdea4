"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def spend_overview(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def spend_import(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def spend_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

