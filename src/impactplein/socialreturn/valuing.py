"""The bridge between the records and the pure engine: entries in, stored values out.

A contract is valued with the scheme version it was awarded under (``contract.scheme``, pinned),
never with a newer one. Every entry of the contract is turned into an engine item and the whole
list goes to ``valuation.evaluate`` in one call, because counting caps (12 or 24 months) apply per
candidate *across* entries: approved entries come first (by start date), then submitted ones,
then drafts, and rejected ones last, so a pending entry never eats the months of an approved one
and a rejected one takes nothing from anybody. The answer (amount, inputs, steps and the scheme
version) is stored on each entry, so the figure on a page can be reproduced from its record.

Only services call :func:`revalue_contract`, inside their own transaction.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from impactplein.directory.constants import CertificationKind, CertificationStatus
from impactplein.directory.selectors import certifications_on
from impactplein.organisations.models import Organisation
from impactplein.socialreturn import valuation
from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import Contract, FulfilmentEntry, ValuationScheme

# Statuses in the order their entries are valued (caps are used up in this order).
STATUS_ORDER = {
    EntryStatus.APPROVED: 0,
    EntryStatus.SUBMITTED: 1,
    EntryStatus.DRAFT: 2,
    EntryStatus.REJECTED: 3,
}
# Certification statuses under which a certification counts on a day.
_VALID = {CertificationStatus.VALID.value, CertificationStatus.EXPIRING.value}
# Engine field names -> the entry's form field, to put an engine problem at the right field.
ENGINE_FIELDS = {
    "candidate": "candidate_code",
    "target_group": "target_group",
    "block": "block",
    "hours_per_week": "hours_per_week",
    "start": "start_date",
    "end": "end_date",
    "benefit_duration_months": "benefit_duration_months",
    "age_at_reference_date": "age_at_reference_date",
    "wage_subsidy_until": "wage_subsidy_until",
    "invoice_number": "invoice_number",
    "invoice_date": "invoice_date",
    "amount_excl_vat": "amount",
    "amount": "amount",
    "hours": "hours",
    "persons": "persons",
    "days": "days",
    "cost": "amount",
}
VALUE_PROBLEM = _(
    "Deze invulling past niet bij het waarderingsmodel van het contract (%(scheme)s): %(problem)s"
)


@lru_cache(maxsize=64)
def _scheme_cached(pk: int, version_lock: int, updated: str) -> valuation.Scheme:
    record = ValuationScheme.objects.get(pk=pk)
    return valuation.load_scheme(record.definition)


def scheme_of(contract: Contract) -> valuation.Scheme:
    """The engine's scheme pinned to ``contract`` (a published scheme never changes)."""
    return engine_scheme(contract.scheme)


def engine_scheme(record: ValuationScheme) -> valuation.Scheme:
    """A scheme record as the engine reads it, loaded once per version of the record."""
    return _scheme_cached(record.pk, record.version_lock, record.updated_at.isoformat())


def terms(
    *,
    reference: str,
    contract_type: str,
    value: Decimal,
    start_date: date,
    end_date: date,
    awarded_on: date | None,
    labour_share: Decimal | None,
    offered_percentage: Decimal | None,
    supplier_pso_level: str,
) -> valuation.ContractTerms:
    """A contract's terms as the engine reads them, from a record's field values."""
    return valuation.ContractTerms(
        reference=reference,
        contract_type=contract_type,
        value=Decimal(value),
        start=start_date,
        end=end_date,
        awarded_on=awarded_on,
        labour_share=labour_share,
        offered_percentage=offered_percentage,
        supplier_pso_level=supplier_pso_level or "",
    )


# The contract fields the engine's terms are made of (the keyword arguments of ``terms``).
TERM_FIELDS = (
    "reference",
    "contract_type",
    "value",
    "start_date",
    "end_date",
    "awarded_on",
    "labour_share",
    "offered_percentage",
    "supplier_pso_level",
)


def terms_of(contract: Contract) -> valuation.ContractTerms:
    return terms(**{name: getattr(contract, name) for name in TERM_FIELDS})


def certifications_for_engine(organisation: Organisation, day: date) -> tuple[str, ...]:
    """The certifications ``organisation`` held on ``day`` in the engine's words.

    A PSO certificate is ``"pso:<level>"``; the others are their kind
    (``"code_sociale_ondernemingen"``, ``"social_enterprise_nl"``, ...). Expired and not-yet-valid
    ones do not count.
    """
    found: list[str] = []
    for row in certifications_on(organisation, day):
        if str(row.status) not in _VALID and getattr(row.status, "value", "") not in _VALID:
            continue
        certification = row.certification
        if certification.kind == CertificationKind.PSO and certification.level:
            found.append(f"pso:{certification.level}")
        else:
            found.append(str(certification.kind))
    return tuple(sorted(set(found)))


def item_id(entry: FulfilmentEntry) -> str:
    return f"E{entry.pk}"


