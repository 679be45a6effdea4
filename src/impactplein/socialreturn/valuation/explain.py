"""Explanation steps as codes with parameters, rendered in Dutch or English.

Every line that explains a figure is a :class:`Step`: a stable ``code`` and ``params`` (all
strings, plain values: amounts like ``"40000"`` or ``"1234.56"``, percentages like ``"37.5"``,
dates as ISO ``YYYY-MM-DD``, numbers like ``"4.5"``). :func:`render_steps` writes them in a
language from the message tables below; the web application stores the JSON form
(``{"code": …, "params": {…}}``) and renders it later in the reader's language.

A template names each parameter with how it is written: ``{value:money}`` (English ``€40,000``,
Dutch ``€ 40.000``), ``{weight:percent}`` (``37.5%`` / ``37,5%``), ``{start:date}``
(``2024-01-01`` / ``1 januari 2024``), ``{hours:number}`` (``4.5`` / ``4,5``), ``{block:quoted}``
(``'pw'``), ``{certifications:list}`` (the list, or *none* / *geen*), ``{persons:persons}``,
``{days:days}`` and ``{fte:fte}``; any other kind is a table of :data:`TERMS` whose entry for the
value (itself a template) is written in its place. A code this module does not know (for example
from a record stored by an older version) is written as a neutral line with the code and its
parameters, never an exception.
"""

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Step:
    """One explanation line: a stable code and its parameters (strings)."""

    code: str
    params: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", {str(k): str(v) for k, v in self.params.items()})

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items()))))

    def as_json(self) -> dict[str, Any]:
        """The step as ``{"code": …, "params": {…}}`` (plain JSON types)."""
        return {"code": self.code, "params": dict(self.params)}


def step(code: str, **params: object) -> Step:
    """A :class:`Step`; every parameter is written as a string."""
    return Step(code, {name: str(value) for name, value in params.items()})


# -- values as parameters -----------------------------------------------------------------------


def money(value: Fraction | Decimal | int) -> str:
    """An amount as a parameter: whole euros as digits (``"40000"``), else to the cent
    (``"1234.56"``)."""
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    return format(Decimal(fraction.numerator) / Decimal(fraction.denominator), ".2f")


# -- message tables -----------------------------------------------------------------------------

_VALUE_ZERO = {"en": " Value: €0.", "nl": " Waarde: € 0."}
_MONTHS = {
    "en": "Employed within the contract {counted_from:date} to {counted_until:date}: "
    "{months:number} months",
    "nl": "In dienst binnen de opdracht van {counted_from:date} tot en met {counted_until:date}: "
    "{months:number} maanden",
}
_CAP = {
    "en": "; counting cap {cap} months, {used:number} already counted for this candidate",
    "nl": "; telplafond {cap} maanden, waarvan al {used:number} geteld voor deze kandidaat",
}
_SUBSIDY = {
    "en": "; wage subsidy until {subsidy_until:date} counts in full",
    "nl": "; loonkostensubsidie tot {subsidy_until:date} telt volledig",
}
_COUNTED = {"en": "; counted {counted:number} months.", "nl": "; geteld {counted:number} maanden."}


def _months(language: str, *parts: dict[str, str]) -> str:
    return _MONTHS[language] + "".join(part[language] for part in parts) + _COUNTED[language]


