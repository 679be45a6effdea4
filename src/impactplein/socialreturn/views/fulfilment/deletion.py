"""Deleting a draft entry: a page that shows what goes, then the deletion over the version seen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import FulfilmentEntry
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.services import fulfilment as services
from impactplein.socialreturn.services.fulfilment import StaleEntryError
from impactplein.socialreturn.views.fulfilment.common import (
    entry_for,
    errors_as_text,
    login_required,
    posted_version,
)

STALE_DELETE_MESSAGE = gettext_lazy(
    "Iemand anders heeft deze invulling intussen gewijzigd. Er is niets verwijderd; hieronder "
    "staan de nieuwste gegevens. Bevestig opnieuw als u haar nog steeds wilt verwijderen."
)
NO_VERSION_MESSAGE = gettext_lazy(
    "Er is niets verwijderd, omdat niet vaststond welke versie van de invulling u zag. Bekijk de "
    "gegevens hieronder en bevestig opnieuw."
)


def _delete_page(
    request: HttpRequest, entry: FulfilmentEntry, *, warning: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "socialreturn/fulfilment/delete.html",
        {
            "entry": entry,
            "contract": entry.contract,
            "summary": selectors.entry_summary(entry),
            "fields": selectors.entry_fields(entry),
            "evidence": selectors.evidence_of(entry),
            "warning": warning,
        },
        status=status,
    )


def _refuse_delete(request: HttpRequest, entry: FulfilmentEntry) -> HttpResponse:
    messages.error(request, str(services.NOT_DELETABLE[entry.status]))
    return redirect("socialreturn:entry", pk=entry.pk)


@login_required
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask before deleting a draft (GET), delete it (POST) over the version the page showed."""
    entry = entry_for(request, pk)
    if entry.status != EntryStatus.DRAFT:
        return _refuse_delete(request, entry)
    if not request.user.has_perm("socialreturn.change_fulfilmententry", entry):
        raise PermissionDenied
    if request.method != "POST":
        return _delete_page(request, entry)
    version = posted_version(request)
    if version is None:
        return _delete_page(request, entry, warning=str(NO_VERSION_MESSAGE), status=400)
    try:
        services.entry_delete(actor=request.user, entry=entry, version=version)
    except StaleEntryError as stale:
        fresh = selectors.entry_get(pk=stale.current.pk)
        if fresh.status != EntryStatus.DRAFT:
            return _refuse_delete(request, fresh)
        return _delete_page(request, fresh, warning=str(STALE_DELETE_MESSAGE), status=409)
    except ValidationError as error:
        messages.error(request, errors_as_text(error))
        return redirect("socialreturn:entry", pk=entry.pk)
    messages.success(
        request,
        _(
            "Invulling #%(number)s is verwijderd. Wie haar verwijderde en wanneer, blijft "
            "vastgelegd."
        )
        % {"number": entry.pk},
    )
    return redirect("socialreturn:contract_entries", pk=entry.contract_id)
