"""Forms of the contract pages: the contract, its status, the import's upload and confirmation."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import ContractStatus, ContractType, PSOLevel
from impactplein.socialreturn.forms.suppliers import (
    MAX_CANDIDATES,
    NothingToChoose,
    candidate_label,
    kvk_number_in,
    supplier_candidates,
    supplier_label,
)
from impactplein.socialreturn.models import Contract, ValuationScheme
from impactplein.socialreturn.selectors.contracts import supplier_pso_level_on
from impactplein.socialreturn.selectors.schemes import published_schemes
from impactplein.socialreturn.services.contracts import ContractData

#: The PSO choice that means "what the directory says on the award date".
PSO_FROM_DIRECTORY = "auto"
DEPARTMENTS_LIST_ID = "afdelingen"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class SchemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ValuationScheme) -> str:
        return f"{obj.name} — {obj.version}"


def _percentage(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=help_text,
        localize=True,
    )


class ContractForm(forms.Form):
    reference = forms.CharField(label=_("Kenmerk"), max_length=60)
    title = forms.CharField(label=_("Omschrijving"), max_length=200)
    buyer_department = forms.CharField(
        label=_("Afdeling opdrachtgever"),
        max_length=120,
        widget=forms.TextInput(attrs={"list": DEPARTMENTS_LIST_ID, "autocomplete": "off"}),
        help_text=_("Bijvoorbeeld Stadsbeheer; kies een bestaande afdeling of typ een nieuwe."),
    )
    supplier = forms.CharField(
        label=_("Opdrachtnemer"),
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("KvK-nummer of (een deel van) de naam"),
    )
    # Radio buttons with the organisations that fit, shown only when several do.
    supplier_choice = forms.CharField(
        label=_("Welke organisatie bedoelt u?"), required=False, widget=NothingToChoose
    )
    contract_type = forms.ChoiceField(label=_("Soort opdracht"), choices=ContractType.choices)
    value = forms.DecimalField(
        label=_("Opdrachtwaarde in euro (excl. btw)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        localize=True,
    )
    awarded_on = forms.DateField(label=_("Gegund op"), widget=DateInput())
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput())
    end_date = forms.DateField(label=_("Einddatum"), widget=DateInput())
    labour_share = _percentage(
        _("Loonkostenaandeel (%)"),
        _("Het aandeel loonkosten in de opdracht; sommige modellen verlagen dan het percentage."),
    )
    offered_percentage = _percentage(
        _("Aangeboden percentage social return"),
        _("Alleen invullen als de opdrachtnemer meer heeft aangeboden dan het model vraagt."),
    )
    supplier_pso_level = forms.ChoiceField(
        label=_("PSO-niveau opdrachtnemer bij gunning"),
        required=False,
        help_text=_(
            "'Volgens de etalage' neemt het PSO-certificaat dat de opdrachtnemer in de etalage "
            "heeft op de gunningsdatum."
        ),
    )
    scheme = SchemeChoiceField(
        label=_("Waarderingsmodel"),
        queryset=ValuationScheme.objects.none(),
        required=False,
        empty_label=_("Het model dat geldt op de gunningsdatum"),
    )
    co2_ladder_level = forms.IntegerField(
        label=_("Niveau CO2-prestatieladder"), required=False, min_value=1, max_value=5
    )
    mvi_criteria = forms.CharField(
        label=_("MVI-criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De duurzaamheidseisen en gunningscriteria van de opdracht."),
    )

    def __init__(self, *args: Any, contract: Contract | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.fields["scheme"].queryset = published_schemes()
        pso_choices = list(PSOLevel.choices)
        if contract is None:
            pso_choices.insert(0, (PSO_FROM_DIRECTORY, _("Volgens de etalage op de gunningsdatum")))
            self.initial.setdefault("supplier_pso_level", PSO_FROM_DIRECTORY)
        self.fields["supplier_pso_level"].choices = pso_choices
        if contract is not None:
            self.fields["scheme_change_reason"] = forms.CharField(
                label=_("Reden voor een ander waarderingsmodel"),
                required=False,
                max_length=300,
                help_text=_(
                    "Alleen nodig als u het waarderingsmodel wijzigt; dat kan zolang er geen "
                    "invulling is geregistreerd."
                ),
            )
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            for name in self.base_fields:
                if name == "supplier":
                    self.initial.setdefault(name, supplier_label(contract.supplier))
                elif name == "scheme":
                    self.initial.setdefault(name, getattr(contract, f"{name}_id"))
                elif name != "supplier_choice":
                    self.initial.setdefault(name, getattr(contract, name))
            self.initial.setdefault("version", contract.version)

    def clean_supplier(self) -> Organisation:
        """The organisation the officer typed or, when several fit, picked from them."""
        text: str = self.cleaned_data["supplier"]
        current: Organisation | None = self.contract.supplier if self.contract else None
        if current is not None and text == supplier_label(current):
            return current
        candidates = supplier_candidates(text)
        picked = self.data.get(self.add_prefix("supplier_choice"), "")
        for candidate in candidates:
            if str(candidate.pk) == picked:
                self._offer(candidates)  # still shown if another field sends the form back
                return candidate
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            self._suggest_registering()
            kvk_number = kvk_number_in(text)
            if kvk_number is not None:
                raise ValidationError(
                    _("Er staat geen organisatie met KvK-nummer %(kvk_number)s in het register."),
                    code="not_found",
                    params={"kvk_number": kvk_number},
                )
            raise ValidationError(
                _(
                    "Geen organisatie gevonden bij “%(query)s”. Typ het KvK-nummer of een "
                    "ander deel van de naam."
                ),
                code="not_found",
                params={"query": text},
            )
        self._offer(candidates)
        raise ValidationError(
            _("Meerdere organisaties passen bij “%(query)s”; kies er een."),
            code="ambiguous",
            params={"query": text},
        )

    def _offer(self, candidates: list[Organisation]) -> None:
        self.fields["supplier_choice"].widget = forms.RadioSelect(
            choices=[(str(candidate.pk), candidate_label(candidate)) for candidate in candidates]
        )
        if len(candidates) >= MAX_CANDIDATES:
            # The bound field copied the help text when it was made, before cleaning.
            self["supplier_choice"].help_text = _(
                "Alleen de eerste %(count)s staan hier. Staat de juiste er niet bij, typ dan "
                "meer van de naam of het KvK-nummer."
            ) % {"count": MAX_CANDIDATES}

    def _suggest_registering(self) -> None:
        self["supplier"].help_text = format_html(
            '{}. {} <a class="utrecht-link utrecht-link--html-a" href="{}">{}</a>.',
            self.fields["supplier"].help_text,
            _("Staat de organisatie nog niet in het register? Meld haar eerst aan:"),
            reverse("organisations:create"),
            _("organisatie aanmelden"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt voor de startdatum."))
        if cleaned.get("supplier_pso_level") == PSO_FROM_DIRECTORY:
            supplier = cleaned.get("supplier")
            awarded: date | None = cleaned.get("awarded_on")
            cleaned["supplier_pso_level"] = (
                supplier_pso_level_on(supplier, awarded) if supplier and awarded else ""
            )
        return cleaned

    def contract_data(self) -> ContractData:
        data = self.cleaned_data
        return ContractData(
            reference=data["reference"].strip(),
            title=data["title"].strip(),
            buyer_department=data["buyer_department"].strip(),
            supplier=data["supplier"],
            contract_type=data["contract_type"],
            value=data["value"],
            awarded_on=data["awarded_on"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            labour_share=data.get("labour_share"),
            offered_percentage=data.get("offered_percentage"),
            supplier_pso_level=data.get("supplier_pso_level") or "",
            scheme=data.get("scheme"),
            co2_ladder_level=data.get("co2_ladder_level"),
            mvi_criteria=data.get("mvi_criteria", ""),
        )


class ContractStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContractStatus.choices)
    penalty_note = forms.CharField(
        label=_("Toelichting boete of maatregel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij 'niet nagekomen'."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("status") == ContractStatus.NON_COMPLIANT
            and not (cleaned.get("penalty_note") or "").strip()
        ):
            self.add_error(
                "penalty_note",
                _(
                    "Licht toe welke boete of maatregel geldt als de opdrachtnemer de "
                    "verplichting niet is nagekomen."
                ),
            )
        return cleaned


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op kenmerk of omschrijving"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    department = forms.ChoiceField(label=_("Afdeling"), required=False)
    supplier = forms.TypedChoiceField(label=_("Opdrachtnemer"), required=False, coerce=int)
    type = forms.ChoiceField(label=_("Soort opdracht"), required=False)
    year = forms.TypedChoiceField(label=_("Loopt in jaar"), required=False, coerce=int)
    order = forms.ChoiceField(label=_("Sorteren op"), required=False)

    def __init__(
        self,
        *args: Any,
        departments: list[str],
        suppliers: list[tuple[int, str]],
        years: list[int],
        orders: list[tuple[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("Alle"))
        self.fields["status"].choices = [everything, *ContractStatus.choices]
        self.fields["department"].choices = [everything, *[(d, d) for d in departments]]
        self.fields["supplier"].choices = [everything, *suppliers]
        self.fields["type"].choices = [everything, *ContractType.choices]
        self.fields["year"].choices = [everything, *[(y, str(y)) for y in years]]
        self.fields["order"].choices = orders


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Importbestand"),
        help_text=_(
            "Een CSV-bestand (UTF-8, gescheiden door ; of ,) of een Excel-bestand (.xlsx) met de "
            "kolommen van de export van de contractenlijst; hoogstens 10 MB en 20.000 rijen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


class ImportConfirmForm(forms.Form):
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
