"""Export of a programme's activities (CSV, Excel) and the bulk update in the same columns."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from impactplein.core import tabular
from impactplein.programme import imports, selectors
from impactplein.programme.forms import ConfirmImportForm, ImportForm
from impactplein.programme.views.common import partnership_or_404, programme_or_404, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export(request: HttpRequest, year: int, extension: str) -> HttpResponse:
    partnership = partnership_or_404()
    programme = programme_or_404(partnership, year)
    require(request, "programme.view_actionprogramme", programme)
    rows = imports.export_rows(list(selectors.activities_of(programme=programme)))
    filename = f"actieprogramma-{year}-activiteiten.{extension}"
    if extension == "xlsx":
        data = tabular.write_xlsx(rows, imports.HEADERS, sheet_title=f"Activiteiten {year}")
        response = HttpResponse(data, content_type=XLSX)
    elif extension == "csv":
        buffer = io.StringIO(newline="")
        buffer.write("\ufeff")
        tabular.write_csv(rows, buffer, imports.HEADERS)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_activities(request: HttpRequest, year: int) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (all rows written, or none)."""
    partnership = partnership_or_404()
    programme = programme_or_404(partnership, year)
    require(request, "programme.import_activities")
    context = {
        "programme": programme,
        "columns": imports.COLUMNS,
        "status_words": list(imports.STATUS_WORDS),
    }
    form = ImportForm()
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            try:
                plan = imports.import_apply(
                    actor=request.user, programme=programme, token=confirm.cleaned_data["token"]
                )
            except imports.ImportRefused as refused:
                if refused.plan is not None:
                    context["plan"] = refused.plan
                messages.error(
                    request,
                    refused.message
                    or _("Er is niets opgeslagen: het bestand klopt niet meer met het programma."),
                )
                return render(
                    request, "programme/import.html", {**context, "form": form}, status=409
                )
            messages.success(
                request,
                _("Verwerkt: %(updated)s gewijzigd, %(created)s nieuw, %(same)s ongewijzigd.")
                % {
                    "updated": plan.count(imports.UPDATE),
                    "created": plan.count(imports.CREATE),
                    "same": plan.count(imports.UNCHANGED),
                },
            )
            return redirect("programme:year", year=year)
    if request.method == "POST" and "token" not in request.POST:
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            plan = imports.plan_file(programme, upload.read(), upload.name or "")
            if plan.file_error:
                form.add_error("file", plan.file_error)
            else:
                context["plan"] = plan
                if plan.is_valid:
                    context["confirm_form"] = ConfirmImportForm(
                        initial={"token": imports.plan_token(programme, plan)}
                    )
        status = 400 if form.errors or ("plan" in context and not context["plan"].is_valid) else 200
        return render(request, "programme/import.html", {**context, "form": form}, status=status)
    return render(request, "programme/import.html", {**context, "form": form})
