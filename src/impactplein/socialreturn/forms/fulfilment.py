"""Forms of fulfilment: an entry of each kind, evidence, a decision, a report, the filters.

The choices of target group and building block come from the contract's pinned scheme, so a
supplier can only name what that scheme values. A placement names its candidate by the code the
employer-services desk issued; there is no field for a name or a BSN.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impactplein.organisations.models import Organisation
from impactplein.socialreturn import valuing
from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import Contract, FulfilmentEntry
from impactplein.socialreturn.selectors.candidates import candidate_by_code
from impactplein.socialreturn.services.fulfilment import KIND_FIELDS

EVIDENCE_ACCEPT = (
    "application/pdf,image/jpeg,image/png,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
EVIDENCE_HELP = _(
    "Een PDF, JPEG, PNG, Excel-bestand (XLSX) of Word-document (DOCX) van hoogstens 10 MB, "
    "bijvoorbeeld de arbeidsovereenkomst, de factuur of een presentielijst. Alleen de leden van "
    "uw organisatie en de medewerkers van de gemeente kunnen het inzien."
)
UNKNOWN_CODE = _(
    "Deze kandidaatcode kennen we niet. Controleer de code die u van het Werkgeversservicepunt "
    "kreeg (bijvoorbeeld K-7F3Q2A)."
)
PLACEMENT_BLOCK_KINDS = ("placement", "internship", "bbl", "bol", "work_experience")


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


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


class AmountField(forms.DecimalField):
    """A number as people in the Netherlands type it: ``4.250,00``, ``4250,5``, ``4250.50``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif _GROUPED.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


def _money(label: Any, **kwargs: Any) -> forms.DecimalField:
    return AmountField(label=label, max_digits=14, decimal_places=2, min_value=0, **kwargs)


def social_enterprises() -> Any:
    """Organisations a purchase may name: those with an impact profile or a certification."""
    return (
        Organisation.objects.filter(
            Q(impact_profile__isnull=False) | Q(certifications__isnull=False)
        )
        .distinct()
        .order_by("name", "pk")
    )


