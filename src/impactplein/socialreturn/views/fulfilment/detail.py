"""One entry's page: its data, value and how it came about, evidence, history and actions."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy

from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.forms.fulfilment import (
    EvidenceForm,
    RejectForm,
)
from impactplein.socialreturn.models import FulfilmentEntry
from impactplein.socialreturn.selectors import fulfilment as selectors
from impactplein.socialreturn.services import fulfilment as services
from impactplein.socialreturn.views.fulfilment.common import (
    STATUS_BADGES,
    entry_for,
    login_required,
)

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


def detail_page(
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
    return detail_page(request, entry_for(request, pk))