#: The English message of every code (the ``steps`` of a result are these).
MESSAGES_EN: dict[str, str] = {
    # obligation
    "obligation.base": "Base ({base:base}): {value:money}.",
    "obligation.no_threshold": "{scheme} sets no obligation for {contract_type:contract_type} "
    "contracts.",
    "obligation.below_threshold": "Below the threshold of {threshold:money} for "
    "{contract_type:contract_type}: no obligation.",
    "obligation.at_threshold": "At or above the threshold of {threshold:money} for "
    "{contract_type:contract_type}.",
    "obligation.no_labour_share": "No labour share given: the full percentage applies.",
    "obligation.percentage": "{percentage:percent} ({reason:percentage_reason}) of "
    "{value:money} = {amount:money}.",
    "obligation.cap": "Limited to the cap of {cap:money} per contract.",
    "obligation.pso_discount": "PSO {level:pso_level}: {discount:percent} discount, leaves "
    "{amount:money}.",
    "obligation.total": "Obligation: {amount:money} (rounded once to whole euros).",
    # every item
    "item.block": "Block {block:quoted} ({label}), unit {unit:unit}.",
    "item.actual_cost": "Actual cost: {cost:money}.",
    "item.value": "Value: {amount:money}.",
    "item.value_rounded": "Value: {exact:money}, rounded half up to {amount:money}.",
    # purchases
    "purchase.certifications": "Supplier certifications on {date:date}: "
    "{certifications:list}; the purchase counts {weight:percent}.",
    "purchase.labour_cost": "Labour cost of the invoice: {base:money}.",
    "purchase.share": "{share:percent} of the invoice {amount:money} excl. VAT = {base:money}.",
    "purchase.invoice": "Invoice excl. VAT: {base:money}.",
    "purchase.weighted": "{base:money} × {weight:percent} = {value:money}.",
    # activities
    "activity.per_hour": "{hours:number} h × {persons:persons} × {rate:money}/h = {value:money}.",
    "activity.per_day_max": "Cost {cost:money}, at most {days:days} × {maximum_per_day:money} "
    "= {maximum:money}: counts {value:money}.",
    # placements
    "placement.no_block": "No block of {scheme} fits target group {target_group:quoted}."
    + _VALUE_ZERO["en"],
    "placement.no_block_for_benefit": "No block of {scheme} fits target group "
    "{target_group:quoted} with a benefit of {benefit_months} months." + _VALUE_ZERO["en"],
    "placement.before_window": "Hired on {start:date}, more than {window} months before the "
    "contract started ({contract_start:date}); the earliest start that counts is "
    "{earliest:date}." + _VALUE_ZERO["en"],
    "placement.min_hours": "{hours:number} hours a week is below the minimum of "
    "{minimum:number}." + _VALUE_ZERO["en"],
    "placement.no_overlap": "The employment does not overlap the contract period."
    + _VALUE_ZERO["en"],
    "placement.block": "Block {block:quoted} ({label}, {unit:placement_unit}), {how:block_choice}.",
    "placement.months_always": _MONTHS["en"] + "; this block always counts.",
    "placement.months": _months("en"),
    "placement.months_cap": _months("en", _CAP),
    "placement.months_subsidy": _months("en", _SUBSIDY),
    "placement.months_cap_subsidy": _months("en", _CAP, _SUBSIDY),
    "placement.per_year_fte": "{amount:money} × {fte:fte} × {months:number}/12 = {value:money}.",
    "placement.per_month": "{amount:money} × {months:number} months = {value:money}.",
    "placement.wage_cost": "Wage cost incl. employer charges: {value:money}.",
    "placement.bonus_prorated": "Bonus {bonus:quoted} ({label}): {amount:money} × {fte:fte} × "
    "{months:number}/12 = {value:money}.",
    "placement.bonus_once": "Bonus {bonus:quoted} ({label}): once per candidate = {value:money}.",
    "placement.bonus_already_counted": "Bonus {bonus:quoted} already counted once for this "
    "candidate.",
    "placement.bonus_lower_tier": "Bonus {bonus:quoted} not added: only the highest tier of "
    "{tier_group:quoted} counts.",
}

