"""Writing the search index: upsert, remove and clear documents, in batches, transactionally.

Every function runs in one transaction (a savepoint when the caller already has one), so a
service may call it inside its own transaction; services usually call it from
``transaction.on_commit`` so the index follows committed data only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import datetime
from itertools import islice
from typing import Any, NamedTuple, TypeVar

from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchFacetValue
from .backends import Backend, Row, backend_for
from .backends.base import (
    DOCUMENT_TABLE,
    MAX_INDEXED_BODY,
    MAX_INDEXED_TITLE,
    VALUE_TABLE,
    BatchWriter,
)
from .query import (
    SAMPLE_GROUP_SIZE,
    doc_type_token,
    facet_token,
    sample_bucket,
    sample_group_token,
    sample_token,
)
from .records import Document
from .stemming import sort_key

__all__ = [
    "BATCH_SIZE",
    "DOCUMENT_COUNT_KEY",
    "clear_index",
    "index_documents",
    "rebuild_index",
    "remove_documents",
]

#: Documents are written this many at a time.
BATCH_SIZE = 1000
#: SQLite's page cache while indexing, in KiB (see :func:`_sqlite_bulk_settings`).
BULK_PAGE_CACHE_KIB = 256 * 1024
#: The facet key of the row (doc_type, "", "") that counts a type's documents; no real facet key
#: can be empty.
DOCUMENT_COUNT_KEY = ""

_T = TypeVar("_T")
ValueKey = tuple[str, str, str]  # (doc_type, key, value)


def index_documents(documents: Iterable[Document], *, batch_size: int = BATCH_SIZE) -> int:
    """Add documents to the index or replace them, keyed by (doc_type, doc_id).

    Accepts any iterable (a generator over a million rows is fine): documents are written in
    batches of ``batch_size``. A document given twice counts once, the last one winning. Returns
    the number of documents written.
    """
    return _index(documents, batch_size, None)


def _index(
    documents: Iterable[Document], batch_size: int, cleared: tuple[str, set[str]] | None
) -> int:
    """:func:`index_documents`; ``cleared`` is (a type just cleared, an empty set): documents of
    that type are only looked up in the index when an earlier batch wrote them."""
    backend = backend_for(connection)
    value_ids: dict[ValueKey, int] = {}
    # The per-value document counts change once per call: updating the same rows once per
    # batch would leave PostgreSQL a growing chain of row versions to walk within one transaction.
    delta: Counter[int] = Counter()
    written = 0
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        _sqlite_bulk_settings(cursor),
        backend.writer(cursor) as writer,
    ):
        for batch in _batches(documents, batch_size):
            written += _index_batch(cursor, backend, writer, batch, value_ids, delta, cleared)
        _apply_counts(cursor, delta)
    return written


@contextmanager
def _sqlite_bulk_settings(cursor: Any) -> Iterator[None]:
    """On SQLite, while indexing: a page cache of :data:`BULK_PAGE_CACHE_KIB` (FTS5 merges its
    segments as it goes, and with the default 2 MB cache a large build re-reads and re-writes
    the same pages many times over; the cache is only used as far as it is needed), and
    ``secure_delete`` only where it costs no extra writes (Debian builds SQLite to overwrite
    every freed page with zeros, and every merge frees the pages it merged: the index holds
    published texts only)."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    cache_size = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA secure_delete")
    secure_delete = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = {-BULK_PAGE_CACHE_KIB}")
    cursor.execute("PRAGMA secure_delete = FAST")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {cache_size}")
        # The pragma reads 2 for FAST, but takes only the word.
        cursor.execute(f"PRAGMA secure_delete = {('OFF', 'ON', 'FAST')[secure_delete]}")


def remove_documents(doc_type: str, doc_ids: Iterable[str]) -> int:
    """Remove documents of one type from the index; unknown ids are ignored.

    Returns the number of documents removed.
    """
    backend = backend_for(connection)
    removed = 0
    delta: Counter[int] = Counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for batch in _batches((str(doc_id) for doc_id in doc_ids), BATCH_SIZE):
            existing = _existing(cursor, backend, doc_type, batch)
            ids = [old.id for old in existing.values()]
            delta.update(_uses(existing.values(), -1))
            _delete(cursor, ids)
            removed += len(ids)
        if removed:
            count_id = _value_ids(cursor, {(doc_type, DOCUMENT_COUNT_KEY, "")}, {})
            delta[count_id[(doc_type, DOCUMENT_COUNT_KEY, "")]] -= removed
        _apply_counts(cursor, delta)
    return removed


