"""The apps import each other only in the directions written in ``docs/architecture.md``.

Requirements:
- the table between the ``import-rules`` markers of ``docs/architecture.md`` is the rule: which apps
  each app may import, and which of its modules other apps may import;
- the table keeps the house's direction: ``core`` imports no other app, ``accounts`` only ``core``,
  ``organisations`` only ``core`` and ``accounts``, no feature app imports ``programme``,
  ``reports`` or ``api``, and the allowed imports have no cycle;
- every package under ``src/impactplein/`` is named in the table;
- every ``import`` in the source (scanned with ``ast``, migrations aside) follows the table.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "impactplein"
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = "impactplein"
FEATURE_APPS = {"directory", "knowledge", "matching", "socialreturn", "employment", "community"}
TOP_APPS = {"programme", "reports", "api"}


@dataclass(frozen=True)
class Rule:
    may_import: frozenset[str]
    public: frozenset[str] | None  # None: any module of the app may be imported


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    module: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}: {self.reason}"


def parse_rules(markdown: str) -> dict[str, Rule]:
    """Read the app table between the ``import-rules`` markers."""
    block = re.search(r"<!-- import-rules:start -->(.*?)<!-- import-rules:end -->", markdown, re.S)
    if block is None:
        raise AssertionError("docs/architecture.md has no import-rules table")
    rules: dict[str, Rule] = {}
    for line in block.group(1).strip().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue  # header and separator rows
        app = cells[0].strip("`")
        may_import = frozenset(re.findall(r"`([a-z_]+)`", cells[1]))
        public = (
            None if cells[2] == "any module" else frozenset(re.findall(r"`([a-z_]+)`", cells[2]))
        )
        rules[app] = Rule(may_import=may_import, public=public)
    return rules


def app_of(module: str) -> str | None:
    """``impactplein.organisations.models`` → ``organisations``; the project package → None."""
    parts = module.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    return parts[1]


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module of the project that ``tree`` imports, with the line it does so on."""
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from impactplein.accounts import services`` imports the module ``services``.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == PACKAGE]


def check_import(importer: str, imported: str, rules: dict[str, Rule]) -> str | None:
    """Why ``importer`` (an app) may not import the module ``imported``; None when it may."""
    target = app_of(imported)
    if target is None or target == importer:
        return None
    if target not in rules:
        return None  # an app-level import of a plain module (e.g. impactplein.settings)
    if target not in rules[importer].may_import:
        return f"{importer} may not import {target} (docs/architecture.md)"
    public = rules[target].public
    parts = imported.split(".")
    if public is not None and len(parts) > 2 and parts[2] not in public:
        allowed = ", ".join(sorted(public)) or "nothing"
        return f"{target}.{parts[2]} is private to {target}; others may import {allowed}"
    return None


def source_files() -> list[Path]:
    return [path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts]


def violations(rules: dict[str, Rule]) -> list[Violation]:
    found: list[Violation] = []
    for path in source_files():
        relative = path.relative_to(SOURCE.parent)
        is_package = path.name == "__init__.py"
        parts = list(relative.with_suffix("").parts)
        module = ".".join(parts[:-1] if is_package else parts)
        importer = app_of(module)
        if importer is None or importer not in rules:
            continue  # the project package wires the apps together
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in imported_modules(tree, module, is_package):
            reason = check_import(importer, imported, rules)
            if reason:
                found.append(Violation(str(relative), line, imported, reason))
    # ``from a.b import c`` yields both ``a.b`` and ``a.b.c``: report each reason once per line.
    unique = {(v.path, v.line, v.reason): v for v in sorted(found, key=lambda v: len(v.module))}
    return sorted(unique.values(), key=lambda violation: (violation.path, violation.line))


@pytest.fixture(scope="module")
def rules() -> dict[str, Rule]:
    return parse_rules(DOC.read_text(encoding="utf-8"))


def test_the_table_names_every_app_of_the_design(rules):
    assert set(rules) == {"core", "accounts", "organisations"} | FEATURE_APPS | TOP_APPS


def test_the_foundation_apps_keep_their_direction(rules):
    assert rules["core"].may_import == set()
    assert rules["accounts"].may_import == {"core"}
    assert rules["organisations"].may_import == {"core", "accounts"}


@pytest.mark.parametrize("app", sorted(FEATURE_APPS))
def test_feature_apps_never_import_programme_reports_or_api(rules, app):
    assert not rules[app].may_import & TOP_APPS
    assert {"core", "accounts", "organisations"} <= rules[app].may_import


def test_nobody_imports_the_layers_above_them(rules):
    assert "api" not in set().union(*(rule.may_import for rule in rules.values()))
    for app, rule in rules.items():
        if app not in {"reports", "api"}:
            assert "reports" not in rule.may_import, app


def test_allowed_imports_have_no_cycle(rules):
    done: set[str] = set()

    def visit(app: str, path: tuple[str, ...]) -> None:
        assert app not in path, "import cycle: " + " → ".join([*path, app])
        if app in done:
            return
        for other in rules[app].may_import:
            visit(other, (*path, app))
        done.add(app)

    for app in rules:
        visit(app, ())


def test_every_app_package_is_in_the_table(rules):
    packages = {path.parent.name for path in SOURCE.glob("*/__init__.py")}
    assert packages - set(rules) == set(), "add the new app to docs/architecture.md"


def test_source_follows_the_import_rules(rules):
    assert source_files(), "no source found: the scan would prove nothing"
    found = violations(rules)
    assert found == [], "\n".join(str(violation) for violation in found)


# The checker itself must be able to say no.
@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("core", "impactplein.accounts.models"),
        ("core", "impactplein.organisations"),
        ("accounts", "impactplein.organisations.selectors"),
        ("organisations", "impactplein.directory.models"),
        ("directory", "impactplein.programme.selectors"),
        ("matching", "impactplein.reports.services"),
        ("organisations", "impactplein.accounts.views"),
        ("organisations", "impactplein.accounts.forms"),
        ("programme", "impactplein.matching.views"),
    ],
)
def test_checker_refuses_forbidden_imports(rules, importer, imported):
    assert check_import(importer, imported, rules) is not None


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("accounts", "impactplein.core.search"),
        ("accounts", "impactplein.core.templatetags.impactplein"),
        ("organisations", "impactplein.accounts.access"),
        ("organisations", "impactplein.accounts.models"),
        ("organisations", "impactplein.organisations.forms"),
        ("programme", "impactplein.matching.selectors"),
        ("api", "impactplein.reports.services"),
    ],
)
def test_checker_allows_permitted_imports(rules, importer, imported):
    assert check_import(importer, imported, rules) is None


def test_scanner_finds_absolute_relative_and_from_package_imports():
    code = (
        "import impactplein.accounts.models\n"
        "from impactplein.organisations import services\n"
        "from ..accounts.views import login\n"
        "from . import constants\n"
        "import os\n"
    )
    found = imported_modules(ast.parse(code), "impactplein.core.views", is_package=False)

    names = {name for _, name in found}
    assert "impactplein.accounts.models" in names
    assert "impactplein.organisations.services" in names
    assert "impactplein.accounts.views" in names
    assert "impactplein.core.constants" in names
    assert not any(name.startswith("os") for name in names)