#: The Dutch message of every code.
MESSAGES_NL: dict[str, str] = {
    "obligation.base": "Grondslag ({base:base}): {value:money}.",
    "obligation.no_threshold": "{scheme} kent geen verplichting voor opdrachten voor "
    "{contract_type:contract_type}.",
    "obligation.below_threshold": "Onder de drempel van {threshold:money} voor "
    "{contract_type:contract_type}: geen verplichting.",
    "obligation.at_threshold": "Op of boven de drempel van {threshold:money} voor "
    "{contract_type:contract_type}.",
    "obligation.no_labour_share": "Geen loonkostenaandeel opgegeven: het volledige percentage "
    "geldt.",
    "obligation.percentage": "{percentage:percent} ({reason:percentage_reason}) van "
    "{value:money} = {amount:money}.",
    "obligation.cap": "Begrensd op het maximum van {cap:money} per opdracht.",
    "obligation.pso_discount": "PSO {level:pso_level}: {discount:percent} korting, blijft "
    "{amount:money} over.",
    "obligation.total": "Verplichting: {amount:money} (eenmaal afgerond op hele euro's).",
    "item.block": "Bouwblok {block:quoted} ({label}), eenheid: {unit:unit}.",
    "item.actual_cost": "Werkelijke kosten: {cost:money}.",
    "item.value": "Waarde: {amount:money}.",
    "item.value_rounded": "Waarde: {exact:money}, rekenkundig afgerond op {amount:money}.",
    "purchase.certifications": "Certificeringen van de leverancier op {date:date}: "
    "{certifications:list}; de inkoop telt voor {weight:percent}.",
    "purchase.labour_cost": "Loonkosten op de factuur: {base:money}.",
    "purchase.share": "{share:percent} van het factuurbedrag {amount:money} excl. btw = "
    "{base:money}.",
    "purchase.invoice": "Factuurbedrag excl. btw: {base:money}.",
    "purchase.weighted": "{base:money} × {weight:percent} = {value:money}.",
    "activity.per_hour": "{hours:number} uur × {persons:persons} × {rate:money} per uur = "
    "{value:money}.",
    "activity.per_day_max": "Kosten {cost:money}, ten hoogste {days:days} × "
    "{maximum_per_day:money} = {maximum:money}: telt voor {value:money}.",
    "placement.no_block": "Geen bouwblok van {scheme} past bij doelgroep {target_group:quoted}."
    + _VALUE_ZERO["nl"],
    "placement.no_block_for_benefit": "Geen bouwblok van {scheme} past bij doelgroep "
    "{target_group:quoted} met een uitkeringsduur van {benefit_months} maanden."
    + _VALUE_ZERO["nl"],
    "placement.before_window": "In dienst sinds {start:date}, meer dan {window} maanden vóór de "
    "start van de opdracht ({contract_start:date}); de vroegste startdatum die telt is "
    "{earliest:date}." + _VALUE_ZERO["nl"],
    "placement.min_hours": "{hours:number} uur per week is minder dan het minimum van "
    "{minimum:number}." + _VALUE_ZERO["nl"],
    "placement.no_overlap": "Het dienstverband valt niet binnen de looptijd van de opdracht."
    + _VALUE_ZERO["nl"],
    "placement.block": "Bouwblok {block:quoted} ({label}, {unit:placement_unit}), "
    "{how:block_choice}.",
    "placement.months_always": _MONTHS["nl"] + "; dit bouwblok telt altijd.",
    "placement.months": _months("nl"),
    "placement.months_cap": _months("nl", _CAP),
    "placement.months_subsidy": _months("nl", _SUBSIDY),
    "placement.months_cap_subsidy": _months("nl", _CAP, _SUBSIDY),
    "placement.per_year_fte": "{amount:money} × {fte:fte} × {months:number}/12 = {value:money}.",
    "placement.per_month": "{amount:money} × {months:number} maanden = {value:money}.",
    "placement.wage_cost": "Loonkosten incl. werkgeverslasten: {value:money}.",
    "placement.bonus_prorated": "Bonus {bonus:quoted} ({label}): {amount:money} × {fte:fte} × "
    "{months:number}/12 = {value:money}.",
    "placement.bonus_once": "Bonus {bonus:quoted} ({label}): eenmalig per kandidaat = "
    "{value:money}.",
    "placement.bonus_already_counted": "Bonus {bonus:quoted} is al eenmaal geteld voor deze "
    "kandidaat.",
    "placement.bonus_lower_tier": "Bonus {bonus:quoted} niet opgeteld: alleen de hoogste trede "
    "van {tier_group:quoted} telt.",
}

