"""What every search engine backend offers, and the plain data passed to it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..query import ParsedQuery, fts5_match

DOCUMENT_TABLE = "core_searchdocument"
VALUE_TABLE = "core_searchfacetvalue"

#: The key under which facet_value_counts() also returns the total (no facet value has id 0).
TOTAL = 0
#: Text beyond this is not indexed (PostgreSQL refuses a tsvector over 1 MB).
MAX_INDEXED_TITLE = 1_000
MAX_INDEXED_BODY = 100_000


@dataclass(frozen=True)
class Row:
    """A document ready to be written: ``id`` is kept from an earlier version, or None."""

    id: int | None
    doc_type: str
    doc_id: str
    title: str
    body: str
    sort_title: str
    published_at: Any  # as the database adapter wants it (see connection.ops)
    facet_value_ids: str  # the ids of its SearchFacetValue rows, space-separated
    filter_tokens: str  # the doc-type token and the facet tokens, space-separated


@dataclass(frozen=True)
class Match:
    """What a search asks of the engine, already reduced to safe parts."""

    query: ParsedQuery
    # Any token of a group and every group must match; empty means no filtering at all.
    groups: list[list[str]]
    # Used only when there is neither text nor a facet filter: a plain column filter.
    doc_types: list[str]
    # Tokens of document types to leave out, when that is cheaper than naming the wanted ones.
    exclude: list[str] = field(default_factory=list)
    # Only documents whose id is a multiple of this (a sample within sample buckets).
    modulus: int = 1
    # Leave out the documents that have one of these tokens and an id that is a multiple of the
    # number: the sample ranked on the first pages of a broad search, left out of the rest.
    leave_out: tuple[list[str], int] | None = None

    @property
    def fts5(self) -> str:
        return fts5_match(self.query, self.groups, self.exclude)

    @property
    def uses_index(self) -> bool:
        return not self.query.is_empty or bool(self.groups)


class Backend(ABC):
    """Writes the engine's part of the index and runs searches against it."""

    vendor: str

    def existing(
        self, cursor: Any, doc_type: str, doc_ids: Sequence[str]
    ) -> list[tuple[str, int, datetime, str]]:
        """(doc_id, id, published_at, facet_value_ids) of the indexed documents among these."""
        from ...models import SearchDocument

        rows = SearchDocument.objects.filter(doc_type=doc_type, doc_id__in=doc_ids)
        return list(rows.values_list("doc_id", "id", "published_at", "facet_value_ids"))

    @abstractmethod
    def insert_documents(self, cursor: Any, rows: Sequence[Row]) -> None:
        """Insert document rows and their text index."""

    @contextmanager
    def writer(self, cursor: Any) -> Iterator[Callable[[Sequence[Row]], None]]:
        """A function that inserts batches of rows as :meth:`insert_documents` does, for the
        length of the ``with`` block: every batch is in the database when the block ends."""
        yield lambda rows: self.insert_documents(cursor, rows)

    @abstractmethod
    def count(self, cursor: Any, match: Match) -> int:
        """The number of documents that match."""

    @abstractmethod
    def hits(
        self, cursor: Any, match: Match, order: str, limit: int, offset: int, broad: bool = False
    ) -> list[tuple[str, str, str, float]]:
        """One page of (doc_type, doc_id, title, rank), in ``order``: "relevance", "title",
        "newest", or "indexed" (most recently indexed first, rank 0).

        ``broad`` says that a large part of the index matches: then "title" and "newest" walk
        their order's index and keep the matches instead of sorting every match."""

    @abstractmethod
    def facet_value_counts(self, cursor: Any, match: Match) -> dict[int, int]:
        """The number of matching documents per facet value id, for every value of the result,
        and under :data:`TOTAL` the number of matching documents (counted in the same pass)."""
