"""Forms for registering and editing an organisation.

Widgets carry the NL Design System classes, ``autocomplete`` purposes (WCAG 1.3.5) and, once the
form has been checked, ``aria-invalid`` and ``aria-describedby`` pointing at the field's error
message and description, so a screen reader hears why a field was refused.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import Area, Municipality
from impactplein.organisations import identifiers
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.organisations.services import EDITABLE_FIELDS
from impactplein.organisations.validators import as_validation_error

_AUTOCOMPLETE = {
    "name": "organization",
    "street": "address-line1",
    "postcode": "postal-code",
    "city": "address-level2",
    "website": "url",
    "email": "email",
    "phone": "tel",
}
_SIZE_CLASSES = {
    "postcode": "utrecht-textbox--postal-code-nl-size",
    "house_number": "utrecht-textbox--house-number-size",
    "house_number_addition": "utrecht-textbox--house-addition-size",
    "phone": "utrecht-textbox--tel-nl-size",
}
_NORMALISED = ("kvk_number", "establishment_number", "postcode", "phone")
_NUMERIC = ("kvk_number", "establishment_number", "sbi_code", "house_number")


def formfield_for(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https://."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class StyledFormMixin:
    """Extra classes (field sizes), input purposes and numeric keyboards for the widgets.

    The NL Design System base classes, ``aria-describedby`` and ``aria-invalid`` come from the
    shared ``components/field.html``.
    """

    fields: dict[str, forms.Field]
    auto_id: str

    def style_widgets(self) -> None:
        for name, field in self.fields.items():
            attrs = field.widget.attrs
            if name in _SIZE_CLASSES:
                attrs["class"] = _SIZE_CLASSES[name]
            if name in _AUTOCOMPLETE:
                attrs["autocomplete"] = _AUTOCOMPLETE[name]
            if name in _NUMERIC:
                attrs["inputmode"] = "numeric"

    def field_id(self, name: str) -> str:
        return self.auto_id % name if "%s" in self.auto_id else name


FIELD_GROUPS = (
    (_("Organisatie"), ("name", "kind", "legal_form")),
    (_("Inschrijving bij de Kamer van Koophandel"), (
        "kvk_number", "establishment_number", "sbi_code", "sbi_version",
    )),
    (_("Bezoekadres"), (
        "street", "house_number", "house_number_addition", "postcode", "city",
        "municipality", "area",
    )),
    (_("Contact"), ("website", "email", "phone")),
)  # fmt: skip


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.municipality.name}: {obj.name} ({obj.get_kind_display()})"


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    """The organisation's own details. ``version`` travels along for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Organisation
        fields = EDITABLE_FIELDS
        field_classes = {"area": AreaChoiceField}
        formfield_callback = formfield_for
        widgets = {"kind": forms.Select, "legal_form": forms.Select}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        municipalities = Municipality.objects.filter(is_active=True)
        if instance.pk and instance.municipality_id:
            municipalities = Municipality.objects.filter(
                is_active=True
            ) | Municipality.objects.filter(pk=instance.municipality_id)
        self.fields["municipality"].queryset = municipalities.order_by("name")
        self.fields["area"].queryset = Area.objects.select_related("municipality").order_by(
            "municipality__name", "kind", "name"
        )
        # The model's validators accept only the stored form; the clean_* methods below turn
        # what people type ("3311ab", "078-1234567") into it first.
        # People write spaces and dashes, so the typed value may be longer than the stored one.
        for name in _NORMALISED:
            field = self.fields[name]
            field.max_length = 40
            field.validators = [MaxLengthValidator(40)]
            field.widget.attrs["maxlength"] = "40"
        self.fields["kind"].choices = [("", "---------"), *OrganisationKind.choices]
        self.fields["version"].initial = instance.version if instance.pk else 1
        if not instance.pk:
            self.fields["version"].required = False
        self.style_widgets()

    def _normalise(self, name: str, normalise: Any, *args: str) -> str | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None if name in ("kvk_number", "establishment_number") else ""
        try:
            return str(normalise(value, *args))
        except identifiers.IdentifierError as error:
            raise as_validation_error(error) from error

    def clean_kvk_number(self) -> str | None:
        return self._normalise("kvk_number", identifiers.normalise_kvk_number)

    def clean_establishment_number(self) -> str | None:
        return self._normalise("establishment_number", identifiers.normalise_establishment_number)

    def clean_postcode(self) -> str | None:
        return self._normalise("postcode", identifiers.normalise_postcode)

    def clean_phone(self) -> str | None:
        return self._normalise("phone", identifiers.normalise_phone)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        code, version = cleaned.get("sbi_code") or "", cleaned.get("sbi_version") or ""
        if code and version:
            try:
                cleaned["sbi_code"] = identifiers.normalise_sbi_code(code, version)
            except identifiers.IdentifierError as error:
                self.add_error("sbi_code", as_validation_error(error))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def groups(self, notes: dict[str, str] | None = None) -> list[tuple[str, list[Any]]]:
        """The fields in fieldsets, each with an optional note shown as its description."""
        notes = notes or {}
        return [
            (str(legend), [(self[name], notes.get(name, "")) for name in names])
            for legend, names in FIELD_GROUPS
        ]


class OrganisationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Zoek op naam, plaats of KvK-nummer"), required=False, max_length=200
    )
    kind = forms.ChoiceField(
        label=_("Soort organisatie"),
        required=False,
        choices=[("", _("Alle soorten")), *OrganisationKind.choices],
    )
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("Alle gemeenten")),
            *Municipality.objects.order_by("name").values_list("cbs_code", "name"),
        ]
        self.style_widgets()
