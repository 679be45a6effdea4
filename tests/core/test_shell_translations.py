"""Core speaks Dutch by default and has English for every string: the catalogue has no empty or
fuzzy entry, the committed .mo matches the .po, and no other catalogue rewrites a Dutch string."""

import gettext
import re
from pathlib import Path

from django.utils import translation

from impactplein.core import views

LOCALE = Path(views.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(lines: str) -> str:
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lines))
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match.group(1), match.group(0)), text)


def catalogue() -> list[dict[str, object]]:
    """The entries of core's English .po file (the header left out)."""
    entries = []
    for block in (LOCALE / "django.po").read_text().split("\n\n"):
        msgid = re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.MULTILINE)
        if not msgid:
            continue
        msgstr = re.search(r"^msgstr(?:\[0\])? ((?:\".*\"\n?)+)", block, re.MULTILINE)
        entry = {
            "msgid": _unquote(msgid.group(1)),
            "msgstr": _unquote(msgstr.group(1)) if msgstr else "",
            "fuzzy": "#, fuzzy" in block or ", fuzzy" in block,
            "context": "msgctxt" in block,
            "plural": "msgid_plural" in block,
        }
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_every_core_string_has_an_english_translation():
    entries = catalogue()

    assert len(entries) > 100
    assert [entry["msgid"] for entry in entries if not entry["msgstr"]] == []
    assert [entry["msgid"] for entry in entries if entry["fuzzy"]] == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)

    stale = [
        entry["msgid"]
        for entry in catalogue()
        if not entry["context"] and not entry["plural"]
        if mo.gettext(entry["msgid"]) != entry["msgstr"]
    ]
    assert stale == [], "run compilemessages in src/impactplein/core"


def test_dutch_source_strings_stay_as_written_in_dutch():
    """A Dutch msgid that is also an English msgid elsewhere (Django's "Home") would be replaced
    by that catalogue's Dutch translation."""
    with translation.override("nl"):
        rewritten = [
            (entry["msgid"], translation.gettext(entry["msgid"]))
            for entry in catalogue()
            if not entry["context"] and not entry["plural"]
            if translation.gettext(entry["msgid"]) != entry["msgid"]
        ]

    assert rewritten == []


def test_english_is_served_from_the_catalogue():
    with translation.override("en"):
        assert translation.gettext("Naar de hoofdinhoud") == "Skip to main content"
        assert translation.gettext("Toegankelijkheidsverklaring") == "Accessibility statement"
