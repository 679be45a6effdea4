"""Forms of the scheme pages: a draft's definition and metadata, and a new version."""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from impactplein.socialreturn.forms.contracts import DateInput
from impactplein.socialreturn.models import ValuationScheme


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    region = forms.CharField(label=_("Regio"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Geldig vanaf"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Geldig tot en met"), required=False, widget=DateInput())
    source_url = forms.URLField(
        label=_("Bron"), required=False, max_length=500, assume_scheme="https"
    )
    definition = forms.CharField(
        label=_("Definitie (JSON)"),
        widget=forms.Textarea(
            attrs={"rows": 30, "spellcheck": "false", "class": "impactplein-code"}
        ),
        help_text=_(
            "Het model in het bestandsformaat van docs/socialreturn.md: verplichtingsregels, "
            "doelgroepen en bouwblokken."
        ),
    )
    version_lock = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, scheme: ValuationScheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("name", scheme.name)
        self.initial.setdefault("region", scheme.region)
        self.initial.setdefault("valid_from", scheme.valid_from)
        self.initial.setdefault("valid_until", scheme.valid_until)
        self.initial.setdefault("source_url", scheme.source_url)
        self.initial.setdefault(
            "definition", json.dumps(scheme.definition, indent=2, ensure_ascii=False)
        )
        self.initial.setdefault("version_lock", scheme.version_lock)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Deze datum ligt voor 'geldig vanaf'."))
        return cleaned


class SchemeVersionForm(forms.Form):
    version = forms.CharField(
        label=_("Nieuwe versie"),
        max_length=30,
        help_text=_("Bijvoorbeeld 2027 of 2.0; de code van het model blijft gelijk."),
    )


class SchemePublishForm(forms.Form):
    version_lock = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
