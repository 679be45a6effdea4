"""The project's URLs plus two pages that only tests need: a refusal (403 through the project's
handler) and a form with every kind of field, to see the form components in a browser."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from impactplein.urls import handler400, handler403, handler404, handler500  # noqa: F401
from impactplein.urls import urlpatterns as project_urlpatterns

FORM_PAGE = """{% extends "base.html" %}
{% block title %}Formulier{% endblock %}
{% block content %}
<h1 class="utrecht-heading-1">Formulier</h1>
{% include "components/form.html" with form=form submit_label="Opslaan" %}
{% endblock %}"""


class EveryFieldForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals op uw visitekaartje.")
    email = forms.EmailField(label="E-mailadres")
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    employees = forms.IntegerField(label="Aantal medewerkers", min_value=0)
    story = forms.CharField(label="Uw verhaal", widget=forms.Textarea)
    municipality = forms.ChoiceField(
        label="Gemeente", choices=[("", "Kies een gemeente"), ("dordrecht", "Dordrecht")]
    )
    kind = forms.ChoiceField(
        label="Soort organisatie",
        choices=[("company", "Bedrijf"), ("social", "Maatschappelijke organisatie")],
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Thema's",
        choices=[("work", "Werk"), ("climate", "Klimaat")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    logo = forms.FileField(label="Logo", required=False)
    agree = forms.BooleanField(label="Ik ga akkoord met de voorwaarden")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if self.errors:
            raise forms.ValidationError("Het formulier is nog niet compleet.")
        return cleaned


def form_page(request: HttpRequest) -> HttpResponse:
    form = EveryFieldForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        form.is_valid()
    template = engines["django"].from_string(FORM_PAGE)
    return HttpResponse(template.render({"form": form}, request))


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("test/formulier/", form_page, name="test-form"),
    path("test/verboden/", forbidden, name="test-forbidden"),
    *project_urlpatterns,
]