class EntryForm(ServiceErrorsMixin, forms.Form):
    """The form of one kind of entry on ``contract``; ``with_evidence`` adds a first file."""

    def __init__(
        self,
        *args: Any,
        contract: Contract,
        kind: str,
        with_evidence: bool = False,
        with_version: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.contract, self.kind = contract, kind
        scheme = valuing.scheme_of(contract)
        builders = {
            EntryKind.PLACEMENT: self._placement_fields,
            EntryKind.PURCHASE: self._purchase_fields,
            EntryKind.ACTIVITY: self._activity_fields,
            EntryKind.COST_ITEM: self._cost_item_fields,
        }
        builders[EntryKind(kind)](scheme)
        self.fields["description"] = forms.CharField(
            label=_("Omschrijving"),
            max_length=300,
            required=kind in (EntryKind.ACTIVITY, EntryKind.COST_ITEM),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        if with_evidence:
            self.fields["evidence"] = forms.FileField(
                label=_("Bewijsstuk"),
                required=False,
                widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
                help_text=EVIDENCE_HELP,
            )
        if with_version:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1
            )

    def _block_field(
        self, scheme: Any, kinds: tuple[str, ...], *, automatic: Any = None
    ) -> forms.ChoiceField:
        blocks = [block for block in scheme.blocks if block.kind in kinds]
        choices: list[tuple[str, Any]] = [(block.code, block.label) for block in blocks]
        if automatic is not None:
            choices = [("", automatic), *choices]
        field = forms.ChoiceField(
            label=_("Bouwblok"),
            choices=choices,
            required=automatic is None,
            help_text=_("Het bouwblok van het waarderingsmodel van dit contract."),
        )
        if automatic is None and len(blocks) == 1:
            field.initial = blocks[0].code
        return field

    def _placement_fields(self, scheme: Any) -> None:
        self.fields["candidate_code"] = forms.CharField(
            label=_("Kandidaatcode"),
            max_length=20,
            help_text=_(
                "De code die u van het Werkgeversservicepunt kreeg, bijvoorbeeld K-7F3Q2A. Vul "
                "nooit een naam of burgerservicenummer in."
            ),
        )
        self.fields["candidate_code"].widget.attrs["autocomplete"] = "off"
        self.fields["target_group"] = forms.ChoiceField(
            label=_("Doelgroep"),
            choices=[("", "---------"), *scheme.target_groups()],
        )
        self.fields["block"] = self._block_field(
            scheme, PLACEMENT_BLOCK_KINDS, automatic=_("Kies het bouwblok bij de doelgroep")
        )
        self.fields["block"].help_text = _(
            "Meestal leeg laten: het bouwblok volgt uit de doelgroep en de duur van de uitkering."
        )
        self.fields["benefit_duration_months"] = forms.IntegerField(
            label=_("Duur van de uitkering (maanden)"), min_value=0, max_value=600, required=False
        )
        self.fields["age_at_reference_date"] = forms.IntegerField(
            label=_("Leeftijd op de peildatum"),
            min_value=14,
            max_value=80,
            required=False,
            help_text=_("De peildatum is de gunningsdatum van het contract."),
        )
        self.fields["hours_per_week"] = AmountField(
            label=_("Uren per week"), max_digits=5, decimal_places=2, min_value=0, max_value=80
        )
        self.fields["start_date"] = forms.DateField(label=_("Startdatum"), widget=DateInput())
        self.fields["end_date"] = forms.DateField(
            label=_("Einddatum"),
            required=False,
            widget=DateInput(),
            help_text=_("Leeg laten als de kandidaat nog in dienst is."),
        )
        self.fields["permanent_contract"] = forms.BooleanField(
            label=_("Vast contract"), required=False
        )
        self.fields["status_holder"] = forms.BooleanField(label=_("Statushouder"), required=False)
        self.fields["wage_subsidy_until"] = forms.DateField(
            label=_("Loonkostensubsidie tot en met"), required=False, widget=DateInput()
        )

    def _purchase_fields(self, scheme: Any) -> None:
        self.fields["block"] = self._block_field(scheme, ("purchase",))
        self.fields["invoice_number"] = forms.CharField(label=_("Factuurnummer"), max_length=60)
        self.fields["invoice_date"] = forms.DateField(label=_("Factuurdatum"), widget=DateInput())
        self.fields["amount"] = _money(_("Bedrag excl. btw (€)"))
        self.fields["social_enterprise"] = forms.ModelChoiceField(
            label=_("Sociale onderneming"),
            queryset=social_enterprises(),
            help_text=_(
                "De onderneming uit de etalage. Haar certificeringen op de factuurdatum bepalen "
                "voor welk deel de inkoop meetelt."
            ),
        )

    def _activity_fields(self, scheme: Any) -> None:
        self.fields["block"] = self._block_field(scheme, ("activity",))
        self.fields["hours"] = AmountField(
            label=_("Uren per medewerker"),
            max_digits=8,
            decimal_places=2,
            min_value=0,
            required=False,
            help_text=_(
                "Vul de uren en het aantal medewerkers in, het aantal dagen, of de kosten; wat "
                "telt hangt af van het bouwblok."
            ),
        )
        self.fields["persons"] = forms.IntegerField(
            label=_("Aantal medewerkers"), min_value=1, max_value=10000, required=False
        )
        self.fields["days"] = forms.IntegerField(
            label=_("Dagen"), min_value=1, max_value=3660, required=False
        )
        self.fields["amount"] = _money(
            _("Kosten (€)"),
            required=False,
            help_text=_(
                "Als het waarderingsmodel de activiteit naar de werkelijke kosten waardeert."
            ),
        )

    def _cost_item_fields(self, scheme: Any) -> None:
        self.fields["block"] = self._block_field(scheme, ("cost_item",))
        self.fields["amount"] = _money(_("Bedrag (€)"))

    def clean_candidate_code(self) -> Any:
        candidate = candidate_by_code(self.cleaned_data.get("candidate_code") or "")
        if candidate is None:
            raise ValidationError(UNKNOWN_CODE, code="unknown_candidate")
        return candidate

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as the service takes them (``candidate``, not the code)."""
        values = {}
        for name in KIND_FIELDS[self.kind]:
            source = "candidate_code" if name == "candidate" else name
            if source in self.cleaned_data:
                values[name] = self.cleaned_data[source]
        return values

    @staticmethod
    def initial_for(entry: FulfilmentEntry) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(entry, name) for name in KIND_FIELDS[entry.kind] if name != "candidate"
        }
        if entry.candidate_id:
            initial["candidate_code"] = entry.candidate.code
        if entry.social_enterprise_id:
            initial["social_enterprise"] = entry.social_enterprise_id
        initial["version"] = entry.version
        return initial


class EvidenceForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("Bewijsstuk"),
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=EVIDENCE_HELP,
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class RejectForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("De opdrachtnemer ziet deze reden en kan de invulling verbeteren."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ReportSubmitForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class EntryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *EntryStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("alle")), *EntryKind.choices]
    )


class QueueFilterForm(forms.Form):
    contract = forms.CharField(label=_("Kenmerk contract"), required=False, max_length=60)
    supplier = forms.ModelChoiceField(
        label=_("Opdrachtnemer"), required=False, queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("alle")), *EntryKind.choices]
    )

    def __init__(self, *args: Any, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]
        self.fields["supplier"].empty_label = _("alle")  # type: ignore[attr-defined]
