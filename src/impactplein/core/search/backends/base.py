"""What every search engine backend offers, and the plain data passed to it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
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


class BatchWriter:
    """Inserts batches of rows (:meth:`Backend.prepare`, then :meth:`Backend.insert_prepared`),
    each on a second thread, on the same connection and in the same transaction, while the
    caller prepares the next one: the database's own work (SQLite's, in this process without
    the GIL; PostgreSQL's, in the server) and Python's then use two cores. Both drivers let one
    statement at a time use the connection; a caller that reads the documents it has written
    calls :meth:`wait` first."""

    def __init__(self, backend: Backend, cursor: Any, pool: ThreadPoolExecutor) -> None:
        self._backend, self._cursor, self._pool = backend, cursor, pool
        self._pending: Future[None] | None = None

    def write(self, rows: Sequence[Row]) -> None:
        prepared = self._backend.prepare(rows)
        self.wait()
        self._pending = self._pool.submit(self._backend.insert_prepared, self._cursor, prepared)

    def wait(self) -> None:
        """Return when every batch given is in the database; raise a batch's error."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def stop(self) -> None:
        """Return when the batch being written is done, whatever its outcome."""
        if self._pending is not None:
            wait([self._pending])


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
    def prepare(self, rows: Sequence[Row]) -> Any:
        """What :meth:`insert_prepared` needs to write ``rows``: the work done in Python."""

    @abstractmethod
    def insert_prepared(self, cursor: Any, prepared: Any) -> None:
        """Insert prepared document rows and their text index."""

    @abstractmethod
    def clear_text_index(self, cursor: Any) -> None:
        """Empty the engine's own text index, before every document row is deleted."""

    @contextmanager
    def replacing_documents(self, cursor: Any, doc_type: str) -> Iterator[None]:
        """Around a rebuild of ``doc_type``, within its transaction: an engine may have the
        block write to a new document table that holds only the other types' documents and
        replaces the old table when the block ends (see the PostgreSQL backend). By default the
        block writes in place."""
        yield

    @contextmanager
    def writer(self, cursor: Any) -> Iterator[BatchWriter]:
        """A :class:`BatchWriter` for the length of the ``with`` block: every batch is in the
        database when the block ends, and a batch's error reaches the caller."""
        with cursor.db.cursor() as own_cursor, ThreadPoolExecutor(1, "search-index") as pool:
            writer = BatchWriter(self, own_cursor, pool)
            try:
                yield writer
            except BaseException:
                writer.stop()
                raise
            writer.wait()

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
