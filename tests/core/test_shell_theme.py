"""The Impactplein theme meets WCAG 2.1 AA contrast for every colour pair the shell uses, and
its stylesheets only refer to design tokens that exist."""

import re
from pathlib import Path

import pytest

from impactplein.core import views

CSS_DIR = Path(views.__file__).resolve().parent / "static" / "impactplein" / "css"
THEME = (CSS_DIR / "theme.css").read_text()
SHELL = (CSS_DIR / "shell.css").read_text()
PALETTE = dict(re.findall(r"--impactplein-color-([a-z0-9-]+):\s*(#[0-9a-f]{6})", THEME))

TEXT = 4.5  # WCAG 1.4.3, normal text
NON_TEXT = 3.0  # WCAG 1.4.11, borders of controls and focus indicators

# (foreground, background, minimum ratio, where)
PAIRS = [
    ("ink", "white", TEXT, "body text"),
    ("grey-60", "white", TEXT, "descriptions, tagline, muted text"),
    ("teal-60", "white", TEXT, "links, secondary buttons"),
    ("teal-70", "white", TEXT, "links on hover"),
    ("teal-80", "white", TEXT, "logo"),
    ("white", "teal-60", TEXT, "primary buttons"),
    ("white", "teal-70", TEXT, "primary buttons on hover, current page in pagination"),
    ("white", "teal-80", TEXT, "main menu and footer"),
    ("teal-60", "teal-10", TEXT, "links and buttons on tinted surfaces"),
    ("teal-60", "grey-10", TEXT, "links on quiet surfaces"),
    ("ink", "teal-10", TEXT, "hero, info alerts"),
    ("ink", "grey-10", TEXT, "empty states, alternate table rows"),
    ("ink", "sun-40", TEXT, "focused links and skip link"),
    ("ink", "red-10", TEXT, "error alerts"),
    ("red-60", "red-10", TEXT, "links in the error summary"),
    ("red-60", "white", TEXT, "error messages at fields"),
    ("ink", "green-10", TEXT, "success alerts"),
    ("ink", "yellow-10", TEXT, "warning alerts"),
    ("grey-50", "white", NON_TEXT, "borders of form controls"),
    ("sun-50", "teal-80", NON_TEXT, "current item in the main menu"),
    ("ink", "white", NON_TEXT, "focus outline"),
]


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("foreground", "background", "minimum", "where"), PAIRS)
def test_colour_pairs_meet_wcag_aa(foreground, background, minimum, where):
    ratio = contrast(PALETTE[foreground], PALETTE[background])

    assert ratio >= minimum, f"{where}: {foreground} on {background} is {ratio:.2f}:1"


def test_stylesheets_use_only_defined_impactplein_tokens():
    defined = set(re.findall(r"(--impactplein-[a-z0-9-]+):", THEME))
    used = set(re.findall(r"var\((--impactplein-[a-z0-9-]+)", THEME + SHELL))

    assert used - defined == set()


def test_shell_stylesheet_has_no_literal_colours():
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b|rgb\(", SHELL) == []