def item_of(entry: FulfilmentEntry) -> valuation.Item:
    """The engine's item for ``entry`` (the entry must be saved: its id names the item)."""
    identifier = item_id(entry)
    if entry.kind == EntryKind.PLACEMENT:
        return valuation.Placement(
            id=identifier,
            candidate=entry.candidate.code if entry.candidate_id else identifier,
            target_group=entry.target_group,
            block=entry.block,
            hours_per_week=entry.hours_per_week,  # type: ignore[arg-type]
            start=entry.start_date,  # type: ignore[arg-type]
            end=entry.end_date,
            benefit_duration_months=entry.benefit_duration_months,
            age_at_reference_date=entry.age_at_reference_date,
            permanent_contract=entry.permanent_contract,
            status_holder=entry.status_holder,
            wage_subsidy_until=entry.wage_subsidy_until,
        )
    if entry.kind == EntryKind.PURCHASE:
        certifications: tuple[str, ...] = ()
        if entry.social_enterprise_id and entry.invoice_date:
            certifications = certifications_for_engine(entry.social_enterprise, entry.invoice_date)
        return valuation.Purchase(
            id=identifier,
            block=entry.block,
            invoice_number=entry.invoice_number,
            invoice_date=entry.invoice_date,  # type: ignore[arg-type]
            amount_excl_vat=entry.amount,  # type: ignore[arg-type]
            supplier_certifications=certifications,
        )
    if entry.kind == EntryKind.ACTIVITY:
        return valuation.Activity(
            id=identifier,
            block=entry.block,
            hours=entry.hours,
            persons=entry.persons or 1,
            days=entry.days,
            cost=entry.amount,
        )
    return valuation.CostItem(
        id=identifier,
        block=entry.block,
        amount=entry.amount,  # type: ignore[arg-type]
        description=entry.description,
    )


def _sort_key(entry: FulfilmentEntry) -> tuple[Any, ...]:
    day = entry.start_date or entry.invoice_date or entry.created_at.date()
    return (STATUS_ORDER.get(entry.status, 9), day, entry.pk)


def valuation_order(entries: Iterable[FulfilmentEntry]) -> list[FulfilmentEntry]:
    """Approved first by start date, then submitted, drafts, and rejected ones last."""
    return sorted(entries, key=_sort_key)


def check_entry(entry: FulfilmentEntry) -> None:
    """Refuse an entry the contract's scheme cannot value, with the problem at its field.

    Raises ``ValidationError`` (a dict by form field) and changes nothing.
    """
    contract = entry.contract
    scheme = scheme_of(contract)
    saved_pk = entry.pk
    if entry.pk is None:
        entry.pk = 0  # only names the item in the engine's messages
    try:
        valuation.evaluate(terms_of(contract), [item_of(entry)], scheme)
    except valuation.InvalidContract as error:
        raise _validation_error(error.problems, scheme.label) from error
    finally:
        entry.pk = saved_pk


def _validation_error(problems: Sequence[valuation.Problem], label: str) -> ValidationError:
    errors: dict[str, list[Any]] = {}
    for problem in problems:
        name = problem.path.rsplit(".", 1)[-1] if "." in problem.path else ""
        field = ENGINE_FIELDS.get(name, "__all__")
        errors.setdefault(field, []).append(
            ValidationError(
                VALUE_PROBLEM,
                code=problem.code,
                params={"scheme": label, "problem": problem.message},
            )
        )
    return ValidationError(errors)


def revalue_contract(
    contract: Contract, *, actor: Model | None, changed: FulfilmentEntry | None = None
) -> valuation.Evaluation:
    """Value every entry of ``contract`` again and store the values that changed.

    Call inside the transaction of the change that caused it (an edit, a status change): the
    caps per candidate depend on the order of all entries, so one change can move another
    entry's value. A changed value of another entry is saved with a history record naming
    ``actor`` and the reason; the value of the ``changed`` entry itself goes into the history
    record its change just wrote, so its history shows one step, with the new value.
    """
    entries = valuation_order(
        FulfilmentEntry.objects.select_for_update(of=("self",))
        .filter(contract=contract)
        .select_related("candidate", "social_enterprise")
    )
    scheme = scheme_of(contract)
    items = [item_of(entry) for entry in entries]
    try:
        result = valuation.evaluate(terms_of(contract), items, scheme)
    except valuation.InvalidContract as error:
        raise _validation_error(error.problems, scheme.label) from error
    values = {value.item_id: value for value in result.items}
    for position, entry in enumerate(entries, start=1):
        value = values[item_id(entry)]
        stored = {
            "scheme": result.scheme,
            "scheme_id": contract.scheme_id,
            "block": value.block,
            "inputs": _jsonable(value.inputs),
            "steps": list(value.steps),
            "position": position,
        }
        explanation = getattr(value, "explanation", None)
        if explanation:
            # Codes with parameters: the page writes them in the reader's language.
            stored["explanation"] = [_jsonable(item.as_json()) for item in explanation]
        if entry.value == value.amount and entry.valuation == stored:
            continue
        entry.value = value.amount
        entry.valuation = stored
        if changed is not None and entry.pk == changed.pk:
            _store_in_last_record(entry)
            continue
        entry._history_user = actor  # type: ignore[attr-defined]
        entry._change_reason = "waardering"  # type: ignore[attr-defined]
        entry.save(update_fields=["value", "valuation"])
    return result


def _store_in_last_record(entry: FulfilmentEntry) -> None:
    entry.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        entry.save(update_fields=["value", "valuation"])
    finally:
        del entry.skip_history_when_saving  # type: ignore[attr-defined]
    last = entry.history.order_by("-history_date", "-history_id").first()
    if last is not None:
        type(last).objects.filter(pk=last.pk).update(value=entry.value, valuation=entry.valuation)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
