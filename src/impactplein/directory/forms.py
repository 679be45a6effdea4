"""Forms of the directory's pages. Each area has its own block below; the checks that need the
database or several records live in ``services.py``, the forms check what one request holds."""

import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from impactplein.directory import scan

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
