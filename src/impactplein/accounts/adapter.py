from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter

from impactplein.accounts.access import must_set_up_mfa, tell_to_set_up_mfa


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Te veel mislukte inlogpogingen voor dit account. Om het te beschermen kun je een "
            "paar minuten niet inloggen. Probeer het later opnieuw, of kies een nieuw wachtwoord "
            'via "Wachtwoord vergeten?".'
        ),
    }

    def save_user(
        self, request: HttpRequest, user: Any, form: BaseForm, commit: bool = True
    ) -> Any:
        display_name = form.cleaned_data.get("display_name")
        if display_name:
            user.display_name = display_name.strip()
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff without an authenticator app go straight to its set-up after logging in."""
        if must_set_up_mfa(request.user):
            tell_to_set_up_mfa(request)
            return reverse("mfa_activate_totp")
        return super().get_login_redirect_url(request)
