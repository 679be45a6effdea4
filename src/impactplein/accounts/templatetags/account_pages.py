"""Helpers for the allauth pages, which allauth renders without knowing our page shell."""

from django import forms, template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.core.navigation import Crumb
from impactplein.core.templatetags.impactplein import build_trail

register = template.Library()

# URL name of an account page -> the name of that page in the breadcrumb trail.
PAGE_LABELS: dict[str, str | Promise] = {
    "account_login": _("Inloggen"),
    "account_signup": _("Account aanmaken"),
    "account_logout": _("Uitloggen"),
    "account_inactive": _("Account niet actief"),
    "account_reauthenticate": _("Bevestig dat jij het bent"),
    "account_email": _("E-mailadressen"),
    "account_email_verification_sent": _("Bevestig je e-mailadres"),
    "account_confirm_email": _("Bevestig je e-mailadres"),
    "account_change_password": _("Wachtwoord wijzigen"),
    "account_set_password": _("Wachtwoord instellen"),
    "account_reset_password": _("Wachtwoord vergeten"),
    "account_reset_password_done": _("Wachtwoord vergeten"),
    "account_reset_password_from_key": _("Nieuw wachtwoord"),
    "account_reset_password_from_key_done": _("Nieuw wachtwoord"),
    "mfa_index": _("Tweestapsverificatie"),
    "mfa_authenticate": _("Tweestapsverificatie"),
    "mfa_reauthenticate": _("Bevestig dat jij het bent"),
    "mfa_activate_totp": _("Authenticator-app instellen"),
    "mfa_deactivate_totp": _("Authenticator-app uitzetten"),
    "mfa_view_recovery_codes": _("Herstelcodes"),
    "mfa_generate_recovery_codes": _("Herstelcodes"),
    "socialaccount_connections": _("Gekoppelde accounts"),
    "socialaccount_signup": _("Account aanmaken"),
    "socialaccount_login_error": _("Inloggen"),
    "socialaccount_login_cancelled": _("Inloggen"),
}


def account_trail(request: HttpRequest | None, *, in_account: bool) -> list[Crumb]:
    """The home page, "Mijn account" for one's own account pages, then the current page."""
    parts: list[object] = []
    if in_account:
        parts += [_("Mijn account"), reverse("accounts:profile")]
    match = getattr(request, "resolver_match", None)
    label = PAGE_LABELS.get(match.url_name) if match and match.url_name else None
    if label:
        parts.append(label)
    return build_trail(parts)


@register.filter
def without_placeholder(field: forms.BoundField) -> forms.BoundField:
    """Drop allauth's placeholders: they repeat the label and look like a filled-in value.

    Each form instance has its own copy of its fields and widgets, so this changes nothing
    beyond the form being rendered.
    """
    field.field.widget.attrs.pop("placeholder", None)
    return field


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def account_breadcrumbs(context: template.Context, in_account: bool = False) -> dict[str, object]:
    """``{% account_breadcrumbs %}`` or, under "Mijn account", ``in_account=True``."""
    return {"crumbs": account_trail(context.get("request"), in_account=in_account)}
