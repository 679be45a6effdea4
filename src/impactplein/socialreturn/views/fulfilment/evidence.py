"""Evidence of an entry: the upload, and the download that serves the private file."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from impactplein.socialreturn.forms.fulfilment import EvidenceForm
from impactplein.socialreturn.models import EntryEvidence
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.services import fulfilment as services
from impactplein.socialreturn.views.fulfilment.common import (
    entry_for,
    login_required,
)
from impactplein.socialreturn.views.fulfilment.detail import detail_page


@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    if request.method != "POST":
        return redirect("socialreturn:entry", pk=entry.pk)
    if not request.user.has_perm("socialreturn.add_fulfilmententry", entry.contract):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, entry=entry, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het bewijsstuk is toegevoegd."))
            return redirect("socialreturn:entry", pk=entry.pk)
    return detail_page(request, entry, evidence_form=form, status=400)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item: EntryEvidence = selectors.evidence_get(pk=pk)
    except EntryEvidence.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("socialreturn.view_entryevidence", item):
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1].lower()
    content_type = services.CONTENT_TYPES.get(extension) or (
        mimetypes.guess_type(f"x.{extension}")[0] or "application/octet-stream"
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=extension not in ("jpg", "png"),
        filename=item.original_name or f"bewijs-{item.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
