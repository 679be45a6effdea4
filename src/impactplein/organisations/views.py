"""Pages for organisations: parse the request, check the permission, call a service or selector."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from impactplein.organisations import selectors, services
from impactplein.organisations.forms import OrganisationFilterForm, OrganisationForm
from impactplein.organisations.models import Organisation

View = Callable[..., HttpResponse]


def _load(pk: int) -> Organisation:
    try:
        return selectors.organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def permission_required(perm: str, *, with_object: bool = False) -> Callable[[View], View]:
    """Visitors are sent to the login page; a logged-in user without ``perm`` gets 403.

    With ``with_object`` the view receives the organisation and the rule is checked on it.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if with_object:
                organisation = _load(kwargs.pop("pk"))
                if not request.user.has_perm(perm, organisation):
                    raise PermissionDenied
                return view(request, organisation, *args, **kwargs)
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _login_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@_login_required
def organisation_mine(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(user=request.user)
    return render(
        request,
        "organisations/mine.html",
        {
            "memberships": memberships,
            "can_register": request.user.has_perm("organisations.register_organisation"),
        },
    )


@permission_required("organisations.view_organisation")
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisation_list(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        municipality=filters.get("municipality", ""),
    )
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"form": form, "page_obj": page})


@permission_required("organisations.view_organisation", with_object=True)
def organisation_detail(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    user = request.user
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "organisation_rows": _rows(organisation),
            "members": selectors.organisation_members(organisation=organisation),
            "history": selectors.organisation_history(organisation=organisation),
            "can_change": user.has_perm("organisations.change_organisation", organisation),
        },
    )


def _rows(organisation: Organisation) -> list[tuple[str, str]]:
    sbi = ""
    if organisation.sbi_code:
        values = {"code": organisation.sbi_code, "version": organisation.sbi_version}
        section = organisation.sbi_section
        if section is None:
            sbi = _("%(code)s (SBI %(version)s)") % values
        else:
            values.update(section=section.code, name=section.name)
            sbi = _("%(code)s (SBI %(version)s), sectie %(section)s: %(name)s") % values
    return [
        (_("Soort organisatie"), organisation.get_kind_display()),
        (_("Rechtsvorm"), organisation.get_legal_form_display()),
        (_("KvK-nummer"), organisation.kvk_number or ""),
        (_("Vestigingsnummer"), organisation.establishment_number or ""),
        (_("SBI-code"), sbi),
        (_("Gemeente"), organisation.municipality.name),
        (_("Gebied"), organisation.area.name if organisation.area else ""),
    ]


def _form_page(
    request: HttpRequest,
    form: OrganisationForm,
    *,
    organisation: Organisation | None = None,
    conflicts: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    notes = {
        row["name"]: _("Uw invoer (niet opgeslagen): %(value)s") % {"value": row["typed"]}
        for row in conflicts or []
    }
    context = {
        "form": form,
        "field_groups": form.groups(notes),
        "organisation": organisation,
        "creating": organisation is None,
        "stale": conflicts is not None,
        "conflicts": conflicts or [],
    }
    return render(request, "organisations/form.html", context, status=status)


@permission_required("organisations.register_organisation")
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De organisatie is aangemeld. U bent de eigenaar."))
            return redirect("organisations:detail", pk=organisation.pk)
    return _form_page(request, form)


def _display(form: OrganisationForm, name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    field = form.fields[name]
    choices = dict(getattr(field, "choices", ()) or ())
    if not isinstance(value, Model) and value in choices:
        return str(choices[value])
    return str(value)


def _conflicts(form: OrganisationForm, current: Organisation) -> list[dict[str, Any]]:
    """The fields where what the user typed differs from the newer saved record."""
    rows = []
    for name, typed in form.service_fields().items():
        saved = getattr(current, name)
        if typed in ("", None) and saved in ("", None):
            continue
        if typed != saved:
            rows.append(
                {
                    "name": name,
                    "id": form.field_id(name),
                    "label": form.fields[name].label,
                    "saved": _display(form, name, saved),
                    "typed": _display(form, name, typed),
                }
            )
    return rows


@permission_required("organisations.change_organisation", with_object=True)
def organisation_update(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.method != "POST":
        return _form_page(
            request, OrganisationForm(instance=organisation), organisation=organisation
        )

    # The form works on its own copy, so the page title keeps the saved name while the user's
    # input is checked.
    form = OrganisationForm(request.POST, instance=selectors.organisation_get(pk=organisation.pk))
    if form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except services.StaleOrganisationError as stale:
            # Keep the newer record in the form and show what the user typed beside it.
            current = stale.current
            return _form_page(
                request,
                OrganisationForm(instance=current),
                organisation=current,
                conflicts=_conflicts(form, current),
                status=409,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("organisations:detail", pk=organisation.pk)
    return _form_page(request, form, organisation=organisation)
