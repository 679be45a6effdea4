"""Schemes, contracts, entries and users for the social-return tests.

Records are made directly (not through the services), so a test of one service does not depend on
another; the values a test relies on are passed in or stated here.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone

from impactplein.accounts.models import User
from impactplein.accounts.roles import role
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import (
    ContractStatus,
    ContractType,
    EntryKind,
    EntryStatus,
    SchemeStatus,
)
from impactplein.socialreturn.models import Candidate, Contract, FulfilmentEntry, ValuationScheme
from tests.organisations.factories import OrganisationFactory, UserFactory, member

DEFAULT_PRESET = "den-haag-2023"


def preset_definition(slug: str = DEFAULT_PRESET) -> dict[str, Any]:
    from impactplein.socialreturn import valuation

    return valuation.preset_definition(slug)


def scheme(*, preset: str = DEFAULT_PRESET, **fields: Any) -> ValuationScheme:
    """A published scheme holding a shipped preset's definition (a draft with ``status=...``)."""
    definition = fields.pop("definition", None) or preset_definition(preset)
    values: dict[str, Any] = {
        "slug": definition.get("slug", preset),
        "version": str(definition.get("version", "1")),
        "name": definition.get("name", preset),
        "region": definition.get("region", ""),
        "status": SchemeStatus.PUBLISHED,
        "published_at": timezone.now(),
        "definition": definition,
    }
    values.update(fields)
    existing = ValuationScheme.objects.filter(slug=values["slug"], version=values["version"])
    if existing.exists() and not fields:
        return existing.get()
    if existing.exists():
        values["version"] = f"{values['version']}-t{ValuationScheme.objects.count()}"
    return ValuationScheme.objects.create(**values)


_contract_number = iter(range(1, 10**9))


def contract(
    *, supplier: Organisation | None = None, scheme_: ValuationScheme | None = None, **fields: Any
) -> Contract:
    """A running services contract of EUR 1,000,000 for 2026 with an obligation of EUR 50,000."""
    number = next(_contract_number)
    values: dict[str, Any] = {
        "reference": f"SR-2026-{number:04d}",
        "title": f"Onderhoud openbare ruimte perceel {number}",
        "buyer_department": "Stadsbeheer",
        "supplier": supplier or OrganisationFactory(),
        "contract_type": ContractType.SERVICES,
        "value": Decimal("1000000"),
        "awarded_on": date(2025, 12, 1),
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
        "scheme": scheme_ or scheme(),
        "obligation": Decimal("50000"),
        "status": ContractStatus.RUNNING,
    }
    values.update(fields)
    return Contract.objects.create(**values)


def candidate(code: str | None = None) -> Candidate:
    return Candidate.objects.create(code=code or f"K-{Candidate.objects.count() + 1:06d}")


def entry(contract_: Contract, **fields: Any) -> FulfilmentEntry:
    """A submitted cost item of EUR 1,000 on ``contract_`` (override any field)."""
    values: dict[str, Any] = {
        "contract": contract_,
        "kind": EntryKind.COST_ITEM,
        "status": EntryStatus.SUBMITTED,
        "block": "",
        "description": "Training van werkbegeleiders",
        "amount": Decimal("1000"),
        "value": Decimal("1000"),
        "submitted_at": timezone.now(),
    }
    values.update(fields)
    return FulfilmentEntry.objects.create(**values)


def cost_item(actor: Any, contract_: Contract, **fields: Any) -> FulfilmentEntry:
    """A draft cost item of EUR 2,500 entered through the service, as a supplier reports it."""
    from impactplein.socialreturn.services import fulfilment

    values: dict[str, Any] = {
        "block": "opleiding",
        "amount": Decimal("2500"),
        "description": "Jobcoach",
    }
    values.update(fields)
    return fulfilment.entry_create(
        actor=actor, contract=contract_, kind=EntryKind.COST_ITEM, **values
    )


def user_with_role(slug: str, **user_kwargs: Any) -> User:
    """A user holding one of the roles of ``accounts/roles.py`` (its group)."""
    user = UserFactory(**user_kwargs)
    user.groups.add(Group.objects.get(name=role(slug).name))
    return User.objects.get(pk=user.pk)


def officer(**user_kwargs: Any) -> User:
    return user_with_role("procurement-officer", **user_kwargs)


def employer_adviser(**user_kwargs: Any) -> User:
    return user_with_role("employer-adviser", **user_kwargs)


def supplier_member(contract_: Contract, **user_kwargs: Any) -> User:
    """A member of the contract's supplier: sees this contract and reports on it."""
    return member(contract_.supplier, **user_kwargs)
