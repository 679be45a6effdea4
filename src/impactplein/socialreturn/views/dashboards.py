"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def portfolio(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def portfolio_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_progress(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_statement(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

