"""Finding an organisation that is already registered, before a second record is made.

The join flow (issue #3) looks for duplicates by KvK number first (exact), then by a similar name
in the same municipality. Names are compared after normalisation: case and accents folded, legal
forms and filler words dropped ("Stichting", "B.V.", "de", "het"), punctuation ignored, so
"Bakkerij De Korenaar B.V." and "bakkerij korenaar" are the same name. Similarity is the ratio of
matching characters (``difflib``), on the normalised names. No Django import.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

# Words that say what kind of body it is, not which one (lower case, accents folded).
LEGAL_FORM_WORDS: Final = frozenset(
    {
        "bv", "nv", "vof", "cv", "stichting", "vereniging", "cooperatie", "coop", "ua", "wa",
        "maatschap", "eenmanszaak", "holding", "i.o", "io", "bvba", "gmbh", "ltd",
    }
)  # fmt: skip
FILLER_WORDS: Final = frozenset({"de", "het", "een", "en", "van", "der", "den", "te", "in", "t"})
SIMILAR_FROM: Final = 0.85
_WORD: Final = re.compile(r"[a-z0-9]+")
# "B.V.", "N.V.", "V.O.F." written with dots become one word before splitting.
_DOTTED: Final = re.compile(r"\b(?:[a-z]\.){2,}[a-z]?\.?")


def normalise_name(name: str) -> str:
    """The part of a name that tells organisations apart, for comparison only."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = _DOTTED.sub(lambda match: match.group(0).replace(".", ""), text)
    words = [w for w in _WORD.findall(text) if w not in LEGAL_FORM_WORDS | FILLER_WORDS]
    return " ".join(words)


def name_similarity(first: str, second: str) -> float:
    """0.0 (nothing alike) to 1.0 (the same name once normalised)."""
    a, b = normalise_name(first), normalise_name(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Candidate:
    key: str  # the caller's identifier, e.g. the primary key
    name: str
    municipality: str  # CBS code
    kvk_number: str | None = None


@dataclass(frozen=True)
class PossibleDuplicate:
    candidate: Candidate
    reason: str  # "kvk_number" or "similar_name"
    similarity: float


def possible_duplicates(
    *,
    name: str,
    municipality: str,
    kvk_number: str | None,
    candidates: Iterable[Candidate],
    similar_from: float = SIMILAR_FROM,
) -> list[PossibleDuplicate]:
    """Candidates that may be the same organisation: same KvK number anywhere, or a similar name
    in the same municipality; best matches first."""
    found = []
    for candidate in candidates:
        if kvk_number and candidate.kvk_number == kvk_number:
            found.append(PossibleDuplicate(candidate, "kvk_number", 1.0))
            continue
        if candidate.municipality != municipality:
            continue
        similarity = name_similarity(name, candidate.name)
        if similarity >= similar_from:
            found.append(PossibleDuplicate(candidate, "similar_name", similarity))
    return sorted(
        found,
        key=lambda d: (d.reason != "kvk_number", -d.similarity, d.candidate.name, d.candidate.key),
    )
