"""Valuation scheme pages (``/social-return/modellen/``): list, detail, draft edit, publish,
new version.

Reading needs ``socialreturn.view_valuationscheme``, changing ``change_valuationscheme``, a new
version ``add_valuationscheme``. The rules (only drafts change, publication is final) are in
``services/schemes.py``; these views parse, call and render.
"""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactplein.accounts.access import staff_permission_required
from impactplein.socialreturn.forms.schemes import SchemeForm, SchemePublishForm, SchemeVersionForm
from impactplein.socialreturn.models import ValuationScheme
from impactplein.socialreturn.selectors import schemes as selectors
from impactplein.socialreturn.services import schemes as services


def _scheme(pk: int) -> ValuationScheme:
    scheme = selectors.scheme_list().filter(pk=pk).first()
    if scheme is None:
        raise Http404
    return scheme


@staff_permission_required("socialreturn.view_valuationscheme")
def scheme_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return render(request, "socialreturn/schemes/list.html", {"schemes": selectors.scheme_list()})


@staff_permission_required("socialreturn.view_valuationscheme")
def scheme_detail(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    scheme = _scheme(pk)
    if request.GET.get("download") == "json":
        response = HttpResponse(
            json.dumps(scheme.definition, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        filename = f"{scheme.slug}-{scheme.version}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    engine_scheme, blocks = selectors.scheme_blocks(scheme.definition)
    problems: list[services.SchemeProblem] = []
    if engine_scheme is None:
        try:
            services.check_definition(scheme.definition)
        except services.InvalidSchemeDefinition as error:
            problems = error.problems
    can_change = request.user.has_perm("socialreturn.change_valuationscheme")
    context = {
        "scheme": scheme,
        "engine": engine_scheme,
        "blocks": blocks,
        "problems": problems,
        "base_label": selectors.BASE_LABELS.get(engine_scheme.obligation.base, "")
        if engine_scheme
        else "",
        "can_change": can_change and not scheme.is_published,
        "can_publish": can_change and not scheme.is_published and engine_scheme is not None,
        "can_add": request.user.has_perm("socialreturn.add_valuationscheme"),
        "publish_form": SchemePublishForm(initial={"version_lock": scheme.version_lock}),
        "version_form": SchemeVersionForm(),
    }
    return render(request, "socialreturn/schemes/detail.html", context)


@staff_permission_required("socialreturn.change_valuationscheme")
def scheme_edit(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    scheme = _scheme(pk)
    if scheme.is_published:
        messages.error(
            request,
            _("Een gepubliceerd waarderingsmodel verandert niet meer. Maak een nieuwe versie."),
        )
        return redirect("socialreturn:scheme", pk=scheme.pk)
    form = SchemeForm(request.POST or None, scheme=scheme)
    problems: list[services.SchemeProblem] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            definition = services.parse_definition_text(data["definition"])
            services.scheme_update(
                actor=request.user,
                scheme=scheme,
                expected_version=data["version_lock"],
                definition=definition,
                name=data["name"],
                region=data.get("region") or "",
                valid_from=data.get("valid_from"),
                valid_until=data.get("valid_until"),
                source_url=data.get("source_url") or "",
            )
        except services.InvalidSchemeDefinition as error:
            problems = error.problems
            form.add_error(
                "definition",
                _("De definitie klopt niet op %(count)s plaats(en); zie de lijst hieronder.")
                % {"count": len(problems)},
            )
        except (services.StaleSchemeError, services.PublishedSchemeError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het concept is opgeslagen."))
            return redirect("socialreturn:scheme", pk=scheme.pk)
    status = 400 if request.method == "POST" else 200
    context = {"scheme": scheme, "form": form, "problems": problems}
    return render(request, "socialreturn/schemes/edit.html", context, status=status)


@require_POST
@staff_permission_required("socialreturn.change_valuationscheme")
def scheme_publish(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    scheme = _scheme(pk)
    form = SchemePublishForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.scheme_publish(
            actor=request.user, scheme=scheme, expected_version=form.cleaned_data["version_lock"]
        )
    except services.InvalidSchemeDefinition as error:
        for problem in error.problems:
            messages.error(request, f"{problem.path}: {problem.message}")
    except (services.StaleSchemeError, services.PublishedSchemeError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Het model is gepubliceerd; contracten kunnen het nu gebruiken.")
        )
    return redirect("socialreturn:scheme", pk=scheme.pk)


@require_POST
@staff_permission_required("socialreturn.add_valuationscheme")
def scheme_new_version(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    scheme = _scheme(pk)
    form = SchemeVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een versie in voor het nieuwe concept."))
        return redirect("socialreturn:scheme", pk=scheme.pk)
    try:
        copy = services.scheme_new_version(
            actor=request.user, scheme=scheme, version=form.cleaned_data["version"]
        )
    except services.VersionTakenError as error:
        messages.error(request, str(error))
        return redirect("socialreturn:scheme", pk=scheme.pk)
    messages.success(request, _("Er is een nieuw concept gemaakt; pas het aan en publiceer het."))
    return redirect("socialreturn:scheme_edit", pk=copy.pk)
