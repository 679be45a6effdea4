"""Placeholder until this area's pages land: every address answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def contract_entries(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_entries_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def entry_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def entry_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def entry_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def entry_submit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def entry_decide(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def evidence_upload(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def evidence_download(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def approval_queue(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def contract_reports(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def report_submit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

