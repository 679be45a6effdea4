"""What goes into the search index and what comes out of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["MAX_DOC_ID_LENGTH", "MAX_DOC_TYPE_LENGTH", "Document", "Hit", "SearchResult"]

MAX_DOC_TYPE_LENGTH = 50
MAX_DOC_ID_LENGTH = 64
MAX_FACET_KEY_LENGTH = 50
MAX_FACET_VALUE_LENGTH = 200


@dataclass(frozen=True)
class Document:
    """One thing to find, as an app hands it to :func:`impactplein.core.search.index_documents`.

    ``doc_type`` and ``doc_id`` identify it (indexing the same pair again replaces it). ``title``
    weighs more than ``body`` in relevance. ``facets`` maps a facet key to the document's values,
    e.g. ``{"kind": ["company"], "municipality": ["GM0505"], "theme": ["armoede", "zorg"]}``.
    ``published_at`` orders "newest"; left out, the time the document was first indexed is kept.
    """

    doc_type: str
    doc_id: str
    title: str
    body: str = ""
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    published_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.doc_type or len(self.doc_type) > MAX_DOC_TYPE_LENGTH:
            raise ValueError(f"doc_type must have 1 to {MAX_DOC_TYPE_LENGTH} characters")
        if not self.doc_id or len(self.doc_id) > MAX_DOC_ID_LENGTH:
            raise ValueError(f"doc_id must have 1 to {MAX_DOC_ID_LENGTH} characters")
        for key, values in self.facets.items():
            if not key or len(key) > MAX_FACET_KEY_LENGTH:
                raise ValueError(f"facet keys must have 1 to {MAX_FACET_KEY_LENGTH} characters")
            if isinstance(values, str):
                raise ValueError(f"facet {key!r} needs a sequence of values, not one string")
            if any(len(str(value)) > MAX_FACET_VALUE_LENGTH for value in values):
                raise ValueError(f"facet values have at most {MAX_FACET_VALUE_LENGTH} characters")

    def facet_pairs(self) -> list[tuple[str, str]]:
        """The document's (key, value) pairs, empty values dropped, each pair once."""
        pairs = {
            (_storable(key), _storable(str(value)))
            for key, values in self.facets.items()
            for value in values
        }
        return sorted(pair for pair in pairs if pair[1])


@dataclass(frozen=True)
class Hit:
    """One found document. ``rank`` is the relevance score (higher is better; 0 when ordered
    by title or date); it is comparable within one result, not between engines."""

    doc_type: str
    doc_id: str
    title: str
    rank: float = 0.0


@dataclass(frozen=True)
class SearchResult:
    """One page of a search, with the total and the facet counts of the whole filtered result."""

    hits: list[Hit]
    total: int
    page: int
    per_page: int
    num_pages: int
    facet_counts: dict[str, dict[str, int]]
    query: str
    #: True when ``total`` or the facet counts are estimates (a very broad search); a page then
    #: says "about" before the figures. The hits themselves are always exact.
    estimated: bool = False

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _storable(text: str) -> str:
    """``text`` without NUL characters and lone surrogates, which databases refuse."""
    if text.isascii() and "\x00" not in text:
        return text
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
