"""Mijn etalage: where members reach everything of their organisations' showcase entries, and
staff see what waits in the queues they may work in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from impactplein.directory import selectors


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/workspace.html",
        {
            "entries": selectors.workspace_organisations(user=request.user),
            "queues": selectors.staff_queues(user=request.user),
        },
    )
