"""Writing contracts: register, change, change status; the obligation is computed here.

Every write goes through :func:`contract_create`, :func:`contract_update` or
:func:`contract_set_status` (the form, the import and the demo alike). The obligation is computed
by the pure engine (``valuation.obligation``) with the contract's *pinned* scheme and stored with
the engine's inputs and steps in ``obligation_inputs``, so the figure can be reproduced and
explained. A contract can only be pinned to a published scheme; after award the scheme changes
only while no fulfilment has been entered, and then with a reason that the history keeps.

A contract in the engine's terms and its scheme come from ``valuing`` (``terms_of``,
``scheme_of``), the one bridge between the records and the engine.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from impactplein.organisations.models import Organisation
from impactplein.socialreturn import valuation, valuing
from impactplein.socialreturn.constants import ContractStatus, ContractType, PSOLevel
from impactplein.socialreturn.models import Contract, ValuationScheme
from impactplein.socialreturn.selectors.schemes import scheme_valid_on
from impactplein.socialreturn.services import reports

#: The fields an officer sets on a contract (the form's and the import's fields).
CONTRACT_FIELDS = (
    "reference",
    "title",
    "buyer_department",
    "supplier",
    "contract_type",
    "value",
    "awarded_on",
    "start_date",
    "end_date",
    "labour_share",
    "offered_percentage",
    "supplier_pso_level",
    "scheme",
    "co2_ladder_level",
    "mvi_criteria",
)
#: Changing one of these recomputes the obligation.
# A change to one of these moves the months a placement counts and the reports that are due.
PERIOD_FIELDS = ("awarded_on", "start_date", "end_date")
OBLIGATION_FIELDS = (
    "contract_type",
    "value",
    "awarded_on",
    "start_date",
    "end_date",
    "labour_share",
    "offered_percentage",
    "supplier_pso_level",
    "scheme",
)


class StaleContractError(Exception):
    """The edit was made on an older version of the contract; nothing was saved."""

    def __init__(self, current: Contract) -> None:
        super().__init__(
            _(
                "Iemand anders heeft dit contract intussen gewijzigd. Uw wijziging is niet "
                "opgeslagen; bekijk de nieuwe gegevens en voer uw wijziging opnieuw in."
            )
        )
        self.current = current


@dataclass(frozen=True)
class ContractData:
    """What an officer gives for a contract (the form's cleaned data, or an import row)."""

    reference: str
    title: str
    buyer_department: str
    supplier: Organisation
    contract_type: str
    value: Decimal
    awarded_on: date
    start_date: date
    end_date: date
    labour_share: Decimal | None = None
    offered_percentage: Decimal | None = None
    supplier_pso_level: str = ""
    scheme: ValuationScheme | None = None  # None: the scheme valid on the award date
    co2_ladder_level: int | None = None
    mvi_criteria: str = ""

    def as_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTRACT_FIELDS}


def compute_obligation(fields: dict[str, Any]) -> tuple[Decimal, dict[str, Any]]:
    """The obligation for ``fields`` (with a ``scheme``) and what to store beside it."""
    scheme: ValuationScheme = fields["scheme"]
    terms = valuing.terms(**{name: fields[name] for name in valuing.TERM_FIELDS})
    result = valuation.obligation(terms, valuing.engine_scheme(scheme))
    stored = {
        "scheme": result.scheme,
        "scheme_pk": scheme.pk,
        "amount": str(result.amount),
        "terms": {
            "contract_type": terms.contract_type,
            "value": str(terms.value),
            "start": terms.start.isoformat(),
            "end": terms.end.isoformat(),
            "awarded_on": terms.awarded_on.isoformat() if terms.awarded_on else None,
            "labour_share": None if terms.labour_share is None else str(terms.labour_share),
            "offered_percentage": None
            if terms.offered_percentage is None
            else str(terms.offered_percentage),
            "supplier_pso_level": terms.supplier_pso_level,
        },
        "inputs": dict(result.inputs),
        "steps": list(result.steps),
        # The same steps as codes and parameters, to be written in the reader's language.
        "explanation": [item.as_json() for item in result.explanation],
        "computed_at": timezone.now().isoformat(),
    }
    return result.amount, stored


