"""A contract's period reports (tab "Rapportages") and submitting one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactplein.socialreturn.forms.fulfilment import ReportSubmitForm
from impactplein.socialreturn.models import PeriodReport
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.services import reports as report_services
from impactplein.socialreturn.views.fulfilment.common import (
    contract_for,
    errors_as_text,
    login_required,
)


@login_required
def contract_reports(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    report_services.ensure_reports(contract)
    today = timezone.localdate()
    rows = selectors.reports_of_contract(contract, today=today)
    can_submit = bool(rows) and request.user.has_perm(
        "socialreturn.change_periodreport", rows[0].report
    )
    return render(
        request,
        "socialreturn/fulfilment/reports.html",
        {
            "contract": contract,
            "rows": rows,
            "can_submit": can_submit,
            "form": ReportSubmitForm(),
            "today": today,
        },
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.report_get(pk=pk)
    except PeriodReport.DoesNotExist as error:
        raise Http404 from error
    contract_for(request, report.contract_id)
    if not request.user.has_perm("socialreturn.change_periodreport", report):
        raise PermissionDenied
    form = ReportSubmitForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        _report, count = report_services.report_submit(actor=request.user, report=report, note=note)
    except ValidationError as error:
        messages.error(request, errors_as_text(error))
    else:
        messages.success(
            request,
            _("De rapportage is ingediend, met %(count)s invulling(en) die nog concept waren.")
            % {"count": count},
        )
    return redirect("socialreturn:contract_reports", pk=report.contract_id)
