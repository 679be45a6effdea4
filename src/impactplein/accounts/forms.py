from django import forms
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import SignupForm as AllauthSignupForm

from impactplein.accounts.models import User

DISPLAY_NAME_HELP = _("Optioneel. Zo tonen we je op Impactplein; anders tonen we je e-mailadres.")


def display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Naam"),
        required=False,
        max_length=User._meta.get_field("display_name").max_length,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class SignupForm(AllauthSignupForm):
    """Sign-up asks no more than an e-mail address, a password and, if wished, a name."""

    display_name = display_name_field()

    field_order = ["email", "display_name", "password1", "password2"]


class DisplayNameForm(forms.Form):
    display_name = display_name_field()
