"""The programme's forms: they parse and show errors; the services decide."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from impactplein.programme.constants import ActivityStatus, BudgetCategory
from impactplein.programme.models import Activity, Partnership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ServiceErrorsMixin:
    """Put a service's ``ValidationError`` at the fields it names, the rest above the form."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error)  # type: ignore[attr-defined]


class ActivityForm(ServiceErrorsMixin, forms.ModelForm):
    """All of an activity, for the coordinator."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Activity
        fields = (
            "objective",
            "partner",
            "title",
            "description",
            "planned_start",
            "planned_end",
            "status",
            "progress",
            "weight",
        )
        widgets = {"planned_start": DateInput(), "planned_end": DateInput()}
        localized_fields = ("weight",)  # a Dutch user types 1,5

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = partnership.objectives.order_by("order", "code")  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partnership.partners.order_by("order", "short_name")  # type: ignore[attr-defined]
        self.fields["description"].widget.attrs["rows"] = 4
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service validates the whole record (and the version); the form only parses.
        pass


class ProgressForm(ServiceErrorsMixin, forms.Form):
    """What a partner's member keeps up to date: status and progress."""

    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    progress = forms.IntegerField(
        label=_("Voortgang (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Een heel getal van 0 tot en met 100."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TimelineEntryForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdoptForm(ServiceErrorsMixin, forms.Form):
    adopted_on = forms.DateField(
        label=_("Vastgesteld op"),
        widget=DateInput(),
        help_text=_("De datum van het overleg waarin de overlegtafel het programma vaststelde."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een CSV-bestand (.csv) of Excel-bestand (.xlsx) met de kolommen van de export."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class ExpenditureForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    category = forms.ChoiceField(label=_("Categorie"), choices=BudgetCategory.choices)
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("Bijvoorbeeld 1250,50."),
    )
    evidence = forms.FileField(
        label=_("Bewijsstuk"),
        required=False,
        help_text=_("Factuur of bon als PDF, PNG of JPEG, hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )


class FundingForm(ServiceErrorsMixin, forms.Form):
    committed = forms.DecimalField(
        label=_("Toegezegd (euro)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    received = forms.DecimalField(
        label=_("Ontvangen (euro)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("Het bedrag dat tot nu toe is binnengekomen."),
    )
