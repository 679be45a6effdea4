"""axe-core in the browser: run the WCAG 2.1 A and AA rules on a Playwright page.

    from tests.browser.axe import assert_no_axe_violations

    browser_page.goto("/")
    assert_no_axe_violations(browser_page)

axe-core comes from npm (``node_modules/axe-core``, a devDependency in package.json).
"""

from pathlib import Path
from typing import Any

from django.conf import settings

AXE_SCRIPT = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN_AXE = """
async (options) => {
  const results = await window.axe.run(document, options);
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.join(" ")),
    summaries: violation.nodes.map((node) => node.failureSummary),
  }));
}
"""


def run_axe(page: Any, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict[str, Any]]:
    """The axe violations on the page as it is now, for the given rule tags."""
    if not AXE_SCRIPT.exists():
        raise AssertionError(
            f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` (or `make install`) first"
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(_RUN_AXE, {"runOnly": {"type": "tag", "values": list(tags)}})


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for target, summary in zip(violation["targets"], violation["summaries"], strict=True):
            lines.append(f"    at {target}")
            for line in (summary or "").splitlines():
                lines.append(f"      {line}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, tags: tuple[str, ...] = WCAG_TAGS) -> None:
    """Fail with a readable list (rule, impact, help, selectors) when axe finds violations."""
    violations = run_axe(page, tags)
    if violations:
        raise AssertionError(
            f"{len(violations)} axe-core violation(s) on {page.url}:\n"
            + format_violations(violations)
        )
