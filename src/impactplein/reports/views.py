"""The reports' pages: choosing a meeting or a period, the progress report as page, PDF and
workbook (for who may read the programme), a year's evaluation as PDF, and the public monitor
(for everyone)."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from impactplein.programme import selectors as programme_selectors
from impactplein.programme.models import Partnership
from impactplein.programme.selectors import evaluation as evaluation_selectors
from impactplein.reports import monitor as monitor_reads
from impactplein.reports import presentation
from impactplein.reports.progress import (
    PeriodError,
    ProgressReport,
    meetings_for_choice,
    progress_report,
)

READ = "programme.view_actionprogramme"


def _partnership(request: HttpRequest) -> Partnership:
    partnership = programme_selectors.partnership_current()
    if partnership is None:
        raise Http404
    if not request.user.has_perm(READ, partnership):
        raise PermissionDenied
    return partnership


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _choice(
    request: HttpRequest, partnership: Partnership
) -> tuple[ProgressReport | None, list[str]]:
    """The report the query asks for (?overleg=<id> or ?van=&tot=), else the problems."""
    errors: list[str] = []
    meeting_id = request.GET.get("overleg", "").strip()
    if meeting_id:
        meeting = (
            meetings_for_choice(partnership=partnership).filter(pk=meeting_id).first()
            if meeting_id.isdigit()
            else None
        )
        if meeting is None:
            return None, [_("Kies een overleg uit de lijst.")]
        return progress_report(partnership=partnership, meeting=meeting), []
    start, end = request.GET.get("van", ""), request.GET.get("tot", "")
    if not start and not end:
        return None, [_("Kies een overleg of vul een periode in.")]
    period_start, period_end = _date(start), _date(end)
    if period_start is None:
        errors.append(_('Vul bij "Van" een geldige datum in.'))
    if period_end is None:
        errors.append(_('Vul bij "Tot en met" een geldige datum in.'))
    if errors:
        return None, errors
    try:
        report = progress_report(
            partnership=partnership, period_start=period_start, period_end=period_end
        )
    except PeriodError:
        return None, [_("De periode eindigt voordat hij begint.")]
    return report, []


def _index(
    request: HttpRequest, partnership: Partnership, errors: list[str], status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "reports/index.html",
        {
            "partnership": partnership,
            "meetings": meetings_for_choice(partnership=partnership),
            "errors": errors,
            "chosen_meeting": request.GET.get("overleg", ""),
            "van": request.GET.get("van", date(today.year, 1, 1).isoformat()),
            "tot": request.GET.get("tot", today.isoformat()),
        },
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request)
    return _index(request, partnership, [])


def _query(request: HttpRequest) -> str:
    return request.GET.urlencode()


@login_required
def progress(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    partnership = _partnership(request)
    report, errors = _choice(request, partnership)
    if report is None:
        return _index(request, partnership, errors, status=400)
    name = f"voortgangsrapportage-{report.start.isoformat()}-{report.end.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            presentation.workbook(report), content_type=presentation.XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    context: dict[str, Any] = {
        **presentation.report_context(report),
        "query": _query(request),
        "today": timezone.localdate(),
    }
    if fmt == "pdf":
        response = HttpResponse(presentation.render_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    return render(request, "reports/progress.html", context)


@login_required
def evaluation_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The year's evaluation as a PDF for the council and the partners' own boards."""
    partnership = _partnership(request)
    programme = partnership.programmes.filter(year=year).first()
    if programme is None:
        raise Http404
    if not request.user.has_perm("programme.view_yearevaluation", programme):
        raise PermissionDenied
    evaluation = evaluation_selectors.evaluation_of(programme=programme)
    if evaluation is None:
        raise Http404
    context = {
        "programme": programme,
        "evaluation": evaluation,
        "results": evaluation_selectors.evaluation_results(
            programme=programme, evaluation=evaluation
        ),
        "today": timezone.localdate(),
    }
    response = HttpResponse(
        presentation.render_pdf(context, "reports/pdf/evaluation.html"),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="jaarevaluatie-{year}.pdf"'
    return response


def monitor(request: HttpRequest) -> HttpResponse:
    partnership = programme_selectors.partnership_current()
    context = monitor_reads.monitor_context(partnership) if partnership else {}
    return render(request, "reports/monitor.html", {"partnership": partnership, **context})
