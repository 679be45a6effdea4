"""The review of the showcase: submitted profiles, proposed changes to published profiles and
requests to manage an organisation, oldest first.

The queue and the profile review need ``directory.review_impactprofile`` (staff, so multi-factor
login applies). A claim may also be decided by an owner of the organisation it is about.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from impactplein.accounts.access import staff_permission_required
from impactplein.directory import joining
from impactplein.directory.constants import ClaimStatus, ImpactModel, ProfileStatus
from impactplein.directory.forms import (
    ClaimDecisionForm,
    ReviewDecision,
    ReviewForm,
    add_service_errors,
)
from impactplein.directory.models import ImpactProfile, OrganisationClaim

REVIEW_PERMISSION = joining.REVIEW_PERMISSION


@staff_permission_required(REVIEW_PERMISSION)
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/review/queue.html",
        {"items": joining.review_queue(user=request.user)},
    )


def _profile(pk: int) -> ImpactProfile:
    try:
        return (
            ImpactProfile.objects.select_related("organisation__municipality", "submitted_by")
            .prefetch_related("themes", "sdgs", "photos", "figures")
            .get(pk=pk)
        )
    except ImpactProfile.DoesNotExist as error:
        raise Http404 from error


_DECISIONS = {
    ReviewDecision.APPROVE: joining.profile_approve,
    ReviewDecision.CHANGES: joining.profile_request_changes,
    ReviewDecision.REJECT: joining.profile_reject,
}
_DONE = {
    ReviewDecision.APPROVE: _("Goedgekeurd. De leden van de organisatie krijgen een e-mail."),
    ReviewDecision.CHANGES: _("Teruggestuurd met uw vraag om wijzigingen."),
    ReviewDecision.REJECT: _("Afgewezen. De leden van de organisatie krijgen een e-mail."),
}


@staff_permission_required(REVIEW_PERMISSION)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(pk)
    revision = joining.pending_revision(profile)
    reviewable = revision is not None or profile.status == ProfileStatus.SUBMITTED
    refusal = joining.may_review(request.user, profile) if reviewable else ""
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not reviewable:
            form.add_error(None, joining.NOTHING_TO_REVIEW)
            status = 409
        elif refusal:
            raise PermissionDenied(refusal)
        elif form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                _DECISIONS[decision](
                    actor=request.user, profile=profile, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 409
            else:
                messages.success(request, str(_DONE[decision]))
                return redirect("directory:review_queue")
    return render(
        request,
        "directory/review/review.html",
        {
            "profile": profile,
            "organisation": profile.organisation,
            "revision": revision,
            "diff": joining.revision_diff(profile, revision) if revision is not None else [],
            "figures": [joining.figure_text(row) for row in joining.figure_rows_of(profile)],
            "impact_models": [
                str(dict(ImpactModel.choices).get(value, value)) for value in profile.impact_models
            ],
            "reviewable": reviewable,
            "refusal": refusal,
            "form": form,
        },
        status=status,
    )


def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        claim = OrganisationClaim.objects.select_related("organisation", "user").get(pk=pk)
    except OrganisationClaim.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("directory.decide_organisationclaim", claim):
        raise PermissionDenied
    form = ClaimDecisionForm(request.POST or None)
    own = claim.user_id == request.user.pk
    if request.method == "POST" and claim.status == ClaimStatus.PENDING and not own:
        if form.is_valid():
            approve = form.cleaned_data["decision"] == ReviewDecision.APPROVE
            try:
                if approve:
                    joining.claim_approve(
                        actor=request.user, claim=claim, message=form.cleaned_data["message"]
                    )
                else:
                    joining.claim_reject(
                        actor=request.user, claim=claim, message=form.cleaned_data["message"]
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De aanvrager is nu eigenaar van de organisatie.")
                    if approve
                    else _("De aanvraag is afgewezen."),
                )
                if request.user.has_perm(REVIEW_PERMISSION):
                    return redirect("directory:review_queue")
                return redirect("directory:review_claim", pk=claim.pk)
    elif request.method == "POST" and own:
        raise PermissionDenied(joining.OWN_CLAIM)
    return render(
        request,
        "directory/review/claim.html",
        {
            "claim": claim,
            "organisation": claim.organisation,
            "owners": joining.members_of(claim.organisation, role="owner"),
            "form": form,
            "own": own,
            "pending": claim.status == ClaimStatus.PENDING,
        },
    )
