"""Staff import of organisations and impact profiles (``/etalage/import/``).

Upload a file, see per row what it will do and what is wrong, confirm. The checks and the writes
are in ``directory/imports.py``; this view parses the request, checks the permission and renders.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from impactplein.directory import imports, tabular
from impactplein.directory.forms import ImportConfirmForm, ImportUploadForm
from impactplein.directory.models import ImportBatch

PERMISSION = "directory.import_impactprofile"
# Rows without errors or duplicates shown in the preview; the counts cover every row.
PREVIEW_ROWS = 500


def import_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST" and "sha256" in request.POST:
        return _confirm(request)
    if request.method == "POST":
        return _upload(request)
    done = _applied_batch(request)
    return render(
        request,
        "directory/import/upload.html",
        {"form": ImportUploadForm(), "headers": tabular.COLUMNS, "done": done},
    )


def _applied_batch(request: HttpRequest) -> ImportBatch | None:
    pk = request.GET.get("verwerkt", "")
    if not pk.isdigit():
        return None
    return ImportBatch.objects.filter(
        pk=int(pk), uploaded_by=request.user, status=ImportBatch.Status.APPLIED
    ).first()


def _upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form, status=400)
    upload = form.cleaned_data["file"]
    plan, batch = imports.import_upload(
        actor=request.user, data=upload.read(), filename=upload.name or ""
    )
    if plan.file_error:
        form.add_error("file", plan.file_error)
        return _render_upload(request, form, status=400)
    return _render_preview(request, plan, batch, filename=upload.name or "")


def _render_upload(request: HttpRequest, form: ImportUploadForm, status: int) -> HttpResponse:
    context = {"form": form, "headers": tabular.COLUMNS, "done": None}
    return render(request, "directory/import/upload.html", context, status=status)


def _render_preview(
    request: HttpRequest,
    plan: imports.Plan,
    batch: ImportBatch | None,
    *,
    filename: str,
    status: int | None = None,
) -> HttpResponse:
    notable = [row for row in plan.rows if row.errors or row.duplicates]
    others = [row for row in plan.rows if not (row.errors or row.duplicates)]
    context = {
        "plan": plan,
        "filename": filename,
        "rows": notable + others[:PREVIEW_ROWS],
        "hidden_rows": max(0, len(others) - PREVIEW_ROWS),
        "confirm_form": (
            ImportConfirmForm(initial={"batch": batch.pk, "sha256": batch.sha256})
            if batch is not None
            else None
        ),
        "form": ImportUploadForm(),
    }
    if status is None:
        status = 200 if plan.is_valid else 400
    return render(request, "directory/import/preview.html", context, status=status)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dit importbestand is niet te vinden. Upload het opnieuw."))
        return redirect("directory:import")
    try:
        plan = imports.import_apply(
            actor=request.user,
            batch_pk=form.cleaned_data["batch"],
            sha256=form.cleaned_data["sha256"],
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
    if not plan.is_valid:
        # The database changed since the preview: show what no longer fits; nothing was written.
        messages.error(
            request,
            _(
                "Sinds de controle is er iets veranderd waardoor niet alle rijen meer kloppen. "
                "Er is niets opgeslagen."
            ),
        )
        return _render_preview(request, plan, None, filename="", status=409)
    summary = plan.summary
    messages.success(
        request,
        _(
            "Het bestand is verwerkt: %(create)s nieuw, %(update)s gewijzigd, "
            "%(unchanged)s ongewijzigd."
        )
        % summary,
    )
    return redirect(f"{reverse('directory:import')}?verwerkt={form.cleaned_data['batch']}")
