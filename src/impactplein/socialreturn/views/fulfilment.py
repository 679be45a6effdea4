"""Fulfilment pages: a contract's entries (tab "Invulling") and its reports (tab "Rapportages"),
one entry with its value, evidence, history and actions, the officers' approval queue.

Who sees what is decided by ``rules.py``: a supplier's members see their own contracts, officers
every contract. Evidence is private and served here only. Candidates appear by code; a name is
shown only to the employer-services role (``socialreturn.view_candidateidentity``).
"""

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactplein.accounts.access import staff_permission_required
from impactplein.core.tabular import write_xlsx
from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.forms.fulfilment import (
    EntryFilterForm,
    EntryForm,
    EvidenceForm,
    QueueFilterForm,
    RejectForm,
    ReportSubmitForm,
    VersionForm,
)
from impactplein.socialreturn.models import (
    Contract,
    EntryEvidence,
    FulfilmentEntry,
    PeriodReport,
)
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.selectors.dashboards import contract_progress
from impactplein.socialreturn.services import fulfilment as services
from impactplein.socialreturn.services import reports as report_services
from impactplein.socialreturn.services.fulfilment import StaleEntryError

View = Callable[..., HttpResponse]

KIND_SLUGS = {
    "plaatsing": EntryKind.PLACEMENT,
    "inkoop": EntryKind.PURCHASE,
    "activiteit": EntryKind.ACTIVITY,
    "kostenpost": EntryKind.COST_ITEM,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}
STATUS_BADGES = {
    EntryStatus.DRAFT: "neutral",
    EntryStatus.SUBMITTED: "info",
    EntryStatus.APPROVED: "success",
    EntryStatus.REJECTED: "danger",
}
# Labels of the valuation's inputs as the entry page shows them; others show by their key.
INPUT_LABELS = {
    "block_label": gettext_lazy("Bouwblok"),
    "unit": gettext_lazy("Eenheid"),
    "amount_per_unit": gettext_lazy("Bedrag per eenheid (€)"),
    "target_group": gettext_lazy("Doelgroep"),
    "hours_per_week": gettext_lazy("Uren per week"),
    "fte": gettext_lazy("Deeltijdfactor (fte)"),
    "reference_date": gettext_lazy("Peildatum"),
    "counted_from": gettext_lazy("Geteld vanaf"),
    "counted_until": gettext_lazy("Geteld tot en met"),
    "months_in_period": gettext_lazy("Maanden binnen het contract"),
    "months_used_before": gettext_lazy("Maanden eerder geteld voor deze kandidaat"),
    "count_cap_months": gettext_lazy("Maximaal te tellen maanden"),
    "counted_months": gettext_lazy("Getelde maanden"),
    "base_value": gettext_lazy("Basiswaarde (€)"),
    "bonuses": gettext_lazy("Bonussen"),
    "weight": gettext_lazy("Weging (procent)"),
    "certifications": gettext_lazy("Certificeringen op de factuurdatum"),
    "amount_excl_vat": gettext_lazy("Factuurbedrag excl. btw (€)"),
    "hours": gettext_lazy("Uren"),
    "persons": gettext_lazy("Aantal medewerkers"),
    "days": gettext_lazy("Dagen"),
    "cost": gettext_lazy("Kosten (€)"),
    "amount": gettext_lazy("Bedrag (€)"),
    "share": gettext_lazy("Aandeel van de factuur (procent)"),
}
HIDDEN_INPUTS = {"scheme", "block", "candidate"}
STALE_MESSAGE = gettext_lazy(
    "Iemand anders heeft deze invulling intussen gewijzigd. Uw wijziging is niet opgeslagen; "
    "bekijk de nieuwste gegevens en probeer het opnieuw."
)


def login_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _contract(request: HttpRequest, pk: int, perm: str = "socialreturn.view_contract") -> Contract:
    try:
        contract = Contract.objects.select_related("supplier", "scheme").get(pk=pk)
    except Contract.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("socialreturn.view_contract", contract):
        raise Http404  # a contract one may not see does not exist for them
    if not request.user.has_perm(perm, contract):
        raise PermissionDenied
    return contract


def _entry(request: HttpRequest, pk: int, perm: str = "socialreturn.view_fulfilmententry") -> Any:
    try:
        entry = selectors.entry_get(pk=pk)
    except FulfilmentEntry.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("socialreturn.view_fulfilmententry", entry):
        raise Http404
    if not request.user.has_perm(perm, entry):
        raise PermissionDenied
    return entry


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


def _errors_as_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# --- a contract's entries ------------------------------------------------------------------------


