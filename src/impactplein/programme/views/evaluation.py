"""The yearly evaluation: results per objective against targets, narratives, decisions, closing."""

from django.http import Http404, HttpRequest, HttpResponse


def evaluation(request: HttpRequest, year: int) -> HttpResponse:
    raise Http404


def summary_edit(request: HttpRequest, year: int) -> HttpResponse:
    raise Http404


def objective_edit(request: HttpRequest, year: int, objective_pk: int) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, year: int) -> HttpResponse:
    raise Http404
