"""Contracts and the items that fulfil them: the contract file format.

A contract file holds the terms (``contract``) and the reported items (``items``)::

    {"contract": {"reference": "2024-017", "type": "works", "value": 1200000,
                  "start": "2024-01-01", "end": "2025-12-31", ...},
     "items": [{"kind": "placement", "id": "P-1", "candidate": "K-001", ...}, ...]}

Item kinds are ``placement`` (also internships, BBL/BOL and work-experience places: the block
says which), ``purchase``, ``activity`` and ``cost_item``. The file is read by
:mod:`.contract_files`; :mod:`.checks` says what is wrong with items under a given scheme.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ITEM_KINDS = ("placement", "purchase", "activity", "cost_item")


@dataclass(frozen=True)
class ContractTerms:
    """A contract's terms. ``value`` is the base amount the scheme's obligation rule names."""

    reference: str
    contract_type: str
    value: Decimal
    start: date
    end: date
    awarded_on: date | None = None
    labour_share: Decimal | None = None
    offered_percentage: Decimal | None = None
    supplier_pso_level: str = ""

    @property
    def reference_date(self) -> date:
        """The *peildatum*: the award date, or the start when no award date is known."""
        return self.awarded_on or self.start


@dataclass(frozen=True)
class Placement:
    """A person employed for the contract (also an internship, BBL/BOL or work-experience place).

    ``block`` may be ``""``: the engine then picks the block of ``target_group`` whose
    benefit-duration band holds ``benefit_duration_months``. ``end`` ``None`` means still employed
    (valued up to the contract's end). ``claimed_bonuses`` lists bonus blocks with condition
    ``claimed`` that apply; ``wage_cost`` is the evidenced wage cost for ``wage_cost`` blocks.
    """

    id: str
    candidate: str
    target_group: str
    hours_per_week: Decimal
    start: date
    end: date | None = None
    block: str = ""
    benefit_duration_months: int | None = None
    age_at_reference_date: int | None = None
    permanent_contract: bool = False
    status_holder: bool = False
    wage_subsidy_until: date | None = None
    claimed_bonuses: tuple[str, ...] = ()
    wage_cost: Decimal | None = None

    kind = "placement"

    def started_before(self, terms: ContractTerms) -> bool:
        """Whether the person was hired before the contract started."""
        return self.start < terms.start


@dataclass(frozen=True)
class Purchase:
    """An invoice of a social enterprise; certifications are those valid on ``invoice_date``.

    Certifications are written ``code_sociale_ondernemingen``, ``social_enterprise_nl`` or
    ``pso:<level>`` (e.g. ``pso:trede_2``). ``labour_cost`` is the labour part of the invoice, for
    blocks valued by wage cost.
    """

    id: str
    block: str
    invoice_number: str
    invoice_date: date
    amount_excl_vat: Decimal
    supplier_certifications: tuple[str, ...] = ()
    labour_cost: Decimal | None = None

    kind = "purchase"


@dataclass(frozen=True)
class Activity:
    """A social activity: ``hours`` per person times ``persons``, or ``days`` and ``cost``."""

    id: str
    block: str
    hours: Decimal | None = None
    persons: int = 1
    days: int | None = None
    cost: Decimal | None = None

    kind = "activity"


@dataclass(frozen=True)
class CostItem:
    """An actual cost that counts in full (training, coaching, a contribution)."""

    id: str
    block: str
    amount: Decimal
    description: str = ""

    kind = "cost_item"


Item = Placement | Purchase | Activity | CostItem
