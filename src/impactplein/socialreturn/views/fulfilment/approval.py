"""Submitting an entry, an officer's decision on it, and the officers' approval queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactplein.accounts.access import staff_permission_required
from impactplein.socialreturn.forms.fulfilment import (
    QueueFilterForm,
    RejectForm,
)
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.services import fulfilment as services
from impactplein.socialreturn.services.fulfilment import StaleEntryError
from impactplein.socialreturn.views.fulfilment.common import (
    STALE_MESSAGE,
    entry_for,
    errors_as_text,
    login_required,
    posted_version,
)
from impactplein.socialreturn.views.fulfilment.detail import detail_page


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    if not request.user.has_perm("socialreturn.change_fulfilmententry", entry):
        raise PermissionDenied
    try:
        services.entry_submit(actor=request.user, entry=entry, version=posted_version(request))
    except StaleEntryError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, errors_as_text(error))
    else:
        messages.success(request, _("De invulling is ingediend en wacht op beoordeling."))
    return redirect("socialreturn:entry", pk=entry.pk)


@login_required
@require_POST
def entry_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk, "socialreturn.approve_fulfilmententry")
    decision = request.POST.get("decision", "")
    version = posted_version(request)
    try:
        if decision == "approve":
            services.entry_approve(actor=request.user, entry=entry, version=version)
            messages.success(request, _("De invulling is goedgekeurd en staat nu vast."))
        elif decision == "reject":
            form = RejectForm(request.POST)
            form.is_valid()
            try:
                services.entry_reject(
                    actor=request.user,
                    entry=entry,
                    version=version,
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "reason" in error.error_dict:
                    form.add_service_errors(error)
                    return detail_page(request, entry, reject_form=form, status=400)
                raise
            messages.success(
                request, _("De invulling is afgewezen; de opdrachtnemer ziet de reden.")
            )
        else:
            return HttpResponse(status=400)
    except StaleEntryError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, errors_as_text(error))
    return redirect("socialreturn:entry", pk=entry.pk)


@staff_permission_required("socialreturn.approve_fulfilmententry")
def approval_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, suppliers=selectors.queue_suppliers())
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        supplier = form.cleaned_data.get("supplier")
        filters = selectors.QueueFilters(
            contract=form.cleaned_data.get("contract") or "",
            supplier=supplier.pk if supplier else None,
            kind=form.cleaned_data.get("kind") or "",
        )
    page = Paginator(selectors.approval_queue(filters), selectors.QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    return render(
        request,
        "socialreturn/fulfilment/queue.html",
        {
            "form": form
            if form.is_bound
            else QueueFilterForm(suppliers=selectors.queue_suppliers()),
            "page_obj": page,
            "rows": [
                {
                    "entry": entry,
                    "summary": selectors.entry_summary(entry),
                    "waiting_days": (now - entry.submitted_at).days if entry.submitted_at else 0,
                    "own": not services.may_decide(request.user, entry),
                }
                for entry in page
            ],
        },
    )
