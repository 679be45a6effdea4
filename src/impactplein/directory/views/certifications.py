"""Certification pages: members keep their organisation's certifications and evidence; staff
with ``directory.verify_certification`` check the evidence in a queue, oldest first.

Evidence files are private: they are served here, to members and staff only, never by URL of the
media storage.
"""

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactplein.directory import selectors, services
from impactplein.directory.certifications import Status
from impactplein.directory.constants import CertificationStatus
from impactplein.directory.forms import CertificationForm, CertificationReturnForm
from impactplein.directory.models import Certification
from impactplein.organisations import selectors as organisation_selectors
from impactplein.organisations.models import Organisation

View = Callable[..., HttpResponse]


def login_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
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


def _certification(organisation: Organisation, pk: int) -> Certification:
    try:
        return selectors.certification_get(organisation=organisation, pk=pk)
    except Certification.DoesNotExist as error:
        raise Http404 from error


@login_required
def certifications(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.view_certification")
    user = request.user
    return render(
        request,
        "directory/certifications/list.html",
        {
            "organisation": organisation,
            "today": timezone.localdate(),
            "rows": [
                status_row(row.certification, row.status)
                for row in selectors.certifications_on(organisation, timezone.localdate())
            ],
            "history": selectors.certification_history(organisation=organisation),
            "can_add": user.has_perm("directory.add_certification", organisation),
            "can_change": user.has_perm("directory.change_certification", organisation),
            "can_delete": user.has_perm("directory.delete_certification", organisation),
            "can_verify": user.has_perm("directory.verify_certification"),
        },
    )


BADGES = {
    Status.VALID: "success",
    Status.EXPIRING: "warning",
    Status.EXPIRED: "danger",
    Status.NOT_YET_VALID: "neutral",
}


def status_row(certification: Certification, status: Status) -> dict[str, Any]:
    return {
        "certification": certification,
        "status": status.value,
        "status_label": CertificationStatus(status.value).label,
        "badge": BADGES[status],
    }


def _form_page(
    request: HttpRequest,
    form: CertificationForm,
    organisation: Organisation,
    certification: Certification | None = None,
    *,
    conflicts: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "directory/certifications/form.html",
        {
            "form": form,
            "organisation": organisation,
            "certification": certification,
            "stale": conflicts is not None,
            "conflicts": conflicts or [],
        },
        status=status,
    )


@login_required
def certification_add(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.add_certification")
    form = CertificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_add(
                actor=request.user,
                organisation=organisation,
                evidence=form.cleaned_data.get("evidence"),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De certificering is toegevoegd."))
            return redirect("directory:certifications", organisation_pk=organisation.pk)
    return _form_page(request, form, organisation)


def _display(form: CertificationForm, name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    field = form.fields[name]
    choices: dict[Any, Any] = {}
    for key, label in getattr(field, "choices", ()) or ():
        if isinstance(label, list | tuple):
            choices.update(dict(label))
        else:
            choices[key] = label
    return str(choices.get(value, value))


@login_required
def certification_edit(request: HttpRequest, organisation_pk: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.change_certification")
    certification = _certification(organisation, pk)
    if request.method != "POST":
        form = CertificationForm(initial=CertificationForm.initial_for(certification))
        return _form_page(request, form, organisation, certification)
    form = CertificationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.certification_update(
                actor=request.user,
                certification=certification,
                expected_version=form.cleaned_data.get("version") or 0,
                evidence=form.cleaned_data.get("evidence"),
                **form.service_fields(),
            )
        except services.StaleCertificationError as stale:
            current = stale.current
            fresh = CertificationForm(initial=CertificationForm.initial_for(current))
            conflicts = [
                (
                    str(form.fields[name].label),
                    _display(form, name, getattr(current, name)),
                    _display(form, name, typed),
                )
                for name, typed in form.service_fields().items()
                if (typed or "") != (getattr(current, name) or "")
            ]
            return _form_page(
                request, fresh, organisation, current, conflicts=conflicts, status=409
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("directory:certifications", organisation_pk=organisation.pk)
    return _form_page(request, form, organisation, certification)


@login_required
def certification_remove(request: HttpRequest, organisation_pk: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.delete_certification")
    certification = _certification(organisation, pk)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0
        try:
            services.certification_remove(
                actor=request.user, certification=certification, expected_version=version
            )
        except services.StaleCertificationError:
            messages.warning(
                request,
                _(
                    "Iemand anders heeft deze certificering intussen gewijzigd. Bekijk de nieuwste "
                    "gegevens voordat u haar verwijdert."
                ),
            )
            return redirect("directory:certifications", organisation_pk=organisation.pk)
        messages.success(request, _("De certificering is verwijderd."))
        return redirect("directory:certifications", organisation_pk=organisation.pk)
    return render(
        request,
        "directory/certifications/remove.html",
        {"organisation": organisation, "certification": certification},
    )


def serve_private_file(file: Any, *, download_name: str) -> FileResponse:
    """A private file for the one who may see it: never cached by others, never sniffed."""
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type == "application/pdf",
        filename=download_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def certification_evidence(request: HttpRequest, organisation_pk: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_pk, "directory.view_certification_evidence")
    certification = _certification(organisation, pk)
    if not certification.evidence:
        raise Http404
    extension = certification.evidence.name.rsplit(".", 1)[-1]
    return serve_private_file(
        certification.evidence, download_name=f"bewijs-{certification.pk}.{extension}"
    )


def _verifier(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("directory.verify_certification"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@_verifier
def certification_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/certifications/queue.html",
        {"queue": selectors.certification_queue()},
    )


def _queued(pk: int) -> Certification:
    try:
        return Certification.objects.select_related("organisation").get(pk=pk)
    except Certification.DoesNotExist as error:
        raise Http404 from error


@_verifier
def certification_review(request: HttpRequest, pk: int) -> HttpResponse:
    certification = _queued(pk)
    return_form = CertificationReturnForm()
    return render(
        request,
        "directory/certifications/review.html",
        {
            "certification": certification,
            "row": status_row(certification, certification.status_on(timezone.localdate())),
            "return_form": return_form,
        },
    )


@_verifier
@require_POST
def certification_verify(request: HttpRequest, pk: int) -> HttpResponse:
    certification = _queued(pk)
    services.certification_verify(actor=request.user, certification=certification)
    messages.success(
        request,
        _("Het bewijs van %(organisation)s is gecontroleerd en goedgekeurd.")
        % {"organisation": certification.organisation.name},
    )
    return redirect("directory:certification_queue")


@_verifier
@require_POST
def certification_return(request: HttpRequest, pk: int) -> HttpResponse:
    certification = _queued(pk)
    form = CertificationReturnForm(request.POST)
    if form.is_valid():
        try:
            services.certification_return(
                actor=request.user,
                certification=certification,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Het bewijs is teruggestuurd naar %(organisation)s.")
                % {"organisation": certification.organisation.name},
            )
            return redirect("directory:certification_queue")
    return render(
        request,
        "directory/certifications/review.html",
        {
            "certification": certification,
            "row": status_row(certification, certification.status_on(timezone.localdate())),
            "return_form": form,
        },
        status=400,
    )