# --- checks -------------------------------------------------------------------------------------


def contract_check(fields: dict[str, Any], *, pk: int | None) -> None:
    """Refuse ``fields`` with a :class:`ValidationError` per field, in Dutch; writes nothing."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not str(fields.get("reference") or "").strip():
        add("reference", _("Vul een kenmerk in."))
    elif Contract.objects.filter(reference=fields["reference"]).exclude(pk=pk).exists():
        add("reference", _("Er is al een contract met dit kenmerk."))
    if not str(fields.get("title") or "").strip():
        add("title", _("Vul een omschrijving in."))
    if not str(fields.get("buyer_department") or "").strip():
        add("buyer_department", _("Vul de afdeling van de opdrachtgever in."))
    if fields.get("contract_type") not in ContractType.values:
        add("contract_type", _("Kies werken, diensten of leveringen."))
    value = fields.get("value")
    if value is None or value < 0:
        add("value", _("De opdrachtwaarde mag niet negatief zijn."))
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        add("end_date", _("De einddatum ligt voor de startdatum."))
    for name in ("labour_share", "offered_percentage"):
        number = fields.get(name)
        if number is not None and not Decimal(0) <= number <= Decimal(100):
            add(name, _("Vul een percentage van 0 tot en met 100 in."))
    if (fields.get("supplier_pso_level") or "") not in PSOLevel.values:
        add("supplier_pso_level", _("Kies een PSO-niveau uit de lijst."))
    level = fields.get("co2_ladder_level")
    if level is not None and not 1 <= level <= 5:
        add("co2_ladder_level", _("Het niveau op de CO2-prestatieladder is 1 tot en met 5."))
    scheme = fields.get("scheme")
    if scheme is None:
        add(
            "scheme",
            _(
                "Er is geen gepubliceerd waarderingsmodel dat geldt op de gunningsdatum; "
                "kies er een."
            ),
        )
    elif not scheme.is_published:
        add("scheme", _("Een contract kan alleen aan een gepubliceerd waarderingsmodel hangen."))
    if errors:
        raise ValidationError(errors)


def with_default_scheme(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("scheme") is None and fields.get("awarded_on"):
        fields["scheme"] = scheme_valid_on(fields["awarded_on"])
    return fields


# --- writes -------------------------------------------------------------------------------------


@transaction.atomic
def contract_create(
    *,
    actor: Model | None,
    data: ContractData,
    status: str = ContractStatus.AWARDED,
    penalty_note: str = "",
) -> Contract:
    """Register a contract: check it, pin its scheme, compute and store its obligation."""
    fields = with_default_scheme(data.as_fields())
    fields["reference"] = str(fields["reference"]).strip()
    contract_check(fields, pk=None)
    check_status(status, penalty_note)
    amount, stored = compute_obligation(fields)
    now = timezone.now()
    contract = Contract(
        **fields,
        obligation=amount,
        obligation_inputs=stored,
        status=status,
        penalty_note=penalty_note,
        created_at=now,
        updated_at=now,
    )
    contract._history_user = actor  # type: ignore[attr-defined]
    contract.save()
    reports.ensure_reports(contract)
    return contract


def _locked(contract: Contract, expected_version: int) -> Contract:
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.version != expected_version:
        raise StaleContractError(current)
    return current


def changed_fields(contract: Contract, data: ContractData) -> list[str]:
    """The names of the fields ``data`` would change on ``contract``."""
    new = data.as_fields()
    changed = []
    for name in CONTRACT_FIELDS:
        if name == "scheme" and new["scheme"] is None:
            continue
        old = getattr(contract, name)
        value = new[name]
        if name in ("supplier", "scheme"):
            if getattr(contract, f"{name}_id") != value.pk:
                changed.append(name)
        elif (old if old is not None else "") != (value if value is not None else ""):
            changed.append(name)
    return changed


@transaction.atomic
def contract_update(
    *,
    actor: Model | None,
    contract: Contract,
    expected_version: int,
    data: ContractData,
    scheme_change_reason: str = "",
) -> Contract:
    """Change a contract made on ``expected_version``; the obligation follows its inputs.

    ``data.scheme`` None keeps the pinned scheme. Changing the scheme is refused once fulfilment
    has been entered on the contract, and needs ``scheme_change_reason`` otherwise (kept in the
    history). Nothing changes when the data is the same (the version stays as it is).
    """
    current = _locked(contract, expected_version)
    changed = changed_fields(current, data)
    if not changed:
        return current
    fields = data.as_fields()
    if fields["scheme"] is None:
        fields["scheme"] = current.scheme
    fields["reference"] = str(fields["reference"]).strip()
    contract_check(fields, pk=current.pk)
    if "scheme" in changed:
        if current.entries.exists():
            raise ValidationError(
                {
                    "scheme": _(
                        "Het waarderingsmodel ligt vast: er is al invulling op dit contract "
                        "geregistreerd."
                    )
                }
            )
        if not scheme_change_reason.strip():
            raise ValidationError(
                {
                    "scheme_change_reason": _(
                        "Geef een reden op voor het wijzigen van het waarderingsmodel na gunning."
                    )
                }
            )
    for name, value in fields.items():
        setattr(current, name, value)
    if any(name in OBLIGATION_FIELDS for name in changed):
        current.obligation, current.obligation_inputs = compute_obligation(fields)
    current.version += 1
    current.updated_at = timezone.now()
    current._history_user = actor  # type: ignore[attr-defined]
    if "scheme" in changed:
        current._change_reason = scheme_change_reason.strip()  # type: ignore[attr-defined]
    current.save()
    if any(name in PERIOD_FIELDS for name in changed):
        # The counted months of placements and the reports owed follow the contract's period.
        valuing.revalue_contract(current, actor=actor)
        reports.ensure_reports(current)
    return current


def check_status(status: str, penalty_note: str) -> None:
    if status not in ContractStatus.values:
        raise ValidationError({"status": _("Kies een status uit de lijst.")})
    if status == ContractStatus.NON_COMPLIANT and not penalty_note.strip():
        raise ValidationError(
            {
                "penalty_note": _(
                    "Licht toe welke boete of maatregel geldt als de opdrachtnemer de "
                    "verplichting niet is nagekomen."
                )
            }
        )


@transaction.atomic
def contract_set_status(
    *,
    actor: Model | None,
    contract: Contract,
    expected_version: int,
    status: str,
    penalty_note: str = "",
) -> Contract:
    """Move a contract to ``status``; "niet nagekomen" needs a note on the penalty."""
    current = _locked(contract, expected_version)
    check_status(status, penalty_note)
    if status == current.status and penalty_note.strip() == current.penalty_note:
        return current
    current.status = status
    current.penalty_note = penalty_note.strip()
    current.version += 1
    current.updated_at = timezone.now()
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


def contract_register_or_update(
    *, actor: Model | None, data: ContractData, status: str | None = None, penalty_note: str = ""
) -> tuple[Contract, bool]:
    """Create the contract with ``data.reference`` or change the existing one (import, demo).

    Returns ``(contract, created)``. ``status`` None leaves an existing contract's status alone.
    """
    existing = Contract.objects.filter(reference=data.reference.strip()).first()
    if existing is None:
        contract = contract_create(
            actor=actor,
            data=data,
            status=status or ContractStatus.AWARDED,
            penalty_note=penalty_note,
        )
        return contract, True
    contract = contract_update(
        actor=actor,
        contract=existing,
        expected_version=existing.version,
        data=data,
        scheme_change_reason=_("gewijzigd via import"),
    )
    if status and (status != contract.status or penalty_note.strip() != contract.penalty_note):
        contract = contract_set_status(
            actor=actor,
            contract=contract,
            expected_version=contract.version,
            status=status,
            penalty_note=penalty_note,
        )
    return contract, False
