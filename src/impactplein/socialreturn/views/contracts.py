"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def contract_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_import(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_status(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_history(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