def clear_index(doc_type: str | None = None) -> int:
    """Remove every document of ``doc_type`` (of every type when None) and its facet values.

    Use it before indexing all documents of a type again. Returns the number removed.
    """
    with transaction.atomic(), connection.cursor() as cursor, _sqlite_bulk_settings(cursor):
        if doc_type is None or not _document_counts(cursor, doc_type)[1]:
            # Every document goes: the engine empties its text index at once.
            backend_for(connection).clear_text_index(cursor)
        if doc_type is None:
            cursor.execute(f"DELETE FROM {DOCUMENT_TABLE}")  # noqa: S608 - fixed names
            removed = cursor.rowcount
            cursor.execute(f"DELETE FROM {VALUE_TABLE}")  # noqa: S608
            return int(removed)
        cursor.execute(f"DELETE FROM {DOCUMENT_TABLE} WHERE doc_type = %s", [doc_type])  # noqa: S608
        removed = cursor.rowcount
        cursor.execute(f"DELETE FROM {VALUE_TABLE} WHERE doc_type = %s", [doc_type])  # noqa: S608
        return int(removed)


def _document_counts(cursor: Any, doc_type: str) -> tuple[int, int]:
    """The number of indexed documents of ``doc_type`` and of every other type (read from the
    per-type document counts, not from the documents)."""
    cursor.execute(
        "SELECT coalesce(sum(CASE WHEN doc_type = %s THEN document_count END), 0), "  # noqa: S608
        "coalesce(sum(CASE WHEN doc_type <> %s THEN document_count END), 0) "
        f"FROM {VALUE_TABLE} WHERE key = %s",
        [doc_type, doc_type, DOCUMENT_COUNT_KEY],
    )
    own, others = cursor.fetchone()
    return int(own), int(others)