#: The words and phrases a parameter's value stands for, per language and kind.
TERMS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "base": {
            "contract_value": "contract value",
            "tender_sum": "tender sum",
            "wage_sum": "wage sum",
            "invoiced_turnover": "invoiced turnover",
        },
        "contract_type": {"works": "works", "services": "services", "supplies": "supplies"},
        "percentage_reason": {
            "scheme": "the scheme's percentage",
            "reduced": "reduced: labour share {labour_share:percent} is below {limit:percent}",
            "offered": "the supplier's higher offered percentage",
        },
        "pso_level": {
            "aspirant": "aspirant",
            "basis": "basis",
            "trede_1": "trede_1",
            "trede_2": "trede_2",
            "trede_3": "trede_3",
            "30plus": "30plus",
        },
        "unit": {
            "per_year_fte": "per_year_fte",
            "per_month": "per_month",
            "wage_cost": "wage_cost",
            "invoice_excl_vat": "invoice_excl_vat",
            "actual_cost": "actual_cost",
            "per_hour": "per_hour",
            "per_day_max": "per_day_max",
        },
        "placement_unit": {
            "per_year_fte": "{amount:money} a year at {base_hours:number} h/week",
            "per_month": "{amount:money} a month",
            "wage_cost": "the evidenced wage cost",
        },
        "block_choice": {
            "named": "named by the placement",
            "named_band": "named by the placement and a benefit of {benefit_months} months",
            "group": "for target group {target_group:quoted}",
            "group_band": "for target group {target_group:quoted} and a benefit of "
            "{benefit_months} months",
        },
    },
    "nl": {
        "base": {
            "contract_value": "contractwaarde",
            "tender_sum": "inschrijfsom",
            "wage_sum": "loonsom",
            "invoiced_turnover": "gefactureerde omzet",
        },
        "contract_type": {"works": "werken", "services": "diensten", "supplies": "leveringen"},
        "percentage_reason": {
            "scheme": "het percentage van de regeling",
            "reduced": "verlaagd: loonkostenaandeel {labour_share:percent} is lager dan "
            "{limit:percent}",
            "offered": "het hogere percentage dat de leverancier aanbood",
        },
        "pso_level": {
            "aspirant": "aspirant",
            "basis": "basis",
            "trede_1": "trede 1",
            "trede_2": "trede 2",
            "trede_3": "trede 3",
            "30plus": "30+",
        },
        "unit": {
            "per_year_fte": "per jaar bij voltijd",
            "per_month": "per maand",
            "wage_cost": "loonkosten",
            "invoice_excl_vat": "factuurbedrag excl. btw",
            "actual_cost": "werkelijke kosten",
            "per_hour": "per uur",
            "per_day_max": "per dag, tot een maximum",
        },
        "placement_unit": {
            "per_year_fte": "{amount:money} per jaar bij {base_hours:number} uur per week",
            "per_month": "{amount:money} per maand",
            "wage_cost": "de aangetoonde loonkosten",
        },
        "block_choice": {
            "named": "genoemd bij de plaatsing",
            "named_band": "genoemd bij de plaatsing en een uitkeringsduur van "
            "{benefit_months} maanden",
            "group": "voor doelgroep {target_group:quoted}",
            "group_band": "voor doelgroep {target_group:quoted} en een uitkeringsduur van "
            "{benefit_months} maanden",
        },
    },
}

MESSAGES: dict[str, dict[str, str]] = {"en": MESSAGES_EN, "nl": MESSAGES_NL}
LANGUAGES = tuple(MESSAGES)

_MONTH_NAMES_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _money_en(value: str) -> str:
    return "€" + format(Decimal(value), ",")


def _money_nl(value: str) -> str:
    english = format(Decimal(value), ",")
    return "€ " + english.replace(",", " ").replace(".", ",").replace(" ", ".")


def _number_nl(value: str) -> str:
    return value.replace(".", ",")


def _date_nl(value: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day} {_MONTH_NAMES_NL[day.month - 1]} {day.year}"


