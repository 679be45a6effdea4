"""Contract pages (``/social-return/contracten/``): list, export, form, status, history, import.

Officers (``socialreturn.view_contract`` through their role) see every contract; a supplier's
members see their own organisation's contracts only (``selectors.contracts.contracts_visible_to``),
and anybody else's contract answers 404. Writing needs ``add_contract`` / ``change_contract``,
importing ``import_contract``. The checks and writes are in ``services/contracts.py`` and
``imports.py``; these views parse the request, check the permission and render.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from impactplein.accounts.access import staff_permission_required
from impactplein.socialreturn import imports, valuation
from impactplein.socialreturn.constants import ContractType
from impactplein.socialreturn.forms.contracts import (
    DEPARTMENTS_LIST_ID,
    ContractFilterForm,
    ContractForm,
    ContractStatusForm,
    ImportConfirmForm,
    ImportUploadForm,
)
from impactplein.socialreturn.models import Contract
from impactplein.socialreturn.selectors import contracts as selectors
from impactplein.socialreturn.selectors.dashboards import contract_progress
from impactplein.socialreturn.selectors.schemes import BASE_LABELS
from impactplein.socialreturn.services import contracts as services
from impactplein.socialreturn.statement import euros

PER_PAGE = 25
IMPORT_SESSION_KEY = "socialreturn_contract_import"
# Rows without remarks shown in the import preview; the counts cover every row.
PREVIEW_ROWS = 500
ORDERS = [
    ("awarded", gettext_lazy("gunningsdatum, nieuwste eerst")),
    ("reference", gettext_lazy("kenmerk")),
    ("title", gettext_lazy("omschrijving")),
    ("supplier", gettext_lazy("opdrachtnemer")),
    ("value", gettext_lazy("opdrachtwaarde, hoogste eerst")),
    ("obligation", gettext_lazy("verplichting, hoogste eerst")),
    ("end", gettext_lazy("einddatum")),
]


def _visible_contract(request: HttpRequest, pk: int) -> Contract:
    contract = selectors.contracts_visible_to(request.user).filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract


def _officer_contract(request: HttpRequest, pk: int) -> Contract:
    try:
        return Contract.objects.select_related("supplier", "scheme").get(pk=pk)
    except Contract.DoesNotExist as error:
        raise Http404 from error


def _filters(request: HttpRequest) -> tuple[ContractFilterForm, selectors.ContractFilters]:
    suppliers = [(s.pk, s.name) for s in selectors.suppliers_with_contracts(request.user)]
    form = ContractFilterForm(
        request.GET or None,
        departments=selectors.departments() if selectors.is_officer(request.user) else [],
        suppliers=suppliers,
        years=selectors.contract_years(),
        orders=ORDERS,
    )
    if not form.is_valid():
        return form, selectors.ContractFilters()
    data = form.cleaned_data
    return form, selectors.ContractFilters(
        status=data.get("status") or "",
        department=data.get("department") or "",
        supplier=data.get("supplier") or None,
        contract_type=data.get("type") or "",
        year=data.get("year") or None,
        query=data.get("q") or "",
        order=data.get("order") or "awarded",
    )


@login_required
def contract_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    if not request.user.has_perm("socialreturn.list_contracts"):
        raise PermissionDenied
    form, filters = _filters(request)
    contracts = selectors.contract_list(user=request.user, filters=filters)
    page = Paginator(contracts, PER_PAGE).get_page(request.GET.get("page"))
    officer = selectors.is_officer(request.user)
    context = {
        "filter_form": form,
        "page_obj": page,
        "contracts": page.object_list,
        "is_officer": officer,
        "can_add": request.user.has_perm("socialreturn.add_contract"),
        "can_import": request.user.has_perm("socialreturn.import_contract"),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "socialreturn/contracts/list.html", context)


@login_required
def contract_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    if not request.user.has_perm("socialreturn.list_contracts"):
        raise PermissionDenied
    _form, filters = _filters(request)
    contracts = selectors.contract_list(user=request.user, filters=filters)
    response = HttpResponse(
        imports.write_xlsx(contracts.iterator(chunk_size=2000)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="contracten-{stamp}.xlsx"'
    return response


def _form_context(form: ContractForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "departments": selectors.departments(),
        "departments_list_id": DEPARTMENTS_LIST_ID,
        **extra,
    }


def _apply_errors(form: ContractForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@staff_permission_required("socialreturn.add_contract")
def contract_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(actor=request.user, data=form.contract_data())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het contract is opgeslagen."))
            return redirect("socialreturn:contract", pk=contract.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "socialreturn/contracts/form.html",
        _form_context(form, contract=None),
        status=status,
    )


@staff_permission_required("socialreturn.change_contract")
def contract_edit(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    contract = _officer_contract(request, pk)
    form = ContractForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(
                actor=request.user,
                contract=contract,
                expected_version=form.cleaned_data["version"],
                data=form.contract_data(),
                scheme_change_reason=form.cleaned_data.get("scheme_change_reason") or "",
            )
        except services.StaleContractError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("socialreturn:contract", pk=contract.pk)
    status = 400 if request.method == "POST" else 200
    context = _form_context(form, contract=contract, has_entries=contract.entries.exists())
    return render(request, "socialreturn/contracts/form.html", context, status=status)


@staff_permission_required("socialreturn.change_contract")
def contract_status(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    contract = _officer_contract(request, pk)
    initial = {
        "status": contract.status,
        "penalty_note": contract.penalty_note,
        "version": contract.version,
    }
    form = ContractStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_set_status(
                actor=request.user,
                contract=contract,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                penalty_note=form.cleaned_data.get("penalty_note") or "",
            )
        except services.StaleContractError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for name, messages_ in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages_)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("socialreturn:contract", pk=contract.pk)
    status = 400 if request.method == "POST" else 200
    context = {"contract": contract, "form": form}
    return render(request, "socialreturn/contracts/status.html", context, status=status)


_INPUT_LABELS = {
    "base": gettext_lazy("Grondslag"),
    "base_amount": gettext_lazy("Bedrag van de grondslag"),
    "contract_type": gettext_lazy("Soort opdracht"),
    "threshold": gettext_lazy("Drempel voor deze soort opdracht"),
    "labour_share": gettext_lazy("Loonkostenaandeel (%)"),
    "offered_percentage": gettext_lazy("Aangeboden percentage"),
    "percentage": gettext_lazy("Toegepast percentage"),
    "percentage_reason": gettext_lazy("Waarom dit percentage"),
    "cap": gettext_lazy("Maximum per contract"),
    "pso_level": gettext_lazy("PSO-niveau"),
    "pso_discount": gettext_lazy("Korting voor PSO (%)"),
    "amount": gettext_lazy("Verplichting (€)"),
}


def obligation_explanation(contract: Contract) -> list[tuple[str, str]]:
    """The engine's inputs of the stored obligation as (Dutch label, value) rows."""
    inputs = (contract.obligation_inputs or {}).get("inputs", {})
    rows = []
    for key, value in inputs.items():
        if value is None:
            shown = "—"
        elif key == "base":
            shown = str(BASE_LABELS.get(value, value))
        elif key == "contract_type":
            shown = str(ContractType(value).label) if value in ContractType.values else value
        else:
            shown = str(value)
        rows.append((str(_INPUT_LABELS.get(key, key)), shown))
    return rows


