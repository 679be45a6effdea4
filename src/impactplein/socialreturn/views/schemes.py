"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def scheme_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def scheme_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def scheme_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def scheme_publish(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def scheme_new_version(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