def _plural(singular: str, plural: str) -> Callable[[str], str]:
    return lambda value: f"{value} {singular if value == '1' else plural}"


_FORMATS: dict[str, dict[str, Callable[[str], str]]] = {
    "en": {
        "money": _money_en,
        "number": lambda value: value,
        "percent": lambda value: f"{value}%",
        "date": lambda value: date.fromisoformat(value).isoformat(),
        "quoted": repr,
        "list": lambda value: value or "none",
        "persons": lambda value: f"{value} person(s)",
        "days": lambda value: f"{value} day(s)",
        "fte": lambda value: "1 (capped at full time)" if value == "capped" else value,
    },
    "nl": {
        "money": _money_nl,
        "number": _number_nl,
        "percent": lambda value: f"{_number_nl(value)}%",
        "date": _date_nl,
        "quoted": repr,
        "list": lambda value: value or "geen",
        "persons": _plural("persoon", "personen"),
        "days": _plural("dag", "dagen"),
        "fte": lambda value: "1 (begrensd op voltijd)" if value == "capped" else _number_nl(value),
    },
}


class _Writer(string.Formatter):
    """Fills a template with a step's parameters, writing each as its kind says."""

    def __init__(self, language: str, params: Mapping[str, str]) -> None:
        self.language = language
        self.params = params

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        return self.params[str(key)]

    def format_field(self, value: Any, format_spec: str) -> Any:
        text = str(value)
        if not format_spec:
            return text
        formats = _FORMATS[self.language]
        if format_spec in formats:
            return formats[format_spec](text)
        return self.vformat(TERMS[self.language][format_spec][text], (), {})


def render_term(
    kind: str, value: str, params: Mapping[str, str], language: str = DEFAULT_LANGUAGE
) -> str:
    """The phrase of :data:`TERMS` that ``value`` stands for, filled in with ``params``."""
    return str(_Writer(_language(language), params).format_field(value, kind))


def _language(language: str | None) -> str:
    code = (language or "").lower().replace("_", "-").split("-")[0]
    return code if code in MESSAGES else DEFAULT_LANGUAGE


def _as_step(entry: Step | Mapping[str, Any]) -> Step:
    if isinstance(entry, Step):
        return entry
    code = entry["code"]
    params = entry.get("params") or {}
    if not isinstance(code, str) or not isinstance(params, Mapping):
        raise TypeError("not a step")
    return Step(code, params)


def fallback(code: str, params: Mapping[str, str]) -> str:
    """The neutral line for a code without a message: the code and its parameters."""
    shown = ", ".join(f"{name}={value}" for name, value in sorted(params.items()))
    return f"[{code}] {shown}" if shown else f"[{code}]"


def render_step(entry: Step | Mapping[str, Any] | str, language: str = DEFAULT_LANGUAGE) -> str:
    """One step in ``language`` (``"nl"`` or ``"en"``; anything else is English)."""
    if isinstance(entry, str):
        return entry  # a line stored before steps had codes
    try:
        item = _as_step(entry)
    except (KeyError, TypeError, AttributeError):
        return f"[?] {entry!r}"
    lang = _language(language)
    template = MESSAGES[lang].get(item.code)
    if template is None:
        return fallback(item.code, item.params)
    try:
        return _Writer(lang, item.params).vformat(template, (), {})
    except (KeyError, ValueError, ArithmeticError, IndexError, TypeError):
        return fallback(item.code, item.params)


def render_steps(
    explanation: Iterable[Step | Mapping[str, Any] | str], language: str = DEFAULT_LANGUAGE
) -> list[str]:
    """The steps in ``language``, one line each, from :class:`Step` objects or their JSON form
    (``[{"code": …, "params": {…}}]``); a plain string is written as it is. An unknown language
    is English; an unknown code a neutral line with the code and its parameters."""
    return [render_step(entry, language) for entry in explanation or ()]


def explanation_json(explanation: Iterable[Step]) -> list[dict[str, Any]]:
    """The JSON form of ``explanation``, to store and render later with :func:`render_steps`."""
    return [item.as_json() for item in explanation]
