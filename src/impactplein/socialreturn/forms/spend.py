"""Forms of the Buy Social spend pages: the upload (label, period, file) and the confirmation."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from impactplein.core.tabular import MAX_FILE_BYTES


class SpendUploadForm(forms.Form):
    label = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Inkoopuitgaven 2025, of Eerste kwartaal 2026."),
    )
    period_start = forms.DateField(
        label=_("Periode vanaf"),
        help_text=_("Bijvoorbeeld 1-1-2025."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=_("Periode tot en met"),
        help_text=_(
            "Op deze dag wordt bekeken of een leverancier een sociale onderneming is of een "
            "PSO-certificaat heeft."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label=_("Bestand met uitgaven"),
        help_text=_(
            "Een CSV-bestand (UTF-8, gescheiden door ; of ,) of een Excel-bestand (.xlsx) met de "
            "kolommen kvk_nummer, naam (mag leeg) en bedrag (euro's excl. btw); één rij per "
            "leverancier, hoogstens 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("Het bestand is te groot: een importbestand mag hoogstens %(mb)s MB zijn."),
                code="too_big",
                params={"mb": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                ValidationError(
                    _("De periode eindigt voor ze begint: kies een einddatum na %(start)s."),
                    code="end_before_start",
                    params={"start": start.strftime("%d-%m-%Y")},
                ),
            )
        return cleaned


class SpendConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