def rebuild_index(doc_type: str, documents: Iterable[Document]) -> int:
    """Replace every document of ``doc_type`` by ``documents``, in one transaction.

    Readers keep seeing the old documents until the new ones are committed. Documents of
    another type in ``documents`` are indexed too. Returns the number of documents written.
    When the index holds no more documents of other types than of this one, the engine may
    write a new index that holds the others' documents and the new ones and swap it in (see
    :meth:`Backend.replacing_documents`), so that copying the others is never most of the work.
    """
    backend = backend_for(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        own, others = _document_counts(cursor, doc_type)
        with backend.replacing_documents(cursor, doc_type) if others <= own else nullcontext():
            clear_index(doc_type)
            return _index(documents, BATCH_SIZE, (doc_type, set()))


def _index_batch(
    cursor: Any,
    backend: Backend,
    writer: BatchWriter,
    batch: Sequence[Document],
    value_ids: dict[ValueKey, int],
    delta: Counter[int],
    cleared: tuple[str, set[str]] | None = None,
) -> int:
    """Write one batch; add its changes of the per-value document counts to ``delta``."""
    latest = {(document.doc_type, document.doc_id): document for document in batch}
    existing: dict[tuple[str, str], _Existing] = {}
    for doc_type in {doc_type for doc_type, _ in latest}:
        doc_ids = [doc_id for type_, doc_id in latest if type_ == doc_type]
        if cleared is not None and cleared[0] == doc_type:
            # The type was cleared in this transaction: only documents written since can exist.
            written_since = cleared[1]
            again = [doc_id for doc_id in doc_ids if doc_id in written_since]
            written_since.update(doc_ids)
            doc_ids = again
            if not doc_ids:
                continue
        writer.wait()  # the documents of the batch before are written
        found = _existing(cursor, backend, doc_type, doc_ids)
        existing.update({(doc_type, doc_id): old for doc_id, old in found.items()})
    delta.update(_uses(existing.values(), -1))
    _delete(cursor, [old.id for old in existing.values()])

    pairs = {key: document.facet_pairs() for key, document in latest.items()}
    wanted = {(doc_type, DOCUMENT_COUNT_KEY, "") for doc_type, _ in latest}
    wanted |= {(key[0], k, v) for key, facet_pairs in pairs.items() for k, v in facet_pairs}
    _value_ids(cursor, wanted, value_ids)
    now = timezone.now()
    rows = []
    for key, document in latest.items():
        old = existing.get(key)
        published_at = document.published_at or (old.published_at if old else now)
        facet_ids = [value_ids[(key[0], k, v)] for k, v in pairs[key]]
        delta.update(facet_ids)
        tokens = [doc_type_token(document.doc_type)]
        bucket = sample_bucket(document.doc_type, document.doc_id)
        tokens += [sample_token(bucket), sample_group_token(bucket // SAMPLE_GROUP_SIZE)]
        tokens += [facet_token(k, v) for k, v in pairs[key]]
        rows.append(
            Row(
                id=old.id if old else None,
                doc_type=document.doc_type,
                doc_id=document.doc_id,
                title=_clean(document.title)[:MAX_INDEXED_TITLE],
                body=_clean(document.body)[:MAX_INDEXED_BODY],
                sort_title=sort_key(document.title),
                published_at=connection.ops.adapt_datetimefield_value(published_at),
                facet_value_ids=" ".join(map(str, facet_ids)),
                filter_tokens=" ".join(tokens),
            )
        )
    writer.write(rows)
    new_documents = Counter(doc_type for doc_type, _ in latest.keys() - existing.keys())
    for doc_type, n in new_documents.items():
        delta[value_ids[(doc_type, DOCUMENT_COUNT_KEY, "")]] += n
    return len(latest)


class _Existing(NamedTuple):
    id: int
    published_at: datetime
    facet_value_ids: str


def _existing(
    cursor: Any, backend: Backend, doc_type: str, doc_ids: Sequence[str]
) -> dict[str, _Existing]:
    rows = backend.existing(cursor, doc_type, doc_ids)
    return {doc_id: _Existing(*rest) for doc_id, *rest in rows}


def _uses(documents: Iterable[_Existing], sign: int) -> Counter[int]:
    """How often each facet value is used by ``documents``, times ``sign``."""
    uses: Counter[int] = Counter()
    for document in documents:
        uses.update(int(value_id) for value_id in document.facet_value_ids.split())
    return Counter({value_id: sign * n for value_id, n in uses.items()})


def _delete(cursor: Any, document_ids: Sequence[int]) -> None:
    """Delete documents (SQLite's trigger deletes their FTS rows)."""
    if document_ids:
        cursor.execute(
            f"DELETE FROM {DOCUMENT_TABLE} "  # noqa: S608 - fixed names
            f"WHERE id IN ({', '.join(['%s'] * len(document_ids))})",
            list(document_ids),
        )


def _value_ids(
    cursor: Any, wanted: set[ValueKey], known: dict[ValueKey, int]
) -> dict[ValueKey, int]:
    """Fill ``known`` with the ids of the ``wanted`` facet values, creating missing ones."""
    missing = wanted - known.keys()
    if missing:
        SearchFacetValue.objects.bulk_create(
            [SearchFacetValue(doc_type=t, key=k, value=v) for t, k, v in missing],
            ignore_conflicts=True,
        )
        by_group: dict[tuple[str, str], list[str]] = {}
        for doc_type, key, value in missing:
            by_group.setdefault((doc_type, key), []).append(value)
        for (doc_type, key), values in by_group.items():
            found = SearchFacetValue.objects.filter(doc_type=doc_type, key=key, value__in=values)
            for id_, value in found.values_list("id", "value"):
                known[(doc_type, key, value)] = id_
    return known


def _apply_counts(cursor: Any, delta: Counter[int]) -> None:
    changes = [(n, value_id) for value_id, n in delta.items() if n]
    if changes:
        cursor.executemany(
            f"UPDATE {VALUE_TABLE} SET document_count = document_count + %s WHERE id = %s",  # noqa: S608
            changes,
        )


def _clean(text: str) -> str:
    """Text any database stores: no NUL characters, no lone surrogates."""
    if text.isascii() and "\x00" not in text:
        return text
    return text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, max(size, 1))):
        yield batch
