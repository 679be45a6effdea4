"""The budget of a year, the multi-year view of the partnership, and expenditure entry."""

import mimetypes
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from impactplein.programme import selectors, services
from impactplein.programme.forms import ExpenditureForm, FundingForm
from impactplein.programme.models import Expenditure, FundingSource
from impactplein.programme.views.common import budget_or_404, euro, partnership_or_404, require


@login_required
def multi_year(request: HttpRequest) -> HttpResponse:
    require(request, "programme.view_budget")
    partnership = partnership_or_404()
    overview = selectors.multi_year(partnership=partnership)
    return render(
        request,
        "programme/budget_years.html",
        {"partnership": partnership, "overview": overview, "euro": euro},
    )


@login_required
def budget_year(request: HttpRequest, year: int) -> HttpResponse:
    require(request, "programme.view_budget")
    partnership = partnership_or_404()
    budget = budget_or_404(partnership, year)
    return render(
        request,
        "programme/budget_year.html",
        {
            "partnership": partnership,
            "budget": budget,
            "figures": selectors.budget_figures(budget=budget),
            "lines": budget.lines.all(),
            "funding": budget.funding.select_related("partner"),
            "expenditure": selectors.expenditure_of(budget=budget),
            "can_add_expenditure": request.user.has_perm("programme.add_expenditure"),
            "can_change_funding": request.user.has_perm("programme.change_budget"),
            "can_view_evidence": request.user.has_perm("programme.view_expenditure"),
            "is_after_reevaluation": year >= partnership.reevaluation_year,
        },
    )


@login_required
def expenditure_add(request: HttpRequest, year: int) -> HttpResponse:
    require(request, "programme.add_expenditure")
    partnership = partnership_or_404()
    budget = budget_or_404(partnership, year)
    form = ExpenditureForm(
        request.POST or None,
        request.FILES or None,
        initial={"date": min(timezone.localdate(), date(year, 12, 31))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.expenditure_add(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De uitgave is vastgelegd."))
            return redirect("programme:budget_year", year=year)
    return render(
        request,
        "programme/expenditure_form.html",
        {"form": form, "budget": budget},
        status=400 if form.errors else 200,
    )


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence of an expense, for those who may see expenditure; never by a public URL."""
    require(request, "programme.view_expenditure")
    expenditure = Expenditure.objects.filter(pk=pk).first()
    if expenditure is None or not expenditure.evidence:
        raise Http404
    content_type = mimetypes.guess_type(expenditure.evidence.name)[0] or "application/octet-stream"
    response = FileResponse(
        expenditure.evidence.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=expenditure.evidence_name or expenditure.evidence.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def funding_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """Record a changed commitment or the money received from one funding source."""
    require(request, "programme.change_budget")
    partnership = partnership_or_404()
    budget = budget_or_404(partnership, year)
    source = FundingSource.objects.filter(pk=pk, budget=budget).first()
    if source is None:
        raise Http404
    form = FundingForm(
        request.POST or None, initial={"committed": source.committed, "received": source.received}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_source_update(actor=request.user, source=source, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De financieringsbron is bijgewerkt."))
            return redirect("programme:budget_year", year=year)
    return render(
        request,
        "programme/funding_form.html",
        {"form": form, "budget": budget, "source": source},
        status=400 if form.errors else 200,
    )
