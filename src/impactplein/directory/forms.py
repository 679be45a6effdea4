"""Forms of the directory's pages. Each area has its own block below; the checks that need the
database or several records live in ``services.py``, the forms check what one request holds."""

import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from impactplein.core.images import clean_image
from impactplein.core.models import SDG, Municipality, Theme
from impactplein.directory import certifications, scan
from impactplein.directory.constants import (
    CertificationKind,
    CertificationLevel,
    ConsentMethod,
    ConsentScope,
    FigureKind,
    ImpactModel,
)
from impactplein.directory.models import (
    LEVEL_MESSAGES,
    PITCH_MAX_LENGTH,
    ImpactProfile,
    ProfilePhoto,
)
from impactplein.organisations.models import Organisation

# --- contact relay (views/profiles.py) ------------------------------------------------------------

CONTACT_TOKEN_SALT = "impactplein.directory.contact"  # noqa: S105 - a salt, not a secret
# A person needs more than a few seconds to write a message; a form open for hours is stale.
CONTACT_MIN_SECONDS = 3
CONTACT_MAX_SECONDS = 2 * 60 * 60
CONTACT_MAX_LINKS = 2
CONTACT_MESSAGE_MAX_LENGTH = 5000
_LINK = re.compile(r"https?://|\bwww\.|\[url\b|<a\s", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def contact_token(profile_pk: int) -> str:
    """A signed note of which profile's form was handed out, and when."""
    return signing.dumps({"p": profile_pk, "t": int(time.time())}, salt=CONTACT_TOKEN_SALT)


class ContactForm(forms.Form):
    """A visitor's message to an organisation, with the spam checks that need no third party.

    ``website`` is a honeypot: hidden from people (and from assistive technology), filled in by
    robots that fill in every field. ``token`` is signed with the time the form was handed out:
    a form sent back within seconds or after hours is refused.
    """

    name = forms.CharField(label=_("Uw naam"), max_length=100)
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        help_text=_("De onderneming krijgt dit adres om u te kunnen antwoorden."),
    )
    message = forms.CharField(
        label=_("Uw bericht"),
        max_length=CONTACT_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hoogstens 5000 tekens en 2 links."),
    )
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, profile_pk: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile_pk = profile_pk
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if _CONTROL.search(name):
            raise forms.ValidationError(
                _("Gebruik in uw naam alleen gewone tekens."), code="invalid"
            )
        return name

    def clean_message(self) -> str:
        message: str = self.cleaned_data["message"]
        if len(_LINK.findall(message)) > CONTACT_MAX_LINKS:
            raise forms.ValidationError(
                _("Een bericht mag hoogstens %(count)s links bevatten. Haal er een paar weg."),
                code="links",
                params={"count": CONTACT_MAX_LINKS},
            )
        return message

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise forms.ValidationError(
                _(
                    "Uw bericht is niet verstuurd, omdat het formulier automatisch ingevuld "
                    "lijkt. Controleer uw bericht en verstuur het opnieuw."
                ),
                code="honeypot",
            )
        self._check_token(cleaned.get("token") or "")
        return cleaned

    def _check_token(self, token: str) -> None:
        try:
            data = signing.loads(token, salt=CONTACT_TOKEN_SALT)
            issued, profile_pk = int(data["t"]), int(data["p"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                _("Het formulier is niet goed ontvangen. Verstuur uw bericht opnieuw."),
                code="token",
            ) from None
        age = time.time() - issued
        if profile_pk != self.profile_pk:
            raise forms.ValidationError(
                _("Het formulier hoort bij een andere onderneming. Verstuur uw bericht opnieuw."),
                code="token",
            )
        if age < CONTACT_MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "Het formulier is erg snel verstuurd, zoals een robot doet. Controleer uw "
                    "bericht en verstuur het opnieuw."
                ),
                code="too_fast",
            )
        if age > CONTACT_MAX_SECONDS:
            raise forms.ValidationError(
                _(
                    "Het formulier stond te lang open. Uw bericht staat er nog: verstuur het "
                    "opnieuw."
                ),
                code="too_old",
            )


# --- impact scan (views/scan.py) ------------------------------------------------------------------

NOT_APPLICABLE = "nvt"


def _english() -> bool:
    return (translation.get_language() or "nl").startswith("en")


def question_text(question: scan.Question) -> str:
    return question.text_en if _english() else question.text_nl


