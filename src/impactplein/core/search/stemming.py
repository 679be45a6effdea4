"""Text normalisation shared by indexing and querying, on both database engines.

One pipeline turns any text into search tokens: lowercase, fold accents (é→e, ø→o, ß→ss),
split into words of letters and digits, drop Dutch stop words, and stem the words with Snowball's
classic Dutch stemmer (``dutch_porter``). The newer Snowball ``dutch`` algorithm strips the
``ge-`` prefix and merges unrelated words such as *begeleiding* and *beleid*, so it is not used.

The two engines use this module differently but identically in effect:

- SQLite FTS5 stores and matches the stems made here (:func:`stems`).
- PostgreSQL receives the folded words (:func:`folded_words`) and stems them itself with its
  ``dutch`` text-search configuration, which runs the same classic algorithm with the same stop
  words (PostgreSQL's ``dutch.stop``, copied below). Words with digits are not stemmed, as
  PostgreSQL's parser sends them to its ``simple`` dictionary.

This module has no Django import so it can be tested in isolation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

__all__ = [
    "MAX_WORD_LENGTH",
    "STOP_WORDS",
    "fold",
    "folded_words",
    "is_stop_word",
    "sort_key",
    "stem",
    "stems",
    "words",
]

#: Longer "words" (hashes, run-together garbage) are ignored when indexing and when querying.
MAX_WORD_LENGTH = 60

#: Dutch stop words, as in PostgreSQL 15's ``tsearch_data/dutch.stop`` (which is Snowball's Dutch
#: stop-word list). Both engines must drop exactly the same words, so this list may only change
#: together with the PostgreSQL configuration.
_STOP_WORDS_TEXT = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
    hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar
    heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel
    meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt
    wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

# Letters that Unicode decomposition leaves whole but a Dutch reader treats as plain letters.
_LETTER_FOLDS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
    | {"\u0131": "i"}  # dotless i
)
# Combining marks left over after NFKD decomposition (accents, diaereses, cedillas, ...).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# A word is a run of ASCII digits and letters of any script; everything else separates words.
_WORD = re.compile(r"(?:[0-9]|[^\W\d_])+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")  # the same, for text that is ASCII after folding
_SORT_KEY_LENGTH = 200

_stemmer = snowballstemmer.stemmer("dutch_porter")


def fold(text: str) -> str:
    """Lowercase ``text`` and remove its accents (``"Café Ørsted"`` → ``"cafe orsted"``)."""
    if text.isascii():
        return text.lower()
    # Decompose first, so compatibility forms (script or full-width letters) become plain ones.
    decomposed = unicodedata.normalize("NFKD", text)
    return _COMBINING_MARKS.sub("", decomposed).lower().translate(_LETTER_FOLDS)


def words(text: str) -> list[str]:
    """Split ``text`` into folded words, stop words included, over-long words left out."""
    folded = fold(text)
    found = (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)
    return [word for word in found if len(word) <= MAX_WORD_LENGTH]


def folded_words(text: str) -> str:
    """The folded words of ``text`` joined by single spaces: the text PostgreSQL indexes."""
    return " ".join(words(text))


def is_stop_word(word: str) -> bool:
    """Whether a folded word is a stop word (never indexed, never searched for)."""
    return word in STOP_WORDS


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """The classic Dutch Snowball stem of one folded word; words with digits stay as they are."""
    if not word.isalpha():
        return word
    stemmed: str = _stemmer.stemWord(word)
    return stemmed or word


def stems(text: str) -> list[str]:
    """The search tokens of ``text``: stems of its words, stop words left out, in text order."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def sort_key(title: str) -> str:
    """A key that orders titles alike on every engine: folded words, compared byte by byte.

    ``"'s-Gravendeel Zorg"`` sorts as ``"s gravendeel zorg"``; punctuation and case never decide.
    """
    return " ".join(words(title))[:_SORT_KEY_LENGTH]
