"""The scheme file format: reading it with every problem reported at once, and writing it back.

``load_scheme`` reads the documented format (``docs/socialreturn.md``, section "Scheme file
format") and raises one :class:`~.errors.InvalidScheme` listing every problem; ``dump_scheme``
writes a scheme back in plain JSON types, so ``load_scheme(dump_scheme(s)) == s``.
"""

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InvalidScheme, Problem
from .parsing import Fields, json_number, read_json_file
from .schemes import (
    BASES,
    BONUS_CONDITIONS,
    CONTRACT_TYPES,
    FORMAT,
    HUNDRED,
    KINDS,
    PLACEMENT_KINDS,
    PSO_LEVELS,
    STATUSES,
    UNITS,
    UNITS_BY_KIND,
    Block,
    ObligationRule,
    Scheme,
    Thresholds,
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Certification codes as the directory writes them: code_sociale_ondernemingen, pso:trede_2.
_CERTIFICATION = re.compile(r"^[a-z0-9_]+(:[a-z0-9_]+)?$")


def load_scheme(data: Mapping[str, Any]) -> Scheme:
    """Read a scheme in the documented file format; :class:`InvalidScheme` lists every problem."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise InvalidScheme([Problem("", "not_an_object", "a scheme must be a JSON object", {})])
    top = Fields(problems, data)
    fmt = top.integer("format", default=FORMAT, minimum=1)
    if fmt != FORMAT:
        top.report("format", "unknown_choice", f"must be {FORMAT}, not {fmt}", value=str(fmt))
    slug = top.text("slug", required=True)
    if slug and not _SLUG.match(slug):
        top.report(
            "slug",
            "not_a_slug",
            f"must be lower-case letters, digits and hyphens, not {slug!r}",
            value=slug,
        )
    version = top.text("version", required=True)
    name = top.text("name", required=True)
    region = top.text("region")
    status = top.choice("status", STATUSES, default="published")
    valid_from = top.date("valid_from")
    valid_until = top.date("valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        top.report("valid_until", "end_before_start", "cannot be before valid_from")
    source = top.text("source")
    notes = top.texts("notes")
    base_hours = top.decimal("base_hours", required=True, positive=True, maximum=Decimal(60))
    cap_fte = top.boolean("cap_fte_at_one", default=True)
    min_hours = top.decimal("min_hours_per_week", default=Decimal(0), maximum=Decimal(60))
    window = top.integer("eligibility_window_months", minimum=0)
    stack = top.boolean("bonus_tiers_stack")
    rule = _obligation(problems, top.obj("obligation", required=True))
    default_weight, weights = _weights(problems, top.obj("purchase_weights"))
    groups = _groups(problems, top.array("target_groups"))
    blocks = _blocks(problems, top.array("blocks"), {code for code, _ in groups})
    top.finish()
    if problems:
        raise InvalidScheme(problems)
    assert base_hours is not None
    assert rule is not None
    assert min_hours is not None
    return Scheme(
        slug=slug,
        version=version,
        name=name,
        region=region,
        valid_from=valid_from,
        valid_until=valid_until,
        source=source,
        base_hours=base_hours,
        blocks=blocks,
        obligation=rule,
        status=status,
        notes=notes,
        groups=groups,
        cap_fte_at_one=cap_fte,
        min_hours_per_week=min_hours,
        eligibility_window_months=window,
        bonus_tiers_stack=stack,
        default_purchase_weight=default_weight,
        purchase_weights=weights,
    )


def load_scheme_file(path: str | Path) -> Scheme:
    """Read a scheme JSON file; a missing or malformed file is an :class:`InvalidScheme` too."""
    data, problem = read_json_file(path)
    if problem is not None:
        raise InvalidScheme([problem])
    return load_scheme(data)


def _obligation(problems: list[Problem], data: Mapping[str, Any] | None) -> ObligationRule | None:
    if data is None:
        return None
    f = Fields(problems, data, prefix="obligation", label="obligation")
    base = f.choice("base", BASES, required=True)
    percentage = f.decimal("percentage", required=True, maximum=HUNDRED)
    thresholds = _thresholds(problems, f.obj("thresholds", required=True))
    reduced = f.obj("reduced_percentage")
    below = reduced_pct = None
    if reduced is not None:
        r = Fields(
            problems,
            reduced,
            prefix="obligation.reduced_percentage",
            label="obligation.reduced_percentage",
        )
        below = r.decimal("labour_share_below", required=True, maximum=HUNDRED)
        reduced_pct = r.decimal("percentage", required=True, maximum=HUNDRED)
        r.finish()
    cap = f.decimal("cap")
    accept = f.boolean("accept_higher_offer", default=True)
    discounts: list[tuple[str, Decimal]] = []
    table = f.obj("pso_discounts")
    if table is not None:
        d = Fields(
            problems,
            table,
            prefix="obligation.pso_discounts",
            label="obligation.pso_discounts",
        )
        for level in PSO_LEVELS:
            value = d.decimal(level, maximum=HUNDRED)
            if value is not None:
                discounts.append((level, value))
        for key in table:
            if key not in PSO_LEVELS:
                d.report(
                    str(key),
                    "unknown_choice",
                    f"is not a PSO level (use {', '.join(PSO_LEVELS)})",
                    value=str(key),
                )
        d.seen.update(table)
    f.finish()
    if base and percentage is not None and thresholds is not None:
        return ObligationRule(
            base=base,
            percentage=percentage,
            thresholds=thresholds,
            reduced_below_labour_share=below,
            reduced_percentage=reduced_pct,
            cap=cap,
            accept_higher_offer=accept,
            pso_discounts=tuple(discounts),
        )
    return None


def _thresholds(problems: list[Problem], data: Mapping[str, Any] | None) -> Thresholds | None:
    if data is None:
        return None
    t = Fields(problems, data, prefix="obligation.thresholds", label="obligation.thresholds")
    values: dict[str, Decimal | None] = {}
    for kind in CONTRACT_TYPES:
        if kind not in data:
            t.report(kind, "required", "is required (null when this type carries no obligation)")
        values[kind] = t.decimal(kind)
    t.finish()
    return Thresholds(**values)


def _weights(
    problems: list[Problem], data: Mapping[str, Any] | None
) -> tuple[Decimal, tuple[tuple[str, Decimal], ...]]:
    if data is None:
        return HUNDRED, ()
    w = Fields(problems, data, prefix="purchase_weights", label="purchase_weights")
    default = w.decimal("default", default=HUNDRED, maximum=HUNDRED) or Decimal(0)
    table = w.obj("by_certification") or {}
    c = Fields(
        problems,
        table,
        prefix="purchase_weights.by_certification",
        label="purchase_weights.by_certification",
    )
    weights = []
    for key in table:
        name = str(key)
        value = c.decimal(name, maximum=HUNDRED)
        level = name.removeprefix("pso:")
        if name.startswith("pso:") and level not in PSO_LEVELS:
            c.report(
                name,
                "unknown_choice",
                f"names PSO level {level!r}; use one of {', '.join(PSO_LEVELS)}",
                value=name,
            )
        elif not _CERTIFICATION.match(name):
            c.report(
                name,
                "not_a_slug",
                "is not a certification code (lower-case letters, digits, '_' or 'pso:<level>')",
                value=name,
            )
        elif value is not None:
            weights.append((name, value))
    w.finish()
    return default, tuple(weights)


def _groups(problems: list[Problem], rows: list[Any]) -> tuple[tuple[str, str], ...]:
    groups: list[tuple[str, str]] = []
    for index, row in enumerate(rows):
        prefix = f"target_groups[{index}]"
        if not isinstance(row, Mapping):
            problems.append(
                Problem(prefix, "not_an_object", f"{prefix} must be an object", {"item": ""})
            )
            continue
        hint = row.get("code")
        label = f"{prefix} ({hint})" if isinstance(hint, str) and hint else prefix
        g = Fields(problems, row, prefix=prefix, label=label, item=str(hint or ""))
        code = g.text("code", required=True)
        label = g.text("label", required=True)
        g.finish()
        if code in {c for c, _ in groups}:
            g.report("code", "duplicate", f"{code!r} is used by another target group", value=code)
        elif code:
            groups.append((code, label))
    return tuple(groups)


def _blocks(problems: list[Problem], rows: list[Any], groups: set[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for index, row in enumerate(rows):
        prefix = f"blocks[{index}]"
        if not isinstance(row, Mapping):
            problems.append(Problem(prefix, "not_an_object", f"{prefix} must be an object", {}))
            continue
        code_hint = row.get("code")
        label = f"{prefix} ({code_hint})" if isinstance(code_hint, str) and code_hint else prefix
        b = Fields(problems, row, prefix=prefix, label=label, item=str(code_hint or ""))
        block = _block(b, groups)
        b.finish()
        if block is None:
            continue
        if any(existing.code == block.code for existing in blocks):
            b.report(
                "code", "duplicate", f"{block.code!r} is used by another block", value=block.code
            )
            continue
        blocks.append(block)
    return tuple(blocks)


def _block(b: Fields, groups: set[str]) -> Block | None:
    before = len(b.problems)
    code = b.text("code", required=True)
    kind = b.choice("kind", KINDS, required=True)
    label = b.text("label", required=True)
    unit = b.choice("unit", UNITS, required=True)
    if kind and unit and unit not in UNITS_BY_KIND[kind]:
        b.report(
            "unit",
            "unit_not_allowed",
            f"{unit!r} cannot value a {kind} block (use {', '.join(UNITS_BY_KIND[kind])})",
            value=unit,
        )
    amount_needed = unit in ("per_year_fte", "per_month", "per_hour", "per_day_max")
    amount = b.decimal("amount", required=amount_needed, default=Decimal(0))
    target_group = b.text("target_group", required=kind in PLACEMENT_KINDS)
    if target_group and target_group not in groups:
        b.report(
            "target_group",
            "unknown_target_group",
            f"{target_group!r} is not one of the scheme's target_groups",
            value=target_group,
        )
    low = b.integer("benefit_months_from")
    high = b.integer("benefit_months_below", minimum=1)
    if low is not None and high is not None and high <= low:
        b.report(
            "benefit_months_below", "end_before_start", "must be more than benefit_months_from"
        )
    max_count = b.integer("max_count_months", minimum=1)
    count_always = b.boolean("count_always")
    while_lks = b.boolean("count_while_wage_subsidy")
    min_hours = b.decimal("min_hours_per_week", maximum=Decimal(60))
    share = b.decimal("share", default=HUNDRED, maximum=HUNDRED)
    condition = b.choice("condition", BONUS_CONDITIONS, required=kind == "bonus")
    min_age = b.integer("min_age", required=condition == "age", maximum=120)
    tier_group = b.text("tier_group")
    prorated = b.boolean("prorated", default=True)
    note = b.text("note")
    if len(b.problems) > before:
        return None
    assert amount is not None
    assert share is not None
    return Block(
        code=code,
        kind=kind,
        label=label,
        unit=unit,
        amount=amount,
        target_group=target_group,
        benefit_months_from=low,
        benefit_months_below=high,
        max_count_months=max_count,
        count_always=count_always,
        count_while_wage_subsidy=while_lks,
        min_hours_per_week=min_hours,
        share=share,
        condition=condition,
        min_age=min_age,
        tier_group=tier_group,
        prorated=prorated,
        note=note,
    )


# -- dumping ------------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | str | None:
    return None if value is None else json_number(value)


def dump_scheme(scheme: Scheme) -> dict[str, Any]:
    """The scheme in the file format (plain JSON types); ``load_scheme`` reads it back equal."""
    rule = scheme.obligation
    obligation: dict[str, Any] = {
        "base": rule.base,
        "percentage": json_number(rule.percentage),
        "thresholds": {kind: _number(rule.thresholds.for_type(kind)) for kind in CONTRACT_TYPES},
        "cap": _number(rule.cap),
        "accept_higher_offer": rule.accept_higher_offer,
        "pso_discounts": {level: json_number(value) for level, value in rule.pso_discounts},
    }
    if rule.reduced_below_labour_share is not None and rule.reduced_percentage is not None:
        obligation["reduced_percentage"] = {
            "labour_share_below": json_number(rule.reduced_below_labour_share),
            "percentage": json_number(rule.reduced_percentage),
        }
    return {
        "format": FORMAT,
        "slug": scheme.slug,
        "version": scheme.version,
        "name": scheme.name,
        "region": scheme.region,
        "status": scheme.status,
        "valid_from": scheme.valid_from.isoformat() if scheme.valid_from else None,
        "valid_until": scheme.valid_until.isoformat() if scheme.valid_until else None,
        "source": scheme.source,
        "notes": list(scheme.notes),
        "base_hours": json_number(scheme.base_hours),
        "cap_fte_at_one": scheme.cap_fte_at_one,
        "min_hours_per_week": json_number(scheme.min_hours_per_week),
        "eligibility_window_months": scheme.eligibility_window_months,
        "bonus_tiers_stack": scheme.bonus_tiers_stack,
        "obligation": obligation,
        "purchase_weights": {
            "default": json_number(scheme.default_purchase_weight),
            "by_certification": {key: json_number(value) for key, value in scheme.purchase_weights},
        },
        "target_groups": [{"code": code, "label": label} for code, label in scheme.groups],
        "blocks": [_dump_block(block) for block in scheme.blocks],
    }


def _dump_block(block: Block) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": block.code,
        "kind": block.kind,
        "label": block.label,
        "unit": block.unit,
        "amount": json_number(block.amount),
    }
    optional: dict[str, Any] = {
        "target_group": block.target_group,
        "benefit_months_from": block.benefit_months_from,
        "benefit_months_below": block.benefit_months_below,
        "max_count_months": block.max_count_months,
        "count_always": block.count_always,
        "count_while_wage_subsidy": block.count_while_wage_subsidy,
        "min_hours_per_week": _number(block.min_hours_per_week),
        "share": json_number(block.share) if block.share != HUNDRED else None,
        "condition": block.condition,
        "min_age": block.min_age,
        "tier_group": block.tier_group,
        "note": block.note,
    }
    row.update(
        {key: value for key, value in optional.items() if value is not None and value is not False}
    )
    row = {key: value for key, value in row.items() if value != "" or key in ("code", "label")}
    if not block.prorated:
        row["prorated"] = False
    return row
