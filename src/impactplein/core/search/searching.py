"""Searching the index: one function, the same answers on SQLite and PostgreSQL.

What a search costs, so pages can be planned for a million documents:

- No words and no facet filter (a listing): the total and the facet counts come from the
  per-value document counts kept by indexing, and the page from the title or date index; the
  cost does not grow with the index.
- Words or facet filters: one index query counts the matches and their facet values (from
  the facet value ids kept on each row), one ranks and pages. Their cost grows with the number of
  matches: a few thousand matches cost milliseconds, a few hundred thousand cost seconds (see
  ``bench/search_floor.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import connection

from .backends import Match, backend_for
from .backends.base import TOTAL, VALUE_TABLE
from .index import DOCUMENT_COUNT_KEY
from .query import doc_type_token, filter_groups, parse_query
from .records import Hit, SearchResult

__all__ = ["MAX_PER_PAGE", "ORDERS", "search"]

#: The orders a search may ask for; anything else means "relevance".
ORDERS = ("relevance", "title", "newest")
#: ``per_page`` is kept between 1 and this.
MAX_PER_PAGE = 100


def search(
    query: str,
    *,
    doc_types: Sequence[str] | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    facet_keys: Sequence[str] = (),
    order: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchResult:
    """Find documents: ranked, filtered by facets, counted per facet value and paged.

    ``query`` may be anything a user typed; it never causes an error. Its words must all match
    (stemmed the Dutch way; the last word also as a prefix); stop words and query syntax are
    ignored, and only the first ``settings.SEARCH_MAX_QUERY_LENGTH`` characters count. A query
    without words returns every document that passes the filters.

    ``doc_types`` limits the result to those types. ``filters`` maps a facet key to accepted
    values: a document must have one of the values (OR) of every key given (AND).
    ``facet_counts`` in the result has, for each key of ``facet_keys``, the number of documents
    of the whole filtered result per value, highest first.

    ``order`` is "relevance" (title counts more than body; without words it means "title"),
    "title" or "newest". A page out of range gives an empty list of hits, never an error.
    """
    parsed = parse_query(query, max_length=settings.SEARCH_MAX_QUERY_LENGTH)
    order = order if order in ORDERS else "relevance"
    per_page = min(max(_as_int(per_page, 20), 1), MAX_PER_PAGE)
    page = _as_int(page, 1)
    types = sorted({str(doc_type) for doc_type in doc_types or ()})
    groups = filter_groups(None, filters)
    keys = sorted({str(key) for key in facet_keys if key and key != DOCUMENT_COUNT_KEY})

    backend = backend_for(connection)
    with connection.cursor() as cursor:
        exclude: list[str] = []
        if types and (groups or not parsed.is_empty):
            wanted, others = _type_filter(cursor, types)
            groups[:0] = [wanted] if wanted else []
            exclude = others
        match = Match(query=parsed, groups=groups, doc_types=types, exclude=exclude)
        facet_counts: dict[str, dict[str, int]] = {key: {} for key in keys}
        if not match.uses_index:
            total = _type_total(cursor, types)
            if keys and total:
                facet_counts = _counts_by_key(cursor, keys, types, None)
        elif keys:
            counted = backend.facet_value_counts(cursor, match)
            total = counted.pop(TOTAL, 0)
            if total:
                facet_counts = _counts_by_key(cursor, keys, types, counted)
        else:
            total = backend.count(cursor, match)
        num_pages = max(1, -(-total // per_page))
        offset = (page - 1) * per_page
        hits: list[Hit] = []
        if page >= 1 and offset < total:
            hits = [Hit(*row) for row in backend.hits(cursor, match, order, per_page, offset)]
    return SearchResult(
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        num_pages=num_pages,
        facet_counts=facet_counts,
        query=parsed.text,
    )


def _type_filter(cursor: Any, types: Sequence[str]) -> tuple[list[str], list[str]]:
    """How the index filters by document type: (tokens one of which must match, tokens none of
    which may match). The smaller side is named, so the index reads the shorter token lists; when
    every indexed type is wanted, nothing needs to be named at all."""
    cursor.execute(
        f"SELECT doc_type, document_count FROM {VALUE_TABLE} "  # noqa: S608 - fixed names
        "WHERE key = %s AND document_count > 0",
        [DOCUMENT_COUNT_KEY],
    )
    counts = dict(cursor.fetchall())
    wanted = sum(counts.get(doc_type, 0) for doc_type in types)
    others = sorted(doc_type for doc_type in counts if doc_type not in types)
    if not others:
        return [], []
    if wanted <= sum(counts[doc_type] for doc_type in others):
        return [doc_type_token(doc_type) for doc_type in types], []
    return [], [doc_type_token(doc_type) for doc_type in others]


def _type_total(cursor: Any, types: Sequence[str]) -> int:
    """The number of documents of ``types`` (of all types when empty), from the count rows."""
    sql = f"SELECT coalesce(sum(document_count), 0) FROM {VALUE_TABLE} WHERE key = %s"  # noqa: S608
    params: list[Any] = [DOCUMENT_COUNT_KEY]
    if types:
        sql += f" AND doc_type IN ({', '.join(['%s'] * len(types))})"
        params += types
    cursor.execute(sql, params)
    return int(cursor.fetchone()[0])


def _counts_by_key(
    cursor: Any, keys: Sequence[str], types: Sequence[str], counted: dict[int, int] | None
) -> dict[str, dict[str, int]]:
    """Facet counts per key and value: of the matched documents (``counted``, by value id), or
    of all documents of ``types`` when ``counted`` is None."""
    sql = f"SELECT id, key, value, document_count FROM {VALUE_TABLE} WHERE key IN "  # noqa: S608
    sql += f"({', '.join(['%s'] * len(keys))})"
    params: list[Any] = list(keys)
    if types:
        sql += f" AND doc_type IN ({', '.join(['%s'] * len(types))})"
        params += types
    cursor.execute(sql, params)
    totals: dict[str, dict[str, int]] = {key: {} for key in keys}
    for value_id, key, value, document_count in cursor.fetchall():
        count = document_count if counted is None else counted.get(value_id, 0)
        if count > 0:
            totals[key][value] = totals[key].get(value, 0) + int(count)
    return {
        key: dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
        for key, values in totals.items()
    }


def _as_int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default
