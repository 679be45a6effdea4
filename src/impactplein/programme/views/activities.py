"""An activity's page with its timeline; partners' members update progress and add entries;
the coordinator adds and edits activities."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from impactplein.programme import selectors, services
from impactplein.programme.forms import ActivityForm, ProgressForm, TimelineEntryForm
from impactplein.programme.models import Activity
from impactplein.programme.views.common import (
    activity_or_404,
    partnership_or_404,
    programme_or_404,
    require,
)

STALE = gettext_lazy(
    "Iemand anders heeft deze activiteit intussen gewijzigd. Uw wijziging is niet opgeslagen; "
    "hieronder staan de nieuwste gegevens. Vul uw wijziging opnieuw in."
)


def _detail(
    request: HttpRequest,
    activity: Activity,
    *,
    progress_form: ProgressForm | None = None,
    timeline_form: TimelineEntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_progress = user.has_perm("programme.update_activity_progress", activity)
    can_timeline = user.has_perm("programme.add_timelineentry", activity)
    context: dict[str, Any] = {
        "activity": activity,
        "programme": activity.programme,
        "timeline": selectors.activity_timeline(activity=activity),
        "continuations": activity.continuations.select_related("programme"),
        "can_change": user.has_perm("programme.change_activity", activity),
        "can_progress": can_progress,
        "can_timeline": can_timeline,
    }
    if can_progress:
        context["progress_form"] = progress_form or ProgressForm(
            initial={
                "status": activity.status,
                "progress": activity.progress,
                "version": activity.version,
            }
        )
    if can_timeline:
        context["timeline_form"] = timeline_form or TimelineEntryForm(
            initial={"date": timezone.localdate()}
        )
    return render(request, "programme/activity.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    require(request, "programme.view_activity", activity)
    return _detail(request, activity)


@login_required
@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    require(request, "programme.update_activity_progress", activity)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data["version"],
                allowed=services.PROGRESS_FIELDS,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
            )
        except services.StaleActivityError as stale:
            current = activity_or_404(stale.current.pk)
            fresh = ProgressForm(
                initial={
                    "status": current.status,
                    "progress": current.progress,
                    "version": current.version,
                }
            )
            fresh.is_bound = False
            messages.error(request, STALE)
            return _detail(request, current, progress_form=fresh, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De voortgang is opgeslagen."))
            return redirect("programme:activity", pk=activity.pk)
    return _detail(request, activity, progress_form=form, status=400)


@login_required
@require_POST
def timeline_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    require(request, "programme.add_timelineentry", activity)
    form = TimelineEntryForm(request.POST)
    if form.is_valid():
        try:
            services.timeline_entry_add(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het bericht staat in de tijdlijn."))
            return redirect("programme:activity", pk=activity.pk)
    return _detail(request, activity, timeline_form=form, status=400)


def _activity_values(form: ActivityForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.ACTIVITY_FIELDS}


@login_required
def create(request: HttpRequest, year: int) -> HttpResponse:
    partnership = partnership_or_404()
    programme = programme_or_404(partnership, year)
    require(request, "programme.add_activity")
    form = ActivityForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        values = _activity_values(form)
        try:
            made = services.activity_create(actor=request.user, programme=programme, **values)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De activiteit is toegevoegd."))
            return redirect("programme:activity", pk=made.pk)
    return render(
        request,
        "programme/activity_form.html",
        {"form": form, "programme": programme, "activity": None},
        status=400 if form.errors else 200,
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    require(request, "programme.change_activity", activity)
    partnership = activity.programme.partnership
    form = ActivityForm(request.POST or None, instance=activity, partnership=partnership)
    stale = False
    if request.method == "POST" and form.is_valid():
        values = _activity_values(form)
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data.get("version") or 0,
                **values,
            )
        except services.StaleActivityError as refused:
            stale = True
            current = activity_or_404(refused.current.pk)
            form = ActivityForm(instance=current, partnership=partnership)
            activity = current
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De activiteit is opgeslagen."))
            return redirect("programme:activity", pk=activity.pk)
    return render(
        request,
        "programme/activity_form.html",
        {"form": form, "programme": activity.programme, "activity": activity, "stale": stale},
        status=409 if stale else (400 if form.errors else 200),
    )
