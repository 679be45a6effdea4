"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def candidate_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def candidate_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def candidate_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

