"""The employer-services desk's form to issue a candidate code."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CandidateForm(forms.Form):
    full_name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        required=False,
        help_text=_(
            "Alleen als het Werkgeversservicepunt de naam nodig heeft. Opdrachtnemers en inkopers "
            "zien alleen de code. Vul nooit een burgerservicenummer in."
        ),
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Zo min mogelijk: geen gegevens over gezondheid of een uitkering."),
    )
    retain_until = forms.DateField(
        label=_("Bewaren tot"),
        required=False,
        widget=DateInput(),
        help_text=_("Na deze datum worden de naam en de notitie gewist; de code blijft bestaan."),
    )

    def add_service_errors(self, error: Any) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def service_fields(self) -> dict[str, Any]:
        retain: date | None = self.cleaned_data.get("retain_until")
        return {
            "full_name": self.cleaned_data.get("full_name") or "",
            "note": self.cleaned_data.get("note") or "",
            "retain_until": retain,
        }
