"""Candidate pages of the employer-services desk: issue a code, list the codes, see placements.

Only the employer-services role sees who a code stands for
(``socialreturn.view_candidateidentity``); officers and suppliers never reach these pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from impactplein.accounts.access import staff_permission_required
from impactplein.socialreturn.forms.candidates import CandidateForm
from impactplein.socialreturn.models import Candidate
from impactplein.socialreturn.selectors import candidates as selectors
from impactplein.socialreturn.services import candidates as services

IDENTITY_PERMISSION = "socialreturn.view_candidateidentity"


@staff_permission_required(IDENTITY_PERMISSION)
def candidate_list(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    page = Paginator(selectors.candidate_list(query=query), selectors.PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "socialreturn/candidates/list.html",
        {
            "page_obj": page,
            "query": query,
            "can_add": request.user.has_perm("socialreturn.add_candidate"),
        },
    )


@staff_permission_required(("socialreturn.add_candidate", IDENTITY_PERMISSION))
def candidate_create(request: HttpRequest) -> HttpResponse:
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_issue(actor=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Kandidaatcode %(code)s is uitgegeven. Geef deze code aan de opdrachtnemer.")
                % {"code": candidate.code},
            )
            return redirect("socialreturn:candidate", pk=candidate.pk)
    return render(
        request,
        "socialreturn/candidates/form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_permission_required(IDENTITY_PERMISSION)
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        candidate = selectors.candidate_get(pk=pk)
    except Candidate.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "socialreturn/candidates/detail.html",
        {
            "candidate": candidate,
            "identity": getattr(candidate, "identity", None),
            "placements": selectors.candidate_placements(candidate),
        },
    )
