"""A contract's entries (tab "Invulling") with its export, and the form to add or edit an entry."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from impactplein.core.tabular import write_xlsx
from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.forms.fulfilment import (
    EntryFilterForm,
    EntryForm,
)
from impactplein.socialreturn.models import (
    Contract,
    FulfilmentEntry,
)
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.selectors.dashboards import contract_progress
from impactplein.socialreturn.services import fulfilment as services
from impactplein.socialreturn.services.fulfilment import StaleEntryError
from impactplein.socialreturn.views.fulfilment.common import (
    KIND_SLUGS,
    STATUS_BADGES,
    contract_for,
    entry_for,
    login_required,
)


@login_required
def contract_entries(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    filters = EntryFilterForm(request.GET or None)
    status = kind = ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    entries = selectors.entries_of_contract(contract, status=status, kind=kind)
    page = Paginator(entries, selectors.ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    groups = selectors.target_group_labels(contract)
    counts = selectors.status_counts(contract)
    can_add = request.user.has_perm("socialreturn.add_fulfilmententry", contract)
    # Whether a draft may be changed (and so deleted) depends on the contract and the user only,
    # never on which draft: ask once for the page, not once per row.
    first_draft = next((entry for entry in page if entry.status == EntryStatus.DRAFT), None)
    can_delete_drafts = first_draft is not None and request.user.has_perm(
        "socialreturn.change_fulfilmententry", first_draft
    )
    return render(
        request,
        "socialreturn/fulfilment/entries.html",
        {
            "contract": contract,
            "filters": filters if filters.is_bound else EntryFilterForm(),
            "page_obj": page,
            "rows": [
                {
                    "entry": entry,
                    "summary": selectors.entry_summary(entry, groups),
                    "badge": STATUS_BADGES.get(entry.status, "neutral"),
                }
                for entry in page
            ],
            "status_counts": [
                (label, counts[value], STATUS_BADGES[value]) for value, label in EntryStatus.choices
            ],
            "progress": contract_progress(contract),
            "add_links": [
                (slug, EntryKind(kind_value).label) for slug, kind_value in KIND_SLUGS.items()
            ]
            if can_add
            else [],
            "filtered": bool(status or kind),
            "can_approve": request.user.has_perm("socialreturn.approve_fulfilmententry"),
            "can_delete_drafts": can_delete_drafts,
        },
    )


@login_required
def contract_entries_export(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    filters = EntryFilterForm(request.GET or None)
    status = kind = ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    entries = selectors.entries_of_contract(contract, status=status, kind=kind)
    content = write_xlsx(
        selectors.export_rows(entries, contract),
        selectors.EXPORT_HEADERS,
        sheet_title="Invulling",
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    safe_reference = "".join(c if c.isalnum() or c in "-_" else "-" for c in contract.reference)
    response["Content-Disposition"] = f'attachment; filename="invulling-{safe_reference}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _form_page(
    request: HttpRequest,
    form: EntryForm,
    contract: Contract,
    *,
    entry: FulfilmentEntry | None = None,
    stale: bool = False,
    conflicts: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "socialreturn/fulfilment/form.html",
        {
            "form": form,
            "contract": contract,
            "entry": entry,
            "kind_label": EntryKind(form.kind).label,
            "stale": stale,
            "conflicts": conflicts or [],
        },
        status=status,
    )


def _shown(bound: Any, value: Any) -> str:
    """A field's value as the form shows it (the label of a choice, "ja"/"nee", the text)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    choices = getattr(bound.field, "choices", None)
    if choices is not None:
        key = str(getattr(value, "pk", value))
        for option, label in choices:
            if str(getattr(option, "value", option)) == key:
                return str(label)
    return str(value)


def _conflicts(typed: EntryForm, fresh: EntryForm) -> list[tuple[str, str, str]]:
    """(label, stored now, what the user typed) for every field where the two differ."""
    rows = []
    for name, field in fresh.fields.items():
        if name == "version" or name not in typed.cleaned_data:
            continue
        saved = _shown(fresh[name], fresh.initial.get(name))
        mine = _shown(typed[name], typed.cleaned_data.get(name))
        if name == "candidate_code":
            mine = _shown(typed[name], getattr(typed.cleaned_data.get(name), "code", None))
        if saved != mine:
            rows.append((str(field.label), saved, mine))
    return rows


@login_required
def entry_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in KIND_SLUGS:
        raise Http404
    kind_value = KIND_SLUGS[kind]
    contract = contract_for(request, pk, "socialreturn.add_fulfilmententry")
    if request.method != "POST":
        form = EntryForm(contract=contract, kind=kind_value, with_evidence=True)
        return _form_page(request, form, contract)
    form = EntryForm(
        request.POST, request.FILES, contract=contract, kind=kind_value, with_evidence=True
    )
    if form.is_valid():
        try:
            entry = services.entry_create(
                actor=request.user,
                contract=contract,
                kind=kind_value,
                evidence=form.cleaned_data.get("evidence") or None,
                **form.service_fields(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                error.error_dict["evidence"] = error.error_dict.pop("file")
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("De invulling is opgeslagen als concept. Dien haar in als ze compleet is."),
            )
            return redirect("socialreturn:entry", pk=entry.pk)
    return _form_page(request, form, contract, status=400)


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    if not request.user.has_perm("socialreturn.change_fulfilmententry", entry):
        if entry.status in (EntryStatus.APPROVED, EntryStatus.SUBMITTED):
            messages.error(
                request,
                str(services.LOCKED if entry.is_locked else services.NOT_EDITABLE),
            )
            return redirect("socialreturn:entry", pk=entry.pk)
        raise PermissionDenied
    contract = entry.contract
    if request.method != "POST":
        form = EntryForm(
            contract=contract,
            kind=entry.kind,
            with_version=True,
            initial=EntryForm.initial_for(entry),
        )
        return _form_page(request, form, contract, entry=entry)
    form = EntryForm(request.POST, contract=contract, kind=entry.kind, with_version=True)
    if form.is_valid():
        try:
            services.entry_update(
                actor=request.user,
                entry=entry,
                version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except StaleEntryError as stale:
            fresh = EntryForm(
                contract=contract,
                kind=entry.kind,
                with_version=True,
                initial=EntryForm.initial_for(stale.current),
            )
            return _form_page(
                request,
                fresh,
                contract,
                entry=stale.current,
                stale=True,
                conflicts=_conflicts(form, fresh),
                status=409,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("socialreturn:entry", pk=entry.pk)
    return _form_page(request, form, contract, entry=entry, status=400)
