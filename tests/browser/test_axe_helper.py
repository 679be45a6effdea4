"""The axe helper fails on real problems, names them readably, and passes clean pages."""

import pytest

from tests.browser.axe import assert_no_axe_violations, run_axe

CLEAN = """<!DOCTYPE html><html lang="nl"><head><title>Schoon</title></head>
<body><main><h1>Schoon</h1><p>Niets aan de hand.</p></main></body></html>"""
BROKEN = """<!DOCTYPE html><html lang="nl"><head><title>Kapot</title></head>
<body><main><h1>Kapot</h1><img src="logo.png"><p style="color:#bbb">Grijs op wit</p>
<button></button></main></body></html>"""


def test_a_clean_page_passes(browser_page):
    browser_page.set_content(CLEAN)

    assert run_axe(browser_page) == []
    assert_no_axe_violations(browser_page)


def test_violations_are_reported_with_rule_impact_help_and_selector(browser_page):
    browser_page.set_content(BROKEN)

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(browser_page)

    report = str(failure.value)
    assert "- image-alt (critical)" in report
    assert "- color-contrast (serious)" in report
    assert "- button-name (critical)" in report
    assert "at img" in report
    assert "at button" in report
