"""Joining the showcase: find the organisation, claim it or register it, keep its profile.

Visitors who are not logged in are sent to the sign-up page and come back here (``?next``). The
profile edit page refuses a save made on an older version with 409, showing the newer data and
what the user typed side by side, so nothing is lost.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from impactplein.core.models import Municipality
from impactplein.directory import joining
from impactplein.directory.constants import ClaimStatus, ImpactModel, ProfileStatus
from impactplein.directory.forms import (
    ClaimForm,
    FigureFormSet,
    FindOrganisationForm,
    JoinOrganisationForm,
    PhotoFormSet,
    ProfileForm,
    add_service_errors,
)
from impactplein.directory.models import ImpactProfile, OrganisationClaim
from impactplein.directory.services import StaleProfileError
from impactplein.organisations import selectors as organisation_selectors
from impactplein.organisations import services as organisation_services
from impactplein.organisations.models import Organisation

View = Callable[..., HttpResponse]


def signup_required(view: View) -> View:
    """Visitors go to the sign-up page (which links to logging in), then come back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('account_signup')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


def _organisation(request: HttpRequest, pk: int, perm: str) -> Organisation:
    try:
        organisation = organisation_selectors.organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


# --- step 1: find, claim or register ---------------------------------------------------------


@signup_required
def join(request: HttpRequest) -> HttpResponse:
    form = FindOrganisationForm(request.GET or None)
    found = None
    create_url = reverse("directory:join_create")
    if form.is_valid():
        found = joining.find_organisations(
            kvk_number=form.cleaned_data["kvk_number"],
            name=form.cleaned_data["name"],
            municipality=form.cleaned_data["municipality"],
        )
        create_url += "?" + urlencode(
            {
                key: form.cleaned_data[key]
                for key in ("kvk_number", "name", "municipality")
                if form.cleaned_data[key]
            }
        )
    pending = OrganisationClaim.objects.filter(
        user=request.user, status=ClaimStatus.PENDING
    ).select_related("organisation")
    return render(
        request,
        "directory/join/find.html",
        {
            "form": form,
            "found": found,
            "create_url": create_url,
            "memberships": organisation_selectors.memberships_of_user(user=request.user),
            "pending_claims": pending,
        },
    )


