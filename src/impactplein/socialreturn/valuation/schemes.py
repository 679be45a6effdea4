"""Valuation schemes: a region's obligation rules and its table of building blocks (*bouwblokken*).

A scheme is one immutable version of a region's rules (domain note
``social-return-and-employment.md`` §1 and §8). It says

* how the **obligation** is computed (:class:`ObligationRule`): a percentage of a base (contract
  value, tender sum, wage sum or invoiced turnover); a threshold per contract type, inclusive; a
  reduced percentage when the labour share is below a limit; a cap per contract; whether a
  supplier's higher offered percentage replaces the scheme's; a discount per PSO level;
* what each **building block** is worth (:class:`Block`): its kind (placement, internship, BBL,
  BOL, work-experience place, bonus, purchase, activity, cost item), its unit (per year at full
  time, per month, per hour, per day with a maximum, actual cost, share of an invoice excl. VAT,
  wage cost) and its counting rules (a cap of 12 or 24 months, always, or while a wage subsidy
  runs; a minimum of hours per week; a benefit-duration band that selects it);
* the scheme-wide rules: full-time base hours (36, 38 or 40), whether hours above the base count
  as more than one FTE, the eligibility window for people hired before the contract, whether
  bonus tiers stack, and the weight of a purchase per supplier certification.

The file format is read and written by :mod:`.scheme_files`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

FORMAT = 1

PLACEMENT_KINDS = ("placement", "internship", "bbl", "bol", "work_experience")
KINDS = (*PLACEMENT_KINDS, "bonus", "purchase", "activity", "cost_item")
UNITS = (
    "per_year_fte",
    "per_month",
    "per_hour",
    "per_day_max",
    "actual_cost",
    "invoice_excl_vat",
    "wage_cost",
)
# Which units make sense for which kind of block.
UNITS_BY_KIND: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(PLACEMENT_KINDS, ("per_year_fte", "per_month", "wage_cost")),
    "bonus": ("per_year_fte",),
    "purchase": ("invoice_excl_vat", "actual_cost", "wage_cost"),
    "activity": ("per_hour", "per_day_max", "actual_cost"),
    "cost_item": ("actual_cost",),
}
BONUS_CONDITIONS = ("age", "permanent_contract", "status_holder", "claimed")
BASES = ("contract_value", "tender_sum", "wage_sum", "invoiced_turnover")
CONTRACT_TYPES = ("works", "services", "supplies")
PSO_LEVELS = ("aspirant", "basis", "trede_1", "trede_2", "trede_3", "30plus")
STATUSES = ("published", "draft")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Block:
    """One building block of a scheme.

    ``amount`` means, by ``unit``: €/year at full time (``per_year_fte``), €/month (``per_month``),
    €/hour per person (``per_hour``), the maximum €/day (``per_day_max``); it is unused for
    ``actual_cost``, ``wage_cost`` and ``invoice_excl_vat`` (``share`` is the percentage of the
    invoice that counts). Placement-like blocks name a ``target_group`` and optionally a
    benefit-duration band ``benefit_months_from`` <= months < ``benefit_months_below``.
    Bonus blocks have a ``condition`` (``age`` with ``min_age``, ``permanent_contract``,
    ``status_holder``, or ``claimed`` when the placement lists the bonus), a ``tier_group``
    (tiers of one group do not stack unless the scheme says so) and ``prorated``.
    """

    code: str
    kind: str
    label: str
    unit: str
    amount: Decimal = Decimal(0)
    target_group: str = ""
    benefit_months_from: int | None = None
    benefit_months_below: int | None = None
    max_count_months: int | None = None
    count_always: bool = False
    count_while_wage_subsidy: bool = False
    min_hours_per_week: Decimal | None = None
    share: Decimal = HUNDRED
    condition: str = ""
    min_age: int | None = None
    tier_group: str = ""
    prorated: bool = True
    note: str = ""

    @property
    def is_placement(self) -> bool:
        return self.kind in PLACEMENT_KINDS

    @property
    def has_band(self) -> bool:
        return self.benefit_months_from is not None or self.benefit_months_below is not None

    def in_band(self, months: int) -> bool:
        """Whether a benefit of ``months`` months falls in this block's band (open ends allowed)."""
        low = self.benefit_months_from
        high = self.benefit_months_below
        return (low is None or months >= low) and (high is None or months < high)


@dataclass(frozen=True)
class Thresholds:
    """The contract value from which an obligation applies, per contract type (inclusive).

    ``None`` means contracts of that type carry no obligation under this scheme.
    """

    works: Decimal | None
    services: Decimal | None
    supplies: Decimal | None

    def for_type(self, contract_type: str) -> Decimal | None:
        value: Decimal | None = getattr(self, contract_type)
        return value


@dataclass(frozen=True)
class ObligationRule:
    """How a contract's obligation is computed; see :func:`~.engine.obligation`."""

    base: str
    percentage: Decimal
    thresholds: Thresholds
    reduced_below_labour_share: Decimal | None = None
    reduced_percentage: Decimal | None = None
    cap: Decimal | None = None
    accept_higher_offer: bool = True
    pso_discounts: tuple[tuple[str, Decimal], ...] = ()

    def pso_discount(self, level: str) -> Decimal:
        """The discount in percent for a supplier at PSO ``level`` (0 when none is configured)."""
        return dict(self.pso_discounts).get(level, Decimal(0))


@dataclass(frozen=True)
class Scheme:
    """One immutable version of a region's valuation rules; see the module docstring."""

    slug: str
    version: str
    name: str
    region: str
    valid_from: date | None
    valid_until: date | None
    source: str
    base_hours: Decimal
    blocks: tuple[Block, ...]
    obligation: ObligationRule
    status: str = "published"
    notes: tuple[str, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()
    cap_fte_at_one: bool = True
    min_hours_per_week: Decimal = Decimal(0)
    eligibility_window_months: int | None = None
    bonus_tiers_stack: bool = False
    default_purchase_weight: Decimal = HUNDRED
    purchase_weights: tuple[tuple[str, Decimal], ...] = ()

    @property
    def label(self) -> str:
        """``slug@version``, the tag every result carries."""
        return f"{self.slug}@{self.version}"

    def block(self, code: str) -> Block:
        """The block with ``code``; :class:`KeyError` when the scheme has none."""
        for block in self.blocks:
            if block.code == code:
                return block
        raise KeyError(code)

    def blocks_of_kind(self, kind: str) -> tuple[Block, ...]:
        """The blocks of ``kind`` in scheme order (``"placement_like"``: all placement kinds)."""
        if kind == "placement_like":
            return tuple(b for b in self.blocks if b.is_placement)
        return tuple(b for b in self.blocks if b.kind == kind)

    def target_groups(self) -> list[tuple[str, str]]:
        """The target groups a placement may name, as ``(code, label)`` in scheme order."""
        return list(self.groups)
