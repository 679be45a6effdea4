"""What the fulfilment pages share: who may open a contract or an entry, the posted version,
the kinds' slugs and the status badges.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.forms.fulfilment import VersionForm
from impactplein.socialreturn.models import (
    Contract,
    FulfilmentEntry,
)
from impactplein.socialreturn.selectors import fulfilment as selectors

View = Callable[..., HttpResponse]

KIND_SLUGS = {
    "plaatsing": EntryKind.PLACEMENT,
    "inkoop": EntryKind.PURCHASE,
    "activiteit": EntryKind.ACTIVITY,
    "kostenpost": EntryKind.COST_ITEM,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}
STATUS_BADGES = {
    EntryStatus.DRAFT: "neutral",
    EntryStatus.SUBMITTED: "info",
    EntryStatus.APPROVED: "success",
    EntryStatus.REJECTED: "danger",
}
STALE_MESSAGE = gettext_lazy(
    "Iemand anders heeft deze invulling intussen gewijzigd. Uw wijziging is niet opgeslagen; "
    "bekijk de nieuwste gegevens en probeer het opnieuw."
)


def login_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def contract_for(
    request: HttpRequest, pk: int, perm: str = "socialreturn.view_contract"
) -> Contract:
    try:
        contract = Contract.objects.select_related("supplier", "scheme").get(pk=pk)
    except Contract.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("socialreturn.view_contract", contract):
        raise Http404  # a contract one may not see does not exist for them
    if not request.user.has_perm(perm, contract):
        raise PermissionDenied
    return contract


def entry_for(
    request: HttpRequest, pk: int, perm: str = "socialreturn.view_fulfilmententry"
) -> Any:
    try:
        entry = selectors.entry_get(pk=pk)
    except FulfilmentEntry.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("socialreturn.view_fulfilmententry", entry):
        raise Http404
    if not request.user.has_perm(perm, entry):
        raise PermissionDenied
    return entry


def posted_version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


def errors_as_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)
