"""The partnership overview, a year's programme, and the work on a programme as a whole:
drafting next year, adopting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from impactplein.core import charts
from impactplein.programme import selectors, services
from impactplein.programme.constants import OPEN_STATUSES
from impactplein.programme.forms import AdoptForm
from impactplein.programme.models import ActionProgramme
from impactplein.programme.views.common import (
    partnership_or_404,
    percent,
    programme_or_404,
    require,
)


def _progress_chart(programme: ActionProgramme, rows: list[selectors.ObjectiveProgress]) -> dict:
    chart = charts.BarChart(
        id=f"objective-progress-{programme.year}",
        title=_("Voortgang per doel in %(year)s") % {"year": programme.year},
        description=_(
            "Gewogen voortgang van de activiteiten per doel, van 0 tot 100 procent: %(list)s."
        )
        % {"list": "; ".join(f"{row.objective.code}: {percent(row.percentage)}" for row in rows)},
        bars=[
            charts.Bar(f"{row.objective.code} {row.objective.title}", row.percentage)
            for row in rows
        ],
        maximum=100,
        value_heading=_("Voortgang (%)"),
        label_heading=_("Doel"),
        missing_label=_("geen activiteiten"),
        format_value=percent,
    )
    return {"svg": charts.chart_svg(chart), "table": charts.chart_table(chart)}


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    partnership = selectors.partnership_current()
    if partnership is None:
        require(request, "programme.view_actionprogramme")
        return render(request, "programme/overview.html", {"partnership": None})
    require(request, "programme.view_actionprogramme", partnership)
    programme = selectors.programme_for_year(
        partnership=partnership, year=timezone.localdate().year
    )
    rows = selectors.objective_progress(programme=programme) if programme else []
    return render(
        request,
        "programme/overview.html",
        {
            "partnership": partnership,
            "partners": selectors.partners_of(partnership=partnership),
            "objectives": selectors.objectives_of(partnership=partnership),
            "team": selectors.team_of(partnership=partnership),
            "programmes": selectors.programmes_of(partnership=partnership),
            "programme": programme,
            "rows": rows,
            "chart": _progress_chart(programme, rows) if programme else None,
            "can_view_budget": request.user.has_perm("programme.view_budget"),
        },
    )


@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    partnership = partnership_or_404()
    programme = programme_or_404(partnership, year)
    require(request, "programme.view_actionprogramme", programme)
    rows = selectors.objective_progress(programme=programme)
    user = request.user
    next_year = year + 1
    return render(
        request,
        "programme/year.html",
        {
            "partnership": partnership,
            "programme": programme,
            "rows": rows,
            "chart": _progress_chart(programme, rows),
            "programmes": selectors.programmes_of(partnership=partnership),
            "can_add": user.has_perm("programme.add_activity"),
            "can_adopt": user.has_perm("programme.adopt_actionprogramme")
            and not programme.is_adopted,
            "can_import": user.has_perm("programme.import_activities"),
            "can_draft_next": user.has_perm("programme.add_actionprogramme")
            and next_year in partnership.years
            and not partnership.programmes.filter(year=next_year).exists(),
            "next_year": next_year,
            "can_view_evaluation": user.has_perm("programme.view_yearevaluation", programme),
            "drafted_by": programme.drafted_by_evaluation.select_related("programme").first(),
        },
    )


@login_required
def next_year(request: HttpRequest, year: int) -> HttpResponse:
    """Draft the programme of ``year + 1`` from this year's open activities (after a check)."""
    partnership = partnership_or_404()
    programme = programme_or_404(partnership, year)
    require(request, "programme.add_actionprogramme")
    open_activities = selectors.activities_of(programme=programme).filter(status__in=OPEN_STATUSES)
    error = ""
    if request.method == "POST":
        try:
            draft = services.programme_for_next_year(
                actor=request.user, partnership=partnership, year=year + 1
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("Het concept-actieprogramma %(year)s is gemaakt met %(count)s activiteiten.")
                % {"year": draft.year, "count": draft.activities.count()},
            )
            return redirect("programme:year", year=draft.year)
    return render(
        request,
        "programme/next_year.html",
        {
            "programme": programme,
            "next_year": year + 1,
            "open_activities": open_activities,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def adopt(request: HttpRequest, year: int) -> HttpResponse:
    partnership = partnership_or_404()
    programme = programme_or_404(partnership, year)
    require(request, "programme.adopt_actionprogramme")
    form = AdoptForm(
        request.POST or None,
        initial={"adopted_on": timezone.localdate(), "version": programme.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_adopt(
                actor=request.user,
                programme=programme,
                expected_version=form.cleaned_data["version"],
                on=form.cleaned_data["adopted_on"],
            )
        except services.StaleProgrammeError:
            form.add_error(
                None,
                _("Iemand anders heeft dit actieprogramma intussen gewijzigd. Probeer opnieuw."),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Het actieprogramma %(year)s is vastgesteld.") % {"year": year}
            )
            return redirect("programme:year", year=year)
    return render(
        request,
        "programme/adopt.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )
