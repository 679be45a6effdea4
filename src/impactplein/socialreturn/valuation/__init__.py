"""The social-return valuation engine: pure Python, no Django.

A *scheme* (:mod:`.schemes`) is one immutable version of a region's rules: how a contract's
obligation is computed and what each building block (*bouwblok*) is worth. A *contract file*
(:mod:`.contracts`) holds a contract's terms and the items that fulfil it. :func:`obligation` and
:func:`evaluate` (:mod:`.engine`) compute the obligation and every item's value in whole euros,
each with the scheme's ``slug@version``, the inputs used and an explanation: coded steps
(:class:`Step`) that :func:`render_steps` writes in Dutch or English (:mod:`.explain`).
Presets of published regional tables ship with the package (:mod:`.presets`).

The file formats and the rules are documented in ``docs/socialreturn.md``.
"""

from .checks import check_items
from .contract_files import load_contract, load_contract_file
from .contracts import Activity, ContractTerms, CostItem, Item, Placement, Purchase
from .engine import evaluate, obligation, purchase_weight
from .errors import InvalidContract, InvalidScheme, Problem
from .explain import Step, render_steps
from .months import months_between
from .placements import choose_block
from .presets import load_preset, preset_definition, preset_names
from .results import Evaluation, ItemValue, ObligationResult
from .scheme_files import dump_scheme, load_scheme, load_scheme_file
from .schemes import (
    BASES,
    BONUS_CONDITIONS,
    CONTRACT_TYPES,
    KINDS,
    PLACEMENT_KINDS,
    PSO_LEVELS,
    UNITS,
    Block,
    ObligationRule,
    Scheme,
    Thresholds,
)

__all__ = [
    "BASES",
    "BONUS_CONDITIONS",
    "CONTRACT_TYPES",
    "KINDS",
    "PLACEMENT_KINDS",
    "PSO_LEVELS",
    "UNITS",
    "Activity",
    "Block",
    "ContractTerms",
    "CostItem",
    "Evaluation",
    "InvalidContract",
    "InvalidScheme",
    "Item",
    "ItemValue",
    "ObligationResult",
    "ObligationRule",
    "Placement",
    "Problem",
    "Purchase",
    "Scheme",
    "Step",
    "Thresholds",
    "check_items",
    "choose_block",
    "dump_scheme",
    "evaluate",
    "load_contract",
    "load_contract_file",
    "load_preset",
    "load_scheme",
    "load_scheme_file",
    "months_between",
    "obligation",
    "preset_definition",
    "preset_names",
    "purchase_weight",
    "render_steps",
]
