"""Staff import of organisations and impact profiles (``/etalage/import/``).

Upload a file; the worker checks it (at once for a small file) and ``/etalage/import/<batch>/``
shows the state, updating itself (htmx; a link without JavaScript) while the worker is busy,
then per row what will happen and what is wrong; the confirmation has the worker apply it, and
the same page shows the outcome. The checks and the writes are in ``directory/imports.py``;
these views parse the request, check the permission and render. A batch is shown only to the
person who uploaded it (others, even with the import permission, get 404): a file may hold data
they need not see.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from impactplein.directory import imports, tabular
from impactplein.directory.forms import ImportConfirmForm, ImportUploadForm
from impactplein.directory.models import ImportBatch

PERMISSION = "directory.import_impactprofile"
# Rows without errors or duplicates shown in the preview; the counts cover every row.
PREVIEW_ROWS = 500
# Seconds between the automatic reloads of a batch the worker is busy with.
REFRESH_SECONDS = 5
WORKING = {
    ImportBatch.Status.UPLOADED,
    ImportBatch.Status.CHECKING,
    ImportBatch.Status.APPLYING,
}


def _refuse(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return None


def import_view(request: HttpRequest) -> HttpResponse:
    if (refused := _refuse(request)) is not None:
        return refused
    if request.method == "POST":
        return _upload(request)
    return _render_upload(request, ImportUploadForm(), status=200)


def _upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        batch = imports.import_upload(
            actor=request.user,
            data=upload.read(),
            filename=upload.name or "",
            language=get_language() or "nl",
        )
    except imports.FileRefused as refused:
        form.add_error("file", refused.message)
        return _render_upload(request, form, status=400)
    return redirect("directory:import_batch", pk=batch.pk)


def _render_upload(request: HttpRequest, form: ImportUploadForm, status: int) -> HttpResponse:
    context = {
        "form": form,
        "headers": tabular.COLUMNS,
        "batches": imports.recent_batches(actor=request.user),
    }
    return render(request, "directory/import/upload.html", context, status=status)


def batch_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _refuse(request)) is not None:
        return refused
    batch = imports.batch_for(actor=request.user, pk=pk)
    if batch is None:
        raise Http404
    if request.method == "POST":
        return _confirm(request, batch)
    if batch.status in WORKING:
        # With JavaScript, htmx asks for the page every few seconds and swaps in its main part
        # (a timed reload of the whole page would fail WCAG 2.2.1); without it, a link refreshes.
        context = {"batch": batch, "refresh_seconds": REFRESH_SECONDS}
        return render(request, "directory/import/working.html", context)
    if batch.status == ImportBatch.Status.CHECKED:
        return _render_preview(request, batch)
    return render(request, "directory/import/outcome.html", {"batch": batch})


def _render_preview(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    plan = imports.stored_plan(batch)
    notable = [row for row in plan.rows if row.errors or row.duplicates]
    others = [row for row in plan.rows if not (row.errors or row.duplicates)]
    context = {
        "batch": batch,
        "plan": plan,
        "filename": batch.filename,
        "rows": notable + others[:PREVIEW_ROWS],
        "hidden_rows": max(0, len(others) - PREVIEW_ROWS),
        "confirm_form": (
            ImportConfirmForm(initial={"batch": batch.pk, "sha256": batch.sha256})
            if plan.is_valid
            else None
        ),
        "form": ImportUploadForm(),
    }
    return render(request, "directory/import/preview.html", context)


def _confirm(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    if not form.is_valid() or form.cleaned_data["batch"] != batch.pk:
        messages.error(request, _("Dit importbestand is niet te vinden. Upload het opnieuw."))
        return redirect("directory:import")
    try:
        imports.import_confirm(
            actor=request.user, batch_pk=batch.pk, sha256=form.cleaned_data["sha256"]
        )
    except imports.BatchGone:
        messages.error(
            request,
            _(
                "Dit importbestand is al verwerkt, verlopen of niet van u. Upload het opnieuw "
                "om het nog eens te bekijken."
            ),
        )
        return redirect("directory:import")
    return redirect("directory:import_batch", pk=batch.pk)
