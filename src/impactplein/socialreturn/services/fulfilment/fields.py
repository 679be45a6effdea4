"""The fields of each kind of entry, how typed values are normalised, and their validation."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from impactplein.socialreturn.constants import EntryKind
from impactplein.socialreturn.models import Contract, FulfilmentEntry

# The fields each kind of entry holds; the others stay empty.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.PLACEMENT: (
        "candidate",
        "target_group",
        "block",
        "benefit_duration_months",
        "age_at_reference_date",
        "hours_per_week",
        "start_date",
        "end_date",
        "permanent_contract",
        "status_holder",
        "wage_subsidy_until",
        "description",
    ),
    EntryKind.PURCHASE: (
        "block",
        "invoice_number",
        "invoice_date",
        "amount",
        "social_enterprise",
        "description",
    ),
    EntryKind.ACTIVITY: ("block", "description", "hours", "persons", "days", "amount"),
    EntryKind.COST_ITEM: ("block", "amount", "description"),
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.PLACEMENT: ("candidate", "target_group", "hours_per_week", "start_date"),
    EntryKind.PURCHASE: ("block", "invoice_number", "invoice_date", "amount", "social_enterprise"),
    EntryKind.ACTIVITY: ("block", "description"),
    EntryKind.COST_ITEM: ("block", "amount", "description"),
}
ALL_FIELDS = tuple(sorted({name for names in KIND_FIELDS.values() for name in names}))
EMPTY: dict[str, Any] = {
    "candidate": None,
    "target_group": "",
    "block": "",
    "benefit_duration_months": None,
    "age_at_reference_date": None,
    "hours_per_week": None,
    "start_date": None,
    "end_date": None,
    "permanent_contract": False,
    "status_holder": False,
    "wage_subsidy_until": None,
    "invoice_number": "",
    "invoice_date": None,
    "amount": None,
    "social_enterprise": None,
    "description": "",
    "hours": None,
    "persons": None,
    "days": None,
}

REQUIRED = _("Vul dit veld in.")
END_BEFORE_START = _("De einddatum ligt voor de startdatum.")
SUBSIDY_BEFORE_START = _("De loonkostensubsidie kan niet eindigen voor de startdatum.")
NOT_POSITIVE = _("Vul een getal groter dan nul in.")
HOURS_OR_DAYS = _("Vul de uren, het aantal dagen of de kosten van de activiteit in.")
INVOICE_TAKEN = _("Factuurnummer %(number)s is voor dit contract al ingevoerd (invulling %(pk)s).")


def normalised(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ALL_FIELDS)
    if unknown:
        raise TypeError(f"Not an entry field: {', '.join(sorted(unknown))}")
    allowed = KIND_FIELDS[kind]
    values = {name: EMPTY[name] for name in ALL_FIELDS}
    for name, value in fields.items():
        if name not in allowed:
            continue
        if isinstance(value, str):
            value = value.strip()
        values[name] = EMPTY[name] if value is None else value
    if kind == EntryKind.ACTIVITY and values["hours"] is not None and not values["persons"]:
        values["persons"] = 1
    return values


def validate(contract: Contract, kind: str, values: dict[str, Any], pk: int | None) -> None:
    errors: dict[str, list[Any]] = {}

    def add(field: str, message: Any, code: str, **params: Any) -> None:
        errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    for name in REQUIRED_FIELDS[kind]:
        if values[name] in (None, ""):
            add("candidate_code" if name == "candidate" else name, REQUIRED, "required")
    for name in ("hours_per_week", "amount", "hours"):
        number = values.get(name)
        if number is not None and Decimal(number) <= 0:
            add(name, NOT_POSITIVE, "not_positive")
    for name in ("persons", "days"):
        if values.get(name) is not None and int(values[name]) <= 0:
            add(name, NOT_POSITIVE, "not_positive")
    start, end = values["start_date"], values["end_date"]
    if start and end and end < start:
        add("end_date", END_BEFORE_START, "end_before_start")
    subsidy = values["wage_subsidy_until"]
    if start and subsidy and subsidy < start:
        add("wage_subsidy_until", SUBSIDY_BEFORE_START, "subsidy_before_start")
    if kind == EntryKind.ACTIVITY and all(
        values[name] is None for name in ("hours", "days", "amount")
    ):
        add("hours", HOURS_OR_DAYS, "hours_or_days")
    if kind == EntryKind.PURCHASE and values["invoice_number"]:
        taken = (
            FulfilmentEntry.objects.filter(
                contract=contract,
                kind=EntryKind.PURCHASE,
                invoice_number__iexact=values["invoice_number"],
            )
            .exclude(pk=pk)
            .values_list("pk", flat=True)
            .first()
        )
        if taken is not None:
            add(
                "invoice_number",
                INVOICE_TAKEN,
                "invoice_taken",
                number=values["invoice_number"],
                pk=f"#{taken}",
            )
    if errors:
        raise ValidationError(errors)
