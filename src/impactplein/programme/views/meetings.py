"""The overlegtafel's meetings: list, page, forms, the open actions and the calendar feed."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from impactplein.programme import ical, selectors
from impactplein.programme.forms_meetings import (
    ActionFilterForm,
    ActionForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    VersionForm,
    agenda_forms,
)
from impactplein.programme.models import ActionItem, Attendance, Meeting, MeetingStatus
from impactplein.programme.selectors import meetings as reads
from impactplein.programme.services import meetings as writes
from impactplein.programme.services.programmes import StaleActivityError
from impactplein.programme.views.common import partnership_or_404, require, resubmittable

STALE_MEETING = gettext_lazy(
    "Iemand anders heeft dit overleg intussen gewijzigd. Uw wijziging is niet opgeslagen; "
    "hieronder staan de nieuwste gegevens. Vul uw wijziging opnieuw in."
)
STALE_ACTION = gettext_lazy(
    "Iemand anders heeft dit actiepunt intussen gewijzigd. Het is niet afgerond; "
    "bekijk de nieuwste stand en probeer het opnieuw."
)
STALE_ACTIVITY = gettext_lazy(
    "Iemand anders heeft deze activiteit intussen gewijzigd. Het besluit is niet opgeslagen; "
    "kies opnieuw wat er verandert."
)


def _meeting_or_404(pk: int) -> Meeting:
    try:
        return reads.meeting_get(pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error


def _all_valid(forms: list[Any]) -> bool:
    """Every form validated (so each shows its errors), then whether all passed."""
    results = [form.is_valid() for form in forms]
    return all(results)


def _can_read(request: HttpRequest, meeting: Meeting) -> None:
    require(request, "programme.view_meeting", meeting)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.view_meeting", partnership)
    now = timezone.now()
    token = reads.feed_token_of(user_id=request.user.pk)
    feed_url = None
    if token is not None:
        feed_url = request.build_absolute_uri(
            reverse("programme:meetings_ics") + f"?sleutel={token.token}"
        )
    return render(
        request,
        "programme/meetings/list.html",
        {
            "partnership": partnership,
            "upcoming": reads.meetings_upcoming(partnership=partnership, now=now),
            "past": reads.meetings_past(partnership=partnership, now=now),
            "can_add": request.user.has_perm("programme.add_meeting"),
            "open_count": len(reads.open_actions(partnership=partnership, today=now.date())),
            "feed_url": feed_url,
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    _can_read(request, meeting)
    today = timezone.localdate()
    attendance = {row.partner_id: row for row in meeting.attendance.all()}
    partners = list(selectors.partners_of(partnership=meeting.partnership))
    actions = [
        {
            "action": action,
            "overdue": action.is_open and action.due_date < today,
            "can_close": action.is_open
            and request.user.has_perm("programme.close_actionitem", action),
        }
        for action in meeting.actions.all()
    ]
    return render(
        request,
        "programme/meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "attendance": [(partner, attendance.get(partner.pk)) for partner in partners],
            "decisions": meeting.decisions.all(),
            "actions": actions,
            "can_change": request.user.has_perm("programme.change_meeting", meeting),
        },
    )


def _agenda_rows(forms: list[Any]) -> list[dict[str, Any]]:
    return [row for form in forms if (row := form.row()) is not None]


def _meeting_form_page(
    request: HttpRequest,
    *,
    form: MeetingForm,
    agenda: list[Any],
    meeting: Meeting | None,
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "programme/meetings/form.html",
        {"form": form, "agenda": agenda, "meeting": meeting, "stale": stale},
        status=status,
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.add_meeting")
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data)
    agenda = agenda_forms(partnership, [], data)
    if data is not None:
        valid = form.is_valid() & _all_valid(agenda)
        if valid:
            try:
                meeting = writes.meeting_create(
                    actor=request.user,
                    partnership=partnership,
                    agenda=_agenda_rows(agenda),
                    **form.meeting_fields(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Het overleg is gepland."))
                return redirect("programme:meeting", pk=meeting.pk)
        return _meeting_form_page(request, form=form, agenda=agenda, meeting=None, status=400)
    return _meeting_form_page(request, form=form, agenda=agenda, meeting=None)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(request, "programme.change_meeting", meeting)
    items = list(meeting.agenda.all())
    if request.method != "POST":
        form = MeetingForm(initial=MeetingForm.initial_for(meeting))
        return _meeting_form_page(
            request, form=form, agenda=agenda_forms(meeting.partnership, items), meeting=meeting
        )
    form = MeetingForm(request.POST)
    agenda = agenda_forms(meeting.partnership, items, request.POST)
    if form.is_valid() & _all_valid(agenda):
        try:
            writes.meeting_update(
                actor=request.user,
                meeting=meeting,
                expected_version=form.cleaned_data.get("version") or 0,
                agenda=_agenda_rows(agenda),
                **form.meeting_fields(),
            )
        except writes.StaleMeetingError as stale:
            current = _meeting_or_404(stale.current.pk)
            return _meeting_form_page(
                request,
                form=MeetingForm(initial=MeetingForm.initial_for(current)),
                agenda=agenda_forms(current.partnership, list(current.agenda.all())),
                meeting=current,
                stale=True,
                status=409,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect("programme:meeting", pk=meeting.pk)
    return _meeting_form_page(request, form=form, agenda=agenda, meeting=meeting, status=400)


def _attendance_forms(meeting: Meeting, data: Any = None) -> list[AttendanceForm]:
    recorded: dict[int, Attendance] = {row.partner_id: row for row in meeting.attendance.all()}
    forms = []
    for partner in selectors.partners_of(partnership=meeting.partnership):
        row = recorded.get(partner.pk)
        initial = {"status": row.status, "attendee": row.attendee} if row else {}
        forms.append(
            AttendanceForm(data, prefix=f"partner-{partner.pk}", initial=initial, partner=partner)
        )
    return forms


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(request, "programme.change_meeting", meeting)
    data = request.POST if request.method == "POST" else None
    forms = _attendance_forms(meeting, data)
    version_form = VersionForm(data, initial={"version": meeting.version})
    stale = False
    status = 200
    if data is not None:
        if version_form.is_valid() & _all_valid(forms):
            try:
                writes.attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    expected_version=version_form.cleaned_data["version"],
                    rows=[
                        (form.partner, form.cleaned_data["status"], form.cleaned_data["attendee"])
                        for form in forms
                    ],
                )
            except writes.StaleMeetingError as refused:
                meeting = _meeting_or_404(refused.current.pk)
                forms = _attendance_forms(meeting)
                version_form = VersionForm(initial={"version": meeting.version})
                stale, status = True, 409
            else:
                messages.success(request, _("De aanwezigheid is opgeslagen."))
                return redirect("programme:meeting", pk=meeting.pk)
        else:
            status = 400
    return render(
        request,
        "programme/meetings/attendance.html",
        {"meeting": meeting, "forms": forms, "version_form": version_form, "stale": stale},
        status=status,
    )


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(request, "programme.change_meeting", meeting)
    initial = {"status": meeting.status, "minutes": meeting.minutes, "version": meeting.version}
    if meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= timezone.now():
        initial["status"] = MeetingStatus.HELD
    form = MinutesForm(request.POST or None, initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            writes.meeting_update(
                actor=request.user,
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                minutes=form.cleaned_data["minutes"],
            )
        except writes.StaleMeetingError as refused:
            # Minutes are long: the author's text stays in the form, now on the current version,
            # beside what was saved meanwhile; saving again is their choice.
            meeting = _meeting_or_404(refused.current.pk)
            form = resubmittable(MinutesForm, request, meeting.version)
            stale = True
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het verslag is opgeslagen."))
            return redirect("programme:meeting", pk=meeting.pk)
    return render(
        request,
        "programme/meetings/minutes.html",
        {"meeting": meeting, "form": form, "stale": stale},
        status=409 if stale else (400 if form.errors else 200),
    )


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(request, "programme.change_meeting", meeting)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                writes.decision_add(actor=request.user, meeting=meeting, **form.service_kwargs())
        except StaleActivityError:
            form.add_error("change", STALE_ACTIVITY)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect(reverse("programme:meeting", args=[meeting.pk]) + "#besluiten")
    return render(
        request,
        "programme/meetings/decision_form.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(request, "programme.change_meeting", meeting)
    form = ActionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            writes.action_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het actiepunt is toegevoegd."))
            return redirect(reverse("programme:meeting", args=[meeting.pk]) + "#acties")
    return render(
        request,
        "programme/meetings/action_form.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def open_actions(request: HttpRequest) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.view_meeting", partnership)
    filters = ActionFilterForm(request.GET or None, partnership=partnership)
    partner = filters.cleaned_data.get("partner") if filters.is_valid() else None
    today = timezone.localdate()
    rows = [
        {
            "action": row.action,
            "overdue": row.overdue,
            "can_close": request.user.has_perm("programme.close_actionitem", row.action),
        }
        for row in reads.open_actions(
            partnership=partnership, today=today, partner_id=partner.pk if partner else None
        )
    ]
    return render(
        request,
        "programme/meetings/actions.html",
        {"filters": filters, "rows": rows, "partner": partner, "today": today},
    )


@login_required
@require_POST
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        action = reads.action_get(pk=pk)
    except ActionItem.DoesNotExist as error:
        raise Http404 from error
    require(request, "programme.view_meeting", action.meeting)
    require(request, "programme.close_actionitem", action)
    form = VersionForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("programme:meeting_actions")
    if not form.is_valid():
        messages.error(request, _("Dit actiepunt kon niet worden afgerond."))
        return redirect(target)
    try:
        writes.action_close(
            actor=request.user, action=action, expected_version=form.cleaned_data["version"]
        )
    except writes.StaleActionError:
        messages.error(request, STALE_ACTION)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Het actiepunt „%(action)s” is afgerond.") % {"action": str(action)}
        )
    return redirect(target)


@login_required
@require_POST
def feed_token_renew(request: HttpRequest) -> HttpResponse:
    partnership = partnership_or_404()
    require(request, "programme.view_meeting", partnership)
    writes.feed_token_renew(user=request.user)
    messages.success(
        request,
        _("Er is een nieuw agenda-adres gemaakt; het vorige adres werkt niet meer."),
    )
    return redirect(reverse("programme:meetings") + "#agenda-abonnement")


@login_required
@require_POST
def feed_token_revoke(request: HttpRequest) -> HttpResponse:
    from impactplein.programme.models import MeetingFeedToken

    MeetingFeedToken.objects.filter(user=request.user).delete()
    messages.success(request, _("Het agenda-adres is ingetrokken."))
    return redirect(reverse("programme:meetings") + "#agenda-abonnement")


def _feed_user(request: HttpRequest) -> Any:
    token = request.GET.get("sleutel", "")
    if token:
        from django.contrib.auth import get_user_model

        user_id = reads.feed_token_user_id(token=token)
        if user_id is None:
            raise Http404
        return get_user_model().objects.get(pk=user_id)
    if request.user.is_authenticated:
        return request.user
    raise Http404


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The meetings as iCalendar, for a logged-in user or with a user's secret key."""
    user = _feed_user(request)
    partnership = partnership_or_404()
    if not user.has_perm("programme.view_meeting", partnership):
        raise PermissionDenied
    events = [
        ical.Event(
            uid=f"{meeting.uid}@impactplein",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            summary=str(meeting),
            location=meeting.place or meeting.online_url,
            url=request.build_absolute_uri(reverse("programme:meeting", args=[meeting.pk])),
            cancelled=meeting.status == MeetingStatus.CANCELLED,
            confirmed=meeting.status != MeetingStatus.CANCELLED,
        )
        for meeting in reads.meetings_for_feed(partnership=partnership)
    ]
    body = ical.calendar(
        events,
        prodid="-//Impactplein//Overlegtafel Impact Ondernemen//NL",
        name=_("Overlegtafel %(name)s") % {"name": partnership.name},
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="overlegtafel.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
