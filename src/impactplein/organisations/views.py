from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")