@login_required
def contract_entries(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
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
    contract = _contract(request, pk)
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


# --- creating and editing an entry ---------------------------------------------------------------


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
    contract = _contract(request, pk, "socialreturn.add_fulfilmententry")
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
    entry = _entry(request, pk)
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


# --- deleting a draft ----------------------------------------------------------------------------

STALE_DELETE_MESSAGE = gettext_lazy(
    "Iemand anders heeft deze invulling intussen gewijzigd. Er is niets verwijderd; hieronder "
    "staan de nieuwste gegevens. Bevestig opnieuw als u haar nog steeds wilt verwijderen."
)
NO_VERSION_MESSAGE = gettext_lazy(
    "Er is niets verwijderd, omdat niet vaststond welke versie van de invulling u zag. Bekijk de "
    "gegevens hieronder en bevestig opnieuw."
)


def _delete_page(
    request: HttpRequest, entry: FulfilmentEntry, *, warning: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "socialreturn/fulfilment/delete.html",
        {
            "entry": entry,
            "contract": entry.contract,
            "summary": selectors.entry_summary(entry),
            "fields": selectors.entry_fields(entry),
            "evidence": selectors.evidence_of(entry),
            "warning": warning,
        },
        status=status,
    )


def _refuse_delete(request: HttpRequest, entry: FulfilmentEntry) -> HttpResponse:
    messages.error(request, str(services.NOT_DELETABLE[entry.status]))
    return redirect("socialreturn:entry", pk=entry.pk)


@login_required
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask before deleting a draft (GET), delete it (POST) over the version the page showed."""
    entry = _entry(request, pk)
    if entry.status != EntryStatus.DRAFT:
        return _refuse_delete(request, entry)
    if not request.user.has_perm("socialreturn.change_fulfilmententry", entry):
        raise PermissionDenied
    if request.method != "POST":
        return _delete_page(request, entry)
    version = _version(request)
    if version is None:
        return _delete_page(request, entry, warning=str(NO_VERSION_MESSAGE), status=400)
    try:
        services.entry_delete(actor=request.user, entry=entry, version=version)
    except StaleEntryError as stale:
        fresh = selectors.entry_get(pk=stale.current.pk)
        if fresh.status != EntryStatus.DRAFT:
            return _refuse_delete(request, fresh)
        return _delete_page(request, fresh, warning=str(STALE_DELETE_MESSAGE), status=409)
    except ValidationError as error:
        messages.error(request, _errors_as_text(error))
        return redirect("socialreturn:entry", pk=entry.pk)
    messages.success(
        request,
        _(
            "Invulling #%(number)s is verwijderd. Wie haar verwijderde en wanneer, blijft "
            "vastgelegd."
        )
        % {"number": entry.pk},
    )
    return redirect("socialreturn:contract_entries", pk=entry.contract_id)


# --- one entry -----------------------------------------------------------------------------------


def _explanation(entry: FulfilmentEntry) -> list[tuple[str, str]]:
    inputs = (entry.valuation or {}).get("inputs") or {}
    rows = []
    for key, value in inputs.items():
        if key in HIDDEN_INPUTS or value in (None, "", [], {}):
            continue
        if key == "target_group":
            value = selectors.target_group_labels(entry.contract).get(value, value)
        if isinstance(value, list):
            value = "; ".join(
                ", ".join(f"{k}: {v}" for k, v in item.items())
                if isinstance(item, dict)
                else str(item)
                for item in value
            )
        elif isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        rows.append((str(INPUT_LABELS.get(key, key)), str(value)))
    return rows


def _steps(entry: FulfilmentEntry) -> tuple[list[str], str]:
    """The explanation of the entry's value in the reader's language where the engine stored
    codes (``explanation``), else the English lines it stored (``steps``); and that language."""
    stored = entry.valuation or {}
    explanation = stored.get("explanation")
    if explanation:
        try:
            from impactplein.socialreturn.valuation import explain

            steps = [explain.Step(item["code"], item.get("params") or {}) for item in explanation]
            language = "en" if (get_language() or "nl").startswith("en") else "nl"
            return [str(line) for line in explain.render_steps(steps, language)], language
        except (ImportError, AttributeError, KeyError, TypeError, ValueError):
            pass
    return [str(line) for line in stored.get("steps") or []], "en"


def _detail_page(
    request: HttpRequest,
    entry: FulfilmentEntry,
    *,
    evidence_form: EvidenceForm | None = None,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_decide_perm = user.has_perm("socialreturn.approve_fulfilmententry", entry)
    submitted = entry.status == EntryStatus.SUBMITTED
    may_decide = services.may_decide(user, entry) if can_decide_perm and submitted else False
    can_add_evidence = (
        user.has_perm("socialreturn.add_fulfilmententry", entry.contract) and not entry.is_locked
    )
    steps, steps_language = _steps(entry)
    identity = None
    if entry.candidate_id and user.has_perm("socialreturn.view_candidateidentity"):
        identity = getattr(entry.candidate, "identity", None)
    return render(
        request,
        "socialreturn/fulfilment/detail.html",
        {
            "entry": entry,
            "contract": entry.contract,
            "badge": STATUS_BADGES.get(entry.status, "neutral"),
            "summary": selectors.entry_summary(entry),
            "fields": selectors.entry_fields(entry),
            "explanation": _explanation(entry),
            "steps": steps,
            "steps_language": steps_language,
            "steps_in_english": steps_language == "en"
            and not (get_language() or "nl").startswith("en"),
            "scheme_label": (entry.valuation or {}).get("scheme", ""),
            "evidence": selectors.evidence_of(entry),
            "evidence_form": evidence_form or (EvidenceForm() if can_add_evidence else None),
            "history": selectors.entry_history(entry),
            "can_edit": user.has_perm("socialreturn.change_fulfilmententry", entry),
            "can_submit": user.has_perm("socialreturn.change_fulfilmententry", entry),
            "can_delete": entry.status == EntryStatus.DRAFT
            and user.has_perm("socialreturn.change_fulfilmententry", entry),
            "can_decide": may_decide,
            "four_eyes_blocked": can_decide_perm and submitted and not may_decide,
            "four_eyes_message": services.FOUR_EYES,
            "reject_form": reject_form or RejectForm(initial={"version": entry.version}),
            "identity": identity,
        },
        status=status,
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _entry(request, pk))


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if not request.user.has_perm("socialreturn.change_fulfilmententry", entry):
        raise PermissionDenied
    try:
        services.entry_submit(actor=request.user, entry=entry, version=_version(request))
    except StaleEntryError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, _errors_as_text(error))
    else:
        messages.success(request, _("De invulling is ingediend en wacht op beoordeling."))
    return redirect("socialreturn:entry", pk=entry.pk)


@login_required
@require_POST
def entry_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk, "socialreturn.approve_fulfilmententry")
    decision = request.POST.get("decision", "")
    version = _version(request)
    try:
        if decision == "approve":
            services.entry_approve(actor=request.user, entry=entry, version=version)
            messages.success(request, _("De invulling is goedgekeurd en staat nu vast."))
        elif decision == "reject":
            form = RejectForm(request.POST)
            form.is_valid()
            try:
                services.entry_reject(
                    actor=request.user,
                    entry=entry,
                    version=version,
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "reason" in error.error_dict:
                    form.add_service_errors(error)
                    return _detail_page(request, entry, reject_form=form, status=400)
                raise
            messages.success(
                request, _("De invulling is afgewezen; de opdrachtnemer ziet de reden.")
            )
        else:
            return HttpResponse(status=400)
    except StaleEntryError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, _errors_as_text(error))
    return redirect("socialreturn:entry", pk=entry.pk)


# --- evidence ------------------------------------------------------------------------------------


@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if request.method != "POST":
        return redirect("socialreturn:entry", pk=entry.pk)
    if not request.user.has_perm("socialreturn.add_fulfilmententry", entry.contract):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, entry=entry, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het bewijsstuk is toegevoegd."))
            return redirect("socialreturn:entry", pk=entry.pk)
    return _detail_page(request, entry, evidence_form=form, status=400)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item: EntryEvidence = selectors.evidence_get(pk=pk)
    except EntryEvidence.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("socialreturn.view_entryevidence", item):
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1].lower()
    content_type = services.CONTENT_TYPES.get(extension) or (
        mimetypes.guess_type(f"x.{extension}")[0] or "application/octet-stream"
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=extension not in ("jpg", "png"),
        filename=item.original_name or f"bewijs-{item.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- approval queue ------------------------------------------------------------------------------


@staff_permission_required("socialreturn.approve_fulfilmententry")
def approval_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, suppliers=selectors.queue_suppliers())
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        supplier = form.cleaned_data.get("supplier")
        filters = selectors.QueueFilters(
            contract=form.cleaned_data.get("contract") or "",
            supplier=supplier.pk if supplier else None,
            kind=form.cleaned_data.get("kind") or "",
        )
    page = Paginator(selectors.approval_queue(filters), selectors.QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    return render(
        request,
        "socialreturn/fulfilment/queue.html",
        {
            "form": form
            if form.is_bound
            else QueueFilterForm(suppliers=selectors.queue_suppliers()),
            "page_obj": page,
            "rows": [
                {
                    "entry": entry,
                    "summary": selectors.entry_summary(entry),
                    "waiting_days": (now - entry.submitted_at).days if entry.submitted_at else 0,
                    "own": not services.may_decide(request.user, entry),
                }
                for entry in page
            ],
        },
    )


# --- reports -------------------------------------------------------------------------------------


@login_required
def contract_reports(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    report_services.ensure_reports(contract)
    today = timezone.localdate()
    rows = selectors.reports_of_contract(contract, today=today)
    can_submit = bool(rows) and request.user.has_perm(
        "socialreturn.change_periodreport", rows[0].report
    )
    return render(
        request,
        "socialreturn/fulfilment/reports.html",
        {
            "contract": contract,
            "rows": rows,
            "can_submit": can_submit,
            "form": ReportSubmitForm(),
            "today": today,
        },
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.report_get(pk=pk)
    except PeriodReport.DoesNotExist as error:
        raise Http404 from error
    _contract(request, report.contract_id)
    if not request.user.has_perm("socialreturn.change_periodreport", report):
        raise PermissionDenied
    form = ReportSubmitForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        _report, count = report_services.report_submit(actor=request.user, report=report, note=note)
    except ValidationError as error:
        messages.error(request, _errors_as_text(error))
    else:
        messages.success(
            request,
            _("De rapportage is ingediend, met %(count)s invulling(en) die nog concept waren.")
            % {"count": count},
        )
    return redirect("socialreturn:contract_reports", pk=report.contract_id)
