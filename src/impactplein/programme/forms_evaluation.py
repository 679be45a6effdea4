"""Forms of the yearly evaluation: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impactplein.programme.forms import DateInput, ServiceErrorsMixin
from impactplein.programme.models import EvaluationDecision


class SummaryForm(ServiceErrorsMixin, forms.Form):
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Het jaar in het kort: wat ging goed, wat niet, en wat de tafel meeneemt."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ObjectiveEvaluationForm(ServiceErrorsMixin, forms.Form):
    narrative = forms.CharField(
        label=_("Wat is bereikt en wat niet"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Het verhaal achter de cijfers: resultaten, oorzaken, lessen."),
    )
    decision = forms.ChoiceField(
        label=_("Besluit voor het volgende jaar"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("nog geen besluit")), *EvaluationDecision.choices],
        help_text=_(
            "Bij stoppen gaan de open activiteiten van dit doel niet mee naar het volgende "
            "actieprogramma."
        ),
    )
    adjustment = forms.CharField(
        label=_("Wat er verandert"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nodig bij bijstellen: wat het volgende jaar anders gaat."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CloseForm(ServiceErrorsMixin, forms.Form):
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
