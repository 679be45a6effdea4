from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from impactplein.accounts.forms import DisplayNameForm
from impactplein.accounts.selectors import user_email_addresses, user_has_totp, user_roles
from impactplein.accounts.services import user_set_display_name


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """My account: name, e-mail addresses, password, multi-factor login and roles."""
    user = request.user
    form = DisplayNameForm(request.POST or None, initial={"display_name": user.display_name})
    if request.method == "POST" and form.is_valid():
        user_set_display_name(user=user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Je naam is opgeslagen."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "email_addresses": user_email_addresses(user=user),
        "has_totp": user_has_totp(user=user),
        "roles": user_roles(user=user),
        "has_password": user.has_usable_password(),
    }
    return render(request, "accounts/profile.html", context)