@signup_required
def join_claim(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    try:
        organisation = organisation_selectors.organisation_get(pk=organisation_pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joining.claim_request(
                actor=request.user,
                organisation=organisation,
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Uw aanvraag voor %(name)s is verstuurd. U krijgt een e-mail zodra erover "
                    "is beslist."
                )
                % {"name": organisation.name},
            )
            return redirect("directory:join")
    owners = joining.members_of(organisation, role="owner")
    return render(
        request,
        "directory/join/claim.html",
        {"organisation": organisation, "form": form, "has_owners": bool(owners)},
    )


@signup_required
def join_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("organisations.register_organisation"):
        raise PermissionDenied
    if request.method == "POST":
        form = JoinOrganisationForm(request.POST)
    else:
        initial = {key: request.GET.get(key, "")[:200] for key in ("name", "kvk_number")}
        form = JoinOrganisationForm(
            initial=_municipality_initial(initial, request.GET.get("municipality", ""))
        )
    found: list[joining.FoundOrganisation] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = joining.find_organisations(
            kvk_number=_digits(data.get("kvk_number") or ""),
            name=data.get("name") or "",
            municipality=data["municipality"].cbs_code if data.get("municipality") else "",
        )
        if found and not data.get("confirm_new"):
            form.add_error(
                "confirm_new",
                _(
                    "Er staan organisaties die erop lijken. Vraag er een aan als het de uwe is, "
                    "of vink aan dat uw organisatie er niet bij staat."
                ),
            )
        else:
            try:
                organisation = organisation_services.organisation_create(
                    actor=request.user, **form.service_fields()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("%(name)s is aangemeld en u bent de eigenaar. Vul nu het impactprofiel in.")
                    % {"name": organisation.name},
                )
                return redirect("directory:profile_edit", organisation_pk=organisation.pk)
    return render(request, "directory/join/create.html", {"form": form, "found": found})


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _municipality_initial(initial: dict[str, Any], cbs_code: str) -> dict[str, Any]:
    if cbs_code:
        pk = Municipality.objects.filter(cbs_code=cbs_code).values_list("pk", flat=True).first()
        if pk is not None:
            initial["municipality"] = pk
    return initial


# --- step 2: the profile ---------------------------------------------------------------------


def _profile_of(organisation: Organisation) -> ImpactProfile | None:
    return (
        ImpactProfile.objects.filter(organisation=organisation)
        .prefetch_related("photos", "themes", "sdgs")
        .first()
    )


def _initial(profile: ImpactProfile | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    state = joining.form_state(profile)
    if profile is None or state is None:
        return {"version": None}, []
    fields = state["fields"]
    initial = {
        **{name: fields.get(name) for name in ("pitch", "story", "sells_to_buyers", "offer")},
        "impact_models": fields.get("impact_models") or [],
        "target_groups": "\n".join(fields.get("target_groups") or []),
        "themes": state["themes"],
        "sdgs": state["sdgs"],
        "version": profile.version,
        "remove_photos": state.get("remove_photos", []),
        "remove_logo": state.get("remove_logo", False),
    }
    return initial, list(state["figures"])


def _forms(
    request: HttpRequest, profile: ImpactProfile | None, *, bound: bool
) -> tuple[ProfileForm, Any, Any]:
    if bound:
        return (
            ProfileForm(request.POST, request.FILES, profile=profile),
            FigureFormSet(request.POST, prefix="figures"),
            PhotoFormSet(request.POST, request.FILES, prefix="photos"),
        )
    initial, figures = _initial(profile)
    return (
        ProfileForm(initial=initial, profile=profile),
        FigureFormSet(initial=figures, prefix="figures"),
        PhotoFormSet(prefix="photos"),
    )


def _display(form: ProfileForm, name: str, value: Any) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if name == "impact_models":
        labels = dict(ImpactModel.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if name == "target_groups":
        return ", ".join(value)
    if name in ("themes", "sdgs"):
        return ", ".join(str(item) for item in value)
    return str(value)


def _conflicts(form: ProfileForm, current: ImpactProfile) -> list[dict[str, Any]]:
    """Where what the user typed differs from the newer saved profile (or its open proposal)."""
    state = joining.form_state(current) or {}
    saved_fields = state.get("fields", {})
    rows = []
    for name in ("pitch", "story", "impact_models", "target_groups", "sells_to_buyers", "offer"):
        typed, saved = form.cleaned_data.get(name), saved_fields.get(name)
        if (typed or None) != (saved or None):
            rows.append((name, saved, typed))
    for name, model_list in (("themes", current.themes), ("sdgs", current.sdgs)):
        typed = list(form.cleaned_data.get(name) or [])
        saved_pks = set(state.get(name, []))
        if {obj.pk for obj in typed} != saved_pks:
            saved = list(model_list.model.objects.filter(pk__in=saved_pks))
            rows.append((name, saved, typed))
    return [
        {
            "name": name,
            "id": form[name].id_for_label or f"id_{name}",
            "label": form.fields[name].label,
            "saved": _display(form, name, saved),
            "typed": _display(form, name, typed),
        }
        for name, saved, typed in rows
    ]


def _page(
    request: HttpRequest,
    organisation: Organisation,
    profile: ImpactProfile | None,
    forms: tuple[ProfileForm, Any, Any],
    *,
    conflicts: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    form, figures, photos = forms
    revision = (
        joining.open_revision(profile)
        if profile is not None and profile.status == ProfileStatus.PUBLISHED
        else None
    )
    has_errors = (
        bool(form.errors or figures.total_error_count() or photos.total_error_count())
        if form.is_bound
        else False
    )
    return render(
        request,
        "directory/join/profile_form.html",
        {
            "organisation": organisation,
            "profile": profile,
            "revision": revision,
            "form": form,
            "figures": figures,
            "photos": photos,
            "has_errors": has_errors,
            "stale": conflicts is not None,
            "conflicts": conflicts or [],
            "can_submit": profile is None
            or profile.status in (ProfileStatus.DRAFT, ProfileStatus.CHANGES_REQUESTED),
            "published": profile is not None and profile.status == ProfileStatus.PUBLISHED,
            "max_photos": joining.MAX_PHOTOS,
        },
        status=status,
    )


@signup_required
def profile_edit(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.change_impactprofile")
    profile = _profile_of(organisation)
    if request.method != "POST":
        return _page(request, organisation, profile, _forms(request, profile, bound=False))

    forms = _forms(request, profile, bound=True)
    form, figures, photos = forms
    if not (form.is_valid() and figures.is_valid() and photos.is_valid()):
        return _page(request, organisation, profile, forms)
    data = form.cleaned_data
    submit = "submit" in request.POST
    profile_input = joining.ProfileInput(
        fields={
            "pitch": data["pitch"],
            "story": data["story"],
            "impact_models": list(data["impact_models"]),
            "target_groups": data["target_groups"],
            "sells_to_buyers": data["sells_to_buyers"],
            "offer": data["offer"],
        },
        themes=list(data["themes"]),
        sdgs=list(data["sdgs"]),
        figures=figures.rows(),
        logo=data.get("logo"),
        remove_logo=bool(data.get("remove_logo")),
        new_photos=photos.new_photos(),
        remove_photos=[photo.pk for photo in data.get("remove_photos") or []],
    )
    try:
        result = joining.profile_save(
            actor=request.user,
            organisation=organisation,
            expected_version=data.get("version"),
            data=profile_input,
            submit=submit,
        )
    except StaleProfileError as stale:
        current = _profile_of(organisation)
        assert current is not None
        fresh = _forms(request, current, bound=False)
        return _page(
            request,
            organisation,
            current,
            fresh,
            conflicts=_conflicts(form, stale.current),
            status=409,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _page(request, organisation, profile, forms)
    messages.success(request, _saved_message(result, submit))
    return redirect("directory:profile_edit", organisation_pk=organisation.pk)


def _saved_message(result: joining.SaveResult, submit: bool) -> str:
    if result.profile.status == ProfileStatus.PUBLISHED:
        if result.revision is None:
            return _("Er was niets gewijzigd.")
        return _(
            "Uw wijzigingen zijn ingediend. Het gepubliceerde profiel blijft zichtbaar tot de "
            "wijzigingen zijn goedgekeurd."
        )
    if submit:
        return _("Het profiel is ingediend ter beoordeling. U krijgt een e-mail met het besluit.")
    return _("Het concept is opgeslagen.")


# --- the yearly confirmation -----------------------------------------------------------------


@signup_required
def profile_confirm(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.change_impactprofile")
    profile = _profile_of(organisation)
    if profile is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            joining.profile_confirm(actor=request.user, profile=profile)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("Dank u wel. We vragen het u over een jaar opnieuw."),
            )
            return redirect("directory:profile_confirm", organisation_pk=organisation.pk)
    return render(
        request,
        "directory/join/confirm.html",
        {"organisation": organisation, "profile": profile, "error": error},
        status=400 if error else 200,
    )
