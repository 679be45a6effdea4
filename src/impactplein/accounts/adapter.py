from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter


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
