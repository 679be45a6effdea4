"""The yearly evaluation: results per objective against targets, narratives, decisions, closing.

The table's members and partners' members read it; the coordinator starts it, writes it and
closes it. A stale form keeps what its author typed and shows what was saved meanwhile.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from impactplein.programme.forms_evaluation import CloseForm, ObjectiveEvaluationForm, SummaryForm
from impactplein.programme.models import ActionProgramme, Objective, YearEvaluation
from impactplein.programme.selectors.evaluation import evaluation_of, evaluation_results
from impactplein.programme.services import evaluation as writes
from impactplein.programme.views.common import (
    partnership_or_404,
    programme_or_404,
    require,
    resubmittable,
)


def _programme(request: HttpRequest, year: int) -> ActionProgramme:
    programme = programme_or_404(partnership_or_404(), year)
    require(request, "programme.view_yearevaluation", programme)
    return programme


def _open_evaluation(request: HttpRequest, programme: ActionProgramme) -> YearEvaluation:
    require(request, "programme.change_yearevaluation", programme)
    evaluation = evaluation_of(programme=programme)
    if evaluation is None:
        raise Http404
    return evaluation


def _closed_refusal(request: HttpRequest, evaluation: YearEvaluation) -> HttpResponse | None:
    if evaluation.is_closed:
        messages.error(
            request,
            _("De evaluatie van %(year)s is afgesloten en kan niet meer worden gewijzigd.")
            % {"year": evaluation.programme.year},
        )
        return redirect("programme:evaluation", year=evaluation.programme.year)
    return None


@login_required
def evaluation(request: HttpRequest, year: int) -> HttpResponse:
    """The evaluation of ``year``; a POST by the coordinator starts it."""
    programme = _programme(request, year)
    record = evaluation_of(programme=programme)
    user = request.user
    error = ""
    if request.method == "POST":
        require(request, "programme.add_yearevaluation", programme)
        try:
            writes.evaluation_start(actor=user, programme=programme)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("De evaluatie van %(year)s is begonnen.") % {"year": programme.year}
            )
            return redirect("programme:evaluation", year=year)
    results = evaluation_results(programme=programme, evaluation=record)
    is_open = record is not None and not record.is_closed
    return render(
        request,
        "programme/evaluation/detail.html",
        {
            "programme": programme,
            "evaluation": record,
            "results": results,
            "error": error,
            "can_start": record is None
            and programme.is_adopted
            and user.has_perm("programme.add_yearevaluation", programme),
            "can_edit": is_open and user.has_perm("programme.change_yearevaluation", programme),
            "can_close": is_open and user.has_perm("programme.close_yearevaluation", programme),
            "next_year_in_period": programme.year + 1 in programme.partnership.years,
        },
        status=400 if error else 200,
    )


@login_required
def summary_edit(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    record = _open_evaluation(request, programme)
    if refusal := _closed_refusal(request, record):
        return refusal
    form = SummaryForm(
        request.POST or None, initial={"summary": record.summary, "version": record.version}
    )
    stale: YearEvaluation | None = None
    if request.method == "POST" and form.is_valid():
        try:
            writes.evaluation_summary_update(
                actor=request.user,
                evaluation=record,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
            )
        except writes.StaleEvaluationError as refused:
            stale = refused.current  # type: ignore[assignment]
            form = resubmittable(SummaryForm, request, stale.version)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De samenvatting is opgeslagen."))
            return redirect("programme:evaluation", year=year)
    return render(
        request,
        "programme/evaluation/summary_form.html",
        {
            "programme": programme,
            "form": form,
            "stale": stale,
            "saved_text": stale.summary if stale else "",
        },
        status=409 if stale else (400 if form.errors else 200),
    )


@login_required
def objective_edit(request: HttpRequest, year: int, objective_pk: int) -> HttpResponse:
    programme = _programme(request, year)
    record = _open_evaluation(request, programme)
    if refusal := _closed_refusal(request, record):
        return refusal
    try:
        objective = programme.partnership.objectives.get(pk=objective_pk)
    except Objective.DoesNotExist as missing:
        raise Http404 from missing
    row = record.objectives.filter(objective=objective).first()
    initial = {
        "narrative": row.narrative if row else "",
        "decision": row.decision if row else "",
        "adjustment": row.adjustment if row else "",
        "version": row.version if row else 1,
    }
    form = ObjectiveEvaluationForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            writes.objective_evaluation_update(
                actor=request.user,
                evaluation=record,
                objective=objective,
                expected_version=form.cleaned_data["version"],
                narrative=form.cleaned_data["narrative"],
                decision=form.cleaned_data["decision"],
                adjustment=form.cleaned_data["adjustment"],
            )
        except writes.StaleEvaluationError as refused:
            stale = refused.current
            form = resubmittable(ObjectiveEvaluationForm, request, stale.version)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("De evaluatie van %(code)s is opgeslagen.") % {"code": objective.code},
            )
            url = reverse("programme:evaluation", kwargs={"year": year})
            return redirect(f"{url}#doel-{slugify(objective.code)}")
    results = evaluation_results(programme=programme, evaluation=record)
    result = next(item for item in results.objectives if item.objective.pk == objective.pk)
    return render(
        request,
        "programme/evaluation/objective_form.html",
        {"programme": programme, "result": result, "form": form, "stale": stale},
        status=409 if stale else (400 if form.errors else 200),
    )


@login_required
def close(request: HttpRequest, year: int) -> HttpResponse:
    """Confirm and close: what the table decided, and what next year's draft will hold."""
    programme = _programme(request, year)
    record = _open_evaluation(request, programme)
    require(request, "programme.close_yearevaluation", programme)
    if refusal := _closed_refusal(request, record):
        return refusal
    form = CloseForm(
        request.POST or None,
        initial={"closed_on": timezone.localdate(), "version": record.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            closed = writes.evaluation_close(
                actor=request.user,
                evaluation=record,
                expected_version=form.cleaned_data["version"],
                on=form.cleaned_data["closed_on"],
            )
        except writes.StaleEvaluationError:
            form.add_error(
                None,
                _(
                    "Iemand anders heeft de evaluatie intussen gewijzigd. Bekijk de evaluatie "
                    "opnieuw en sluit daarna af."
                ),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if closed.next_programme is not None:
                messages.success(
                    request,
                    _(
                        "De evaluatie van %(year)s is afgesloten. Het actieprogramma "
                        "%(next)s staat klaar met %(count)s activiteiten."
                    )
                    % {
                        "year": year,
                        "next": closed.next_programme.year,
                        "count": closed.next_programme.activities.count(),
                    },
                )
                return redirect("programme:year", year=closed.next_programme.year)
            messages.success(
                request, _("De evaluatie van %(year)s is afgesloten.") % {"year": year}
            )
            return redirect("programme:evaluation", year=year)
    partnership = programme.partnership
    next_year = year + 1
    return render(
        request,
        "programme/evaluation/close.html",
        {
            "programme": programme,
            "evaluation": record,
            "results": evaluation_results(programme=programme, evaluation=record),
            "form": form,
            "next_year": next_year,
            "next_year_in_period": next_year in partnership.years,
            "existing_next": partnership.programmes.filter(year=next_year).exists(),
        },
        status=400 if form.errors else 200,
    )