def area_name(area: scan.Area) -> str:
    dutch, english = scan.AREA_NAMES[area]
    return english if _english() else dutch


def scale_label(points: int) -> str:
    dutch, english = scan.SCALE[points]
    return english if _english() else dutch


class ScanForm(forms.Form):
    """The 22 questions of the impact scan, each answered 0-4 or "not applicable"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(points), f"{points} – {scale_label(points)}") for points in scan.SCALE]
        choices.append((NOT_APPLICABLE, str(_("niet van toepassing"))))
        for question in scan.QUESTIONS:
            self.fields[self.field_name(question)] = forms.ChoiceField(
                label=f"{question.number}. {question_text(question)}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies een antwoord bij deze vraag."),
                    "invalid_choice": _("Kies een van de antwoorden bij deze vraag."),
                },
            )

    @staticmethod
    def field_name(question: scan.Question) -> str:
        return f"q{question.number}"

    @classmethod
    def initial_from(cls, answers: dict[int, int | None]) -> dict[str, str]:
        """The form's initial values from stored answers (an earlier scan)."""
        return {
            f"q{number}": NOT_APPLICABLE if value is None else str(value)
            for number, value in answers.items()
        }

    def answers(self) -> dict[int, int | None]:
        """The valid form's answers as ``scan.score`` takes them."""
        return {
            question.number: (
                None
                if self.cleaned_data[self.field_name(question)] == NOT_APPLICABLE
                else int(self.cleaned_data[self.field_name(question)])
            )
            for question in scan.QUESTIONS
        }

    def areas(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The questions grouped per area, in the scan's order, for one fieldset per area."""
        return [
            (
                area_name(area),
                [self[self.field_name(q)] for q in scan.QUESTIONS if q.area is area],
            )
            for area in scan.Area
        ]


# --- certifications and stories ------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


EVIDENCE_ACCEPT = "application/pdf,image/jpeg,image/png"


class ServiceErrorsMixin:
    """Put a service's ``ValidationError`` at the fields it names, the rest above the form."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error)  # type: ignore[attr-defined]


def _level_choices() -> list[Any]:
    labels = dict(CertificationLevel.choices)
    groups = []
    for kind, levels in certifications.LEVELS_BY_KIND.items():
        if levels:
            groups.append(
                (CertificationKind(kind.value).label, [(level, labels[level]) for level in levels])
            )
    return [("", _("geen niveau")), *groups]


class CertificationForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort certificering"), choices=[])
    level = forms.ChoiceField(
        label=_("Niveau"),
        required=False,
        choices=[],
        help_text=_("Alleen bij de PSO en de CO2-prestatieladder."),
    )
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=DateInput(),
        help_text=_("Leeg laten als de certificering geen einddatum heeft."),
    )
    evidence = forms.FileField(
        label=_("Bewijs"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_(
            "Een PDF, JPEG of PNG van hoogstens 10 MB, bijvoorbeeld het certificaat. Alleen de "
            "leden van uw organisatie en de medewerkers van het programma kunnen het inzien."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *CertificationKind.choices]
        self.fields["level"].choices = _level_choices()

    @classmethod
    def initial_for(cls, certification: Any) -> dict[str, Any]:
        return {
            "kind": certification.kind,
            "level": certification.level,
            "valid_from": certification.valid_from,
            "valid_until": certification.valid_until,
            "version": certification.version,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, level = cleaned.get("kind"), cleaned.get("level") or ""
        if kind:
            problem = certifications.level_problem(kind, level)
            if problem is not None:
                self.add_error("level", LEVEL_MESSAGES[problem])
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Deze datum ligt voor de begindatum."))
        return cleaned

    def clean_evidence(self) -> Any:
        return _checked_evidence(self.cleaned_data.get("evidence"))

    def service_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in ("kind", "level", "valid_from", "valid_until")
        }


def _checked_evidence(upload: Any) -> Any:
    from impactplein.directory.services import evidence_refusal

    if upload:
        refusal = evidence_refusal(upload)
        if refusal is not None:
            raise ValidationError(refusal, code="invalid")
    return upload


class CertificationReturnForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van terugsturen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("De leden van de organisatie krijgen deze reden per e-mail."),
    )


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class StoryForm(ServiceErrorsMixin, forms.Form):
    organisations = OrganisationsField(
        label=_("Over welke organisatie gaat het verhaal?"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Titel"), max_length=150)
    lead = forms.CharField(
        label=_("Inleiding"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén of twee zinnen die uitnodigen om verder te lezen, hoogstens 300 tekens."),
    )
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        help_text=_("Een witregel begint een nieuwe alinea."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        field.queryset = organisations
        if organisations.count() > 12:
            field.widget = forms.SelectMultiple(attrs={"size": 10})
            field.help_text = _("Houd Ctrl (of Cmd) ingedrukt om er meer dan één te kiezen.")


class StoryPhotoForm(ServiceErrorsMixin, forms.Form):
    image = forms.FileField(
        label=_("Foto"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Een JPEG, PNG of WebP van hoogstens 10 MB."),
    )
    alt_text = forms.CharField(
        label=_("Tekstalternatief"),
        max_length=250,
        help_text=_("Beschrijf wat er op de foto te zien is, voor wie de foto niet kan zien."),
    )
    caption = forms.CharField(label=_("Onderschrift"), max_length=250, required=False)
    shows_people = forms.BooleanField(
        label=_("Er staan mensen op deze foto"), required=False, initial=True
    )
    consent_given_by = forms.CharField(
        label=_("Toestemming gegeven door"),
        max_length=200,
        required=False,
        help_text=_("Naam van de persoon op de foto, of van zijn of haar vertegenwoordiger."),
    )
    consent_given_on = forms.DateField(
        label=_("Datum van de toestemming"), required=False, widget=DateInput()
    )
    consent_scope = forms.MultipleChoiceField(
        label=_("De toestemming geldt voor"),
        choices=ConsentScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor publicatie op Impactplein is toestemming voor de website nodig."),
    )
    consent_method = forms.ChoiceField(
        label=_("Manier waarop de toestemming is gegeven"),
        choices=[("", "---------"), *ConsentMethod.choices],
        required=False,
    )
    consent_evidence = forms.FileField(
        label=_("Bewijs van toestemming (niet verplicht)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("Bijvoorbeeld het ondertekende formulier: PDF, JPEG of PNG."),
    )

    def consent_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in CONSENT_FORM_FIELDS}

    def clean_consent_evidence(self) -> Any:
        return _checked_evidence(self.cleaned_data.get("consent_evidence"))


CONSENT_FORM_FIELDS = ("consent_given_by", "consent_given_on", "consent_scope", "consent_method")


class PhotoConsentForm(ServiceErrorsMixin, forms.Form):
    consent_given_by = StoryPhotoForm.base_fields["consent_given_by"]
    consent_given_on = StoryPhotoForm.base_fields["consent_given_on"]
    consent_scope = StoryPhotoForm.base_fields["consent_scope"]
    consent_method = StoryPhotoForm.base_fields["consent_method"]
    consent_evidence = StoryPhotoForm.base_fields["consent_evidence"]

    def clean_consent_evidence(self) -> Any:
        return _checked_evidence(self.cleaned_data.get("consent_evidence"))

    def consent_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in CONSENT_FORM_FIELDS}


class StoryReviewForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(
        label=_("Wat moet er veranderen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_(
            "Alleen nodig als u om wijzigingen vraagt; de schrijver krijgt dit per e-mail."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StoryFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thema"), required=False, choices=[])

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [
            ("", _("Alle thema's")),
            *((theme.slug, theme.name) for theme in themes),
        ]


# --- join flow, profile editing, review (views/join.py, views/review.py) -------------------------

_KVK_TYPED = re.compile(r"[\s.\-]")


class FindOrganisationForm(forms.Form):
    """Step 1 of joining: look for the organisation before registering it a second time."""

    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        required=False,
        max_length=20,
        help_text=_("8 cijfers, zoals op het uittreksel van de Kamer van Koophandel."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Naam van de organisatie"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("Kies een gemeente")),
            *Municipality.objects.filter(is_active=True)
            .order_by("name")
            .values_list("cbs_code", "name"),
        ]

    def clean_kvk_number(self) -> str:
        value = _KVK_TYPED.sub("", self.cleaned_data.get("kvk_number") or "")
        if value and (not value.isdigit() or len(value) != 8):
            raise ValidationError(
                _("Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678."), code="invalid"
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not cleaned.get("kvk_number"):
            if not cleaned.get("name"):
                self.add_error("name", _("Vul het KvK-nummer in, of de naam en de gemeente."))
            elif not cleaned.get("municipality"):
                self.add_error(
                    "municipality", _("Kies de gemeente waar de organisatie gevestigd is.")
                )
        return cleaned


JOIN_ORGANISATION_FIELDS: tuple[str, ...] = (
    "name",
    "kind",
    "legal_form",
    "kvk_number",
    "street",
    "house_number",
    "house_number_addition",
    "postcode",
    "city",
    "municipality",
    "website",
    "email",
    "phone",
)


class JoinOrganisationForm(forms.ModelForm):
    """Register a new organisation while joining; the service normalises and validates it."""

    # People type identifiers with spaces and dashes; the service brings them into stored form.
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        required=False,
        max_length=40,
        help_text=_("8 cijfers, zoals op het uittreksel van de Kamer van Koophandel."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    confirm_new = forms.BooleanField(
        label=_("Mijn organisatie staat niet in de lijst hierboven; ik meld haar nieuw aan."),
        required=False,
    )

    class Meta:
        model = Organisation
        fields = JOIN_ORGANISATION_FIELDS
        widgets = {
            "kind": forms.Select,
            "legal_form": forms.Select,
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True).order_by(
            "name"
        )
        self.fields["kind"].choices = [("", "---------"), *self.fields["kind"].choices[1:]]

    def _post_clean(self) -> None:
        # The service normalises identifiers ("1234 5678", "3311ab") and validates the whole
        # record; its errors come back through ``add_service_errors``.
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in JOIN_ORGANISATION_FIELDS}

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's errors on the fields they name, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ClaimForm(forms.Form):
    motivation = forms.CharField(
        label=_("Uw rol in de organisatie"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Bijvoorbeeld: eigenaar, directeur of medewerker communicatie. Dit helpt bij de "
            "beoordeling. Hoogstens 1000 tekens."
        ),
    )


class ProfileForm(forms.Form):
    """The impact profile; figures and new photos come in their own formsets."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    pitch = forms.CharField(
        label=_("Pitch"),
        max_length=PITCH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PITCH_MAX_LENGTH}),
        help_text=_("Wat doet u en voor wie, in hoogstens 280 tekens."),
    )
    story = forms.CharField(
        label=_("Impactverhaal"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hoe maakt uw organisatie verschil? Vertel het in uw eigen woorden."),
    )
    impact_models = forms.MultipleChoiceField(
        label=_("Impactmodellen"),
        required=False,
        choices=ImpactModel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        required=False,
        queryset=Theme.objects.order_by("position", "pk"),
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Duurzame ontwikkelingsdoelen (SDG's)"),
        required=False,
        queryset=SDG.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.CharField(
        label=_("Doelgroepen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén doelgroep per regel, bijvoorbeeld: statushouders."),
    )
    sells_to_buyers = forms.BooleanField(
        label=_("Wij leveren aan inkopers (Buy Social)"), required=False
    )
    offer = forms.CharField(
        label=_("Aanbod voor inkopers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De producten en diensten die u aan inkopers levert."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG of WebP, hoogstens 5 MB."),
    )
    remove_logo = forms.BooleanField(label=_("Logo verwijderen"), required=False)
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Foto's verwijderen"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, profile: ImpactProfile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget = forms.FileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        )
        photos = profile.photos.all() if profile is not None else ProfilePhoto.objects.none()
        self.fields["remove_photos"].queryset = photos
        self.fields["remove_photos"].label_from_instance = lambda photo: photo.alt_text
        if profile is None or not profile.logo:
            del self.fields["remove_logo"]
        if not photos.exists():
            del self.fields["remove_photos"]
        for name in ("themes", "sdgs"):
            self.fields[name].label_from_instance = str

    def clean_target_groups(self) -> list[str]:
        lines = (self.cleaned_data.get("target_groups") or "").splitlines()
        groups = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        too_long = [group for group in groups if len(group) > 100]
        if too_long:
            raise ValidationError(
                _("Noem elke doelgroep met een korte tekst van hoogstens 100 tekens."),
                code="too_long",
            )
        return groups

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return clean_image(upload, max_dimension=800, name_prefix="logo")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("sells_to_buyers") and not (cleaned.get("offer") or "").strip():
            self.add_error("offer", _("Beschrijf wat u aan inkopers levert."))
        return cleaned

    def pitch_count_template(self) -> str:
        """The hint with a placeholder that the page's script fills in while the user types."""
        return str(
            _("Wat doet u en voor wie, in hoogstens 280 tekens. Nog %(remaining)s tekens over.")
        )

    def pitch_remaining(self) -> int:
        value = self["pitch"].value() or ""
        return PITCH_MAX_LENGTH - len(str(value))


class FigureForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=1900, max_value=2100)
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", "---------"), *FigureKind.choices])
    label = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=100,
        help_text=_("Alleen bij 'anders': wat dit getal telt."),
    )
    value = forms.DecimalField(
        label=_("Waarde"), min_value=0, max_digits=12, decimal_places=2, localize=True
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind, label = cleaned.get("kind"), (cleaned.get("label") or "").strip()
        if kind == FigureKind.OTHER and not label:
            self.add_error("label", _("Zeg wat dit getal telt."))
        if kind and kind != FigureKind.OTHER and label:
            self.add_error("label", _("Een omschrijving hoort alleen bij 'anders'."))
        return cleaned


class BaseFigureFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[tuple[Any, Any, str]] = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            key = (data.get("year"), data.get("kind"), (data.get("label") or "").strip())
            if key in seen:
                form.add_error("kind", _("Dit cijfer staat er voor dit jaar al."))
            seen.add(key)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "year": form.cleaned_data["year"],
                "kind": form.cleaned_data["kind"],
                "label": form.cleaned_data.get("label") or "",
                "value": form.cleaned_data["value"],
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


FigureFormSet = forms.formset_factory(
    FigureForm, formset=BaseFigureFormSet, extra=2, can_delete=True, max_num=60, validate_max=True
)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG of WebP, hoogstens 5 MB."),
    )
    alt_text = forms.CharField(
        label=_("Wat staat er op de foto?"),
        required=False,
        max_length=250,
        help_text=_(
            "Voor wie de foto niet kan zien, bijvoorbeeld: twee medewerkers in de werkplaats."
        ),
    )

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return clean_image(upload, name_prefix="foto")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("alt_text") or "").strip():
            self.add_error("alt_text", _("Beschrijf wat er op de foto te zien is."))
        return cleaned


class BasePhotoFormSet(forms.BaseFormSet):
    def new_photos(self) -> list[tuple[Any, str]]:
        return [
            (form.cleaned_data["image"], form.cleaned_data["alt_text"])
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("image")
        ]


PhotoFormSet = forms.formset_factory(PhotoForm, formset=BasePhotoFormSet, extra=2, max_num=2)


class ReviewDecision:
    APPROVE = "approve"
    CHANGES = "changes"
    REJECT = "reject"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Uw besluit"),
        widget=forms.RadioSelect,
        choices=[
            (ReviewDecision.APPROVE, _("Goedkeuren en publiceren")),
            (ReviewDecision.CHANGES, _("Wijzigingen vragen")),
            (ReviewDecision.REJECT, _("Afwijzen")),
        ],
    )
    message = forms.CharField(
        label=_("Bericht aan de organisatie"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Verplicht bij wijzigingen vragen en afwijzen. De leden krijgen het per e-mail."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("decision") in (ReviewDecision.CHANGES, ReviewDecision.REJECT)
            and not (cleaned.get("message") or "").strip()
        ):
            self.add_error(
                "message", _("Schrijf de organisatie waarom, zodat zij weet wat er moet gebeuren.")
            )
        return cleaned


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Uw besluit"),
        widget=forms.RadioSelect,
        choices=[
            (ReviewDecision.APPROVE, _("Goedkeuren: de aanvrager wordt eigenaar")),
            (ReviewDecision.REJECT, _("Afwijzen")),
        ],
    )
    message = forms.CharField(
        label=_("Bericht aan de aanvrager"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht bij afwijzen."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ReviewDecision.REJECT
            and not (cleaned.get("message") or "").strip()
        ):
            self.add_error("message", _("Schrijf de aanvrager waarom de aanvraag is afgewezen."))
        return cleaned


# --- staff import (views/imports.py) --------------------------------------------------------------


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Importbestand"),
        help_text=_(
            "Een CSV-bestand (UTF-8, gescheiden door ; of ,) of een Excel-bestand (.xlsx) met de "
            "kolommen van de export van de etalage; hoogstens 10 MB en 20.000 rijen."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        from impactplein.directory import tabular

        upload = self.cleaned_data["file"]
        if upload.size > tabular.MAX_FILE_BYTES:
            raise ValidationError(
                _("Het bestand is te groot: een importbestand mag hoogstens %(mb)s MB zijn."),
                code="too_big",
                params={"mb": tabular.MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload


class ImportConfirmForm(forms.Form):
    batch = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