def obligation_steps(contract: Contract, language: str) -> list[str]:
    """The engine's explanation of the stored obligation, in ``language`` where it can."""
    stored = contract.obligation_inputs or {}
    if stored.get("explanation"):
        return valuation.render_steps(stored["explanation"], language)
    return list(stored.get("steps", []))  # stored before steps had codes: English


@login_required
def contract_detail(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    contract = _visible_contract(request, pk)
    progress = contract_progress(contract)
    context = {
        "contract": contract,
        "progress": progress,
        "progress_figures": [
            (_("Verplichting"), euros(progress.obligation)),
            (_("Goedgekeurd"), euros(progress.approved)),
            (_("Wacht op beoordeling"), euros(progress.pending)),
            (_("Nog in te vullen"), euros(progress.remaining)),
            (_("Gerealiseerd"), f"{formats.number_format(progress.percentage, 1)}%"),
        ],
        "explanation": obligation_explanation(contract),
        "steps": obligation_steps(contract, get_language() or "nl"),
        "scheme_label": (contract.obligation_inputs or {}).get("scheme", ""),
        "can_change": request.user.has_perm("socialreturn.change_contract"),
    }
    return render(request, "socialreturn/contracts/detail.html", context)


@login_required
def contract_history(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
    contract = _visible_contract(request, pk)
    context = {"contract": contract, "entries": selectors.contract_history(contract=contract)}
    return render(request, "socialreturn/contracts/history.html", context)


# --- import ---------------------------------------------------------------------------------------


def contract_import(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """GET: the upload form. POST with a file: check it and show the preview. POST with the
    confirmation: check the kept file again and write it, all or nothing."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("socialreturn.import_contract"):
        raise PermissionDenied
    if request.method == "POST" and "sha256" in request.POST:
        return _import_confirm(request)
    if request.method == "POST":
        return _import_upload(request)
    return _render_upload(request, ImportUploadForm(), status=200)


def _render_upload(request: HttpRequest, form: ImportUploadForm, status: int) -> HttpResponse:
    context = {"form": form, "columns": imports.COLUMNS}
    return render(request, "socialreturn/contracts/import.html", context, status=status)


def _forget_kept(request: HttpRequest) -> None:
    kept = request.session.pop(IMPORT_SESSION_KEY, None)
    if kept:
        imports.file_forget(kept)


def _import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > imports.tabular.MAX_FILE_BYTES:
        form.add_error(
            "file", _("Het bestand is te groot: een importbestand mag hoogstens 10 MB zijn.")
        )
        return _render_upload(request, form, status=400)
    data = upload.read()
    plan = imports.import_plan(data, upload.name or "")
    if plan.file_error:
        form.add_error("file", plan.file_error)
        return _render_upload(request, form, status=400)
    _forget_kept(request)
    kept = imports.file_keep(data, upload.name or "")
    if plan.is_valid:
        request.session[IMPORT_SESSION_KEY] = kept.as_dict()
    else:
        imports.file_forget(kept.as_dict())
    return _render_preview(request, plan, kept.filename, kept.sha256 if plan.is_valid else "")


def _render_preview(
    request: HttpRequest, plan: imports.Plan, filename: str, sha256: str, status: int = 200
) -> HttpResponse:
    notable = [row for row in plan.rows if row.errors or row.action != imports.UNCHANGED]
    others = [row for row in plan.rows if not (row.errors or row.action != imports.UNCHANGED)]
    context = {
        "plan": plan,
        "filename": filename,
        "rows": notable + others[:PREVIEW_ROWS],
        "hidden_rows": max(0, len(others) - PREVIEW_ROWS),
        "confirm_form": ImportConfirmForm(initial={"sha256": sha256}) if sha256 else None,
        "form": ImportUploadForm(),
    }
    status = status if plan.is_valid else 400
    return render(request, "socialreturn/contracts/import_preview.html", context, status=status)


def _import_confirm(request: HttpRequest) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    kept = request.session.get(IMPORT_SESSION_KEY) or {}
    data = imports.file_read(kept) if kept else None
    if not form.is_valid() or data is None or form.cleaned_data["sha256"] != kept.get("sha256"):
        messages.error(
            request,
            _(
                "Dit importbestand is al verwerkt of verlopen. Upload het opnieuw om het te "
                "bekijken."
            ),
        )
        return redirect("socialreturn:contract_import")
    plan = imports.import_plan(data, kept.get("filename", ""))
    if not plan.is_valid:
        # The database changed since the preview: show what is wrong now, write nothing.
        _forget_kept(request)
        return _render_preview(request, plan, kept.get("filename", ""), "")
    try:
        counts = imports.import_apply(actor=request.user, plan=plan)
    except imports.ImportRefused as error:
        _forget_kept(request)
        messages.error(request, str(error))
        return redirect("socialreturn:contract_import")
    _forget_kept(request)
    messages.success(
        request,
        _(
            "De import is verwerkt: %(create)s nieuw, %(update)s gewijzigd, "
            "%(unchanged)s ongewijzigd."
        )
        % {
            "create": counts.get(imports.CREATE, 0),
            "update": counts.get(imports.UPDATE, 0),
            "unchanged": counts.get(imports.UNCHANGED, 0),
        },
    )
    return redirect("socialreturn:contracts")
