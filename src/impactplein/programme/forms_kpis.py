"""Forms of the KPI pages: they parse and show errors; the services decide."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.programme.forms import DateInput, ServiceErrorsMixin
from impactplein.programme.models import (
    KpiDefinition,
    KpiNarrative,
    KpiTarget,
    KpiValue,
    Partnership,
)
from impactplein.programme.selectors import kpis as kpi_selectors

DECIMAL = {"max_digits": 14, "decimal_places": 2, "localize": True}


class KpiDefinitionForm(ServiceErrorsMixin, forms.ModelForm):
    """A KPI's definition, for the coordinator."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = KpiDefinition
        fields = ("objective", "name", "unit", "direction", "source_key", "description", "order")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = partnership.objectives.order_by("order", "code")  # type: ignore[attr-defined]
        self.fields["source_key"] = forms.ChoiceField(
            label=_("Berekend uit"),
            required=False,
            choices=[("", _("met de hand ingevoerd")), *kpi_selectors.source_choices()],
            help_text=_(
                "Kies een berekening uit de gegevens van het platform, of laat de waarden met de "
                "hand invoeren."
            ),
        )
        self.fields["description"].widget.attrs["rows"] = 3
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service validates the whole record (and the version); the form only parses.
        pass


class KpiValueForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(label=_("Datum van de meting"), widget=DateInput())
    value = forms.DecimalField(label=_("Waarde"), **DECIMAL)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld de bron van het getal."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class KpiValueEditForm(KpiValueForm):
    """A correction of a manual value, over the version the coordinator saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, entry: KpiValue | None = None, **kwargs: Any) -> None:
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "date": entry.date,
                    "value": entry.value,
                    "note": entry.note,
                    "version": entry.version,
                },
            )
        super().__init__(*args, **kwargs)


class KpiTargetForm(ServiceErrorsMixin, forms.Form):
    """The target of one year (the year the KPI page shows), over the version the coordinator
    saw: an empty version means there was no target yet."""

    year = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Streefwaarde"), **DECIMAL)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        year: int | None = None,
        target: KpiTarget | None = None,
        **kwargs: Any,
    ) -> None:
        # Prefixed: the page also holds the value form, whose "value" field needs its own id.
        kwargs.setdefault("prefix", "target")
        if year is not None:
            kwargs.setdefault(
                "initial",
                {
                    "year": year,
                    "value": target.value if target is not None else None,
                    "version": target.version if target is not None else None,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in partnership.years]  # type: ignore[attr-defined]
        if year is not None:
            self.fields["value"].label = _("Streefwaarde voor %(year)s") % {"year": year}


class KpiNarrativeForm(ServiceErrorsMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = KpiNarrative
        fields = ("story", "partners", "what_works", "action_plan")
        widgets = {
            "story": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "what_works": forms.Textarea(attrs={"rows": 3}),
            "action_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        pass
