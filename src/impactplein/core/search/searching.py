"""Searching the index: one function, the same answers on SQLite and PostgreSQL.

What a search costs, so pages can be planned for a million documents:

- No words and no facet filter (a listing): the total and the facet counts come from the
  per-value document counts kept by indexing, and the page from the title or date index; the
  cost does not grow with the index.
- Words or facet filters: first the matches of one *sample bucket* (a fixed 1/1024 of all
  documents, see :func:`.query.sample_bucket`) and their facet values are counted, and of more
  buckets when that one holds too few to predict from (see :func:`_sample`). When that predicts
  at most ``settings.SEARCH_EXACT_COUNT_LIMIT`` matches, one index query counts the matches and
  their facet values exactly (from the facet value ids kept on each row) and one ranks and
  pages: the cost grows with the number of matches, which is bounded by that limit.
- Above the limit the search is *broad* and the result says ``estimated``: the total and the
  facet counts are those of enough sample buckets to hold about ``settings.SEARCH_SAMPLE_SIZE``
  matches, scaled up. Ordering by relevance ranks those sampled matches (spread evenly over the
  whole index) and lists the other matches after them, most recently indexed first; ordering by
  title or date walks that order's index and keeps the matches, which is quick precisely
  because so many documents match. The hits are always real matches, and every match is on some
  page exactly once. The cost no longer grows with the number of matches (``make bench``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import connection

from .backends import Backend, Match, backend_for
from .backends.base import TOTAL, VALUE_TABLE
from .index import DOCUMENT_COUNT_KEY
from .query import (
    SAMPLE_BUCKETS,
    SAMPLE_GROUP_SIZE,
    doc_type_token,
    filter_groups,
    parse_query,
    sample_group_token,
    sample_token,
)
from .records import Hit, SearchResult

__all__ = ["MAX_PER_PAGE", "ORDERS", "search"]

#: The orders a search may ask for; anything else means "relevance".
ORDERS = ("relevance", "title", "newest")
#: ``per_page`` is kept between 1 and this.
MAX_PER_PAGE = 100
#: Defaults of the settings that decide when a search is broad (see the module's docstring).
DEFAULT_EXACT_COUNT_LIMIT = 2_000
DEFAULT_SAMPLE_SIZE = 1_000
#: A search whose first bucket holds too few matches to predict the total from counts this many
#: buckets (a 64th of the index) before it decides to count everything exactly.
FIRST_BUCKETS = 16
# The buckets are sampled in this fixed order, so the same search gives the same estimate: group
# by group, so that whole groups can be named by their group's token.
_GROUPS = SAMPLE_BUCKETS // SAMPLE_GROUP_SIZE
_GROUP_ORDER = [(group * 37) % _GROUPS for group in range(_GROUPS)]


def _sample_tokens(start: int, end: int) -> list[str]:
    """The tokens of the sample buckets ``start`` up to ``end`` in the sampling order: a whole
    group by its group's token, the others one by one."""
    tokens: list[str] = []
    position = start
    while position < end:
        index, offset = divmod(position, SAMPLE_GROUP_SIZE)
        group = _GROUP_ORDER[index]
        if offset == 0 and end - position >= SAMPLE_GROUP_SIZE:
            tokens.append(sample_group_token(group))
            position += SAMPLE_GROUP_SIZE
        else:
            tokens.append(sample_token(group * SAMPLE_GROUP_SIZE + offset))
            position += 1
    return tokens


@dataclass(frozen=True)
class _Sample:
    """The sampled part of a broad search: the matches it ranks first (``match``, ``found`` of
    them), what the rest leaves out, and the estimates scaled up from them."""

    match: Match
    leave_out: tuple[list[str], int]
    found: int
    total: int
    counts: dict[int, int]


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

    A broad search (more matches than ``settings.SEARCH_EXACT_COUNT_LIMIT``) estimates its total
    and facet counts and says so in ``estimated``; see the module's docstring.
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
        sample: _Sample | None = None
        if match.uses_index:
            sample = _sample(cursor, backend, match)
        if not match.uses_index:
            total = _type_total(cursor, types)
            if keys and total:
                facet_counts = _counts_by_key(cursor, keys, types, None)
        elif sample is not None:
            total = sample.total
            if keys and total:
                facet_counts = _counts_by_key(cursor, keys, types, sample.counts)
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
        if sample is not None and page >= 1:
            rows = _broad_hits(cursor, backend, match, sample, order, per_page, offset)
            hits = [Hit(*row) for row in rows]
        elif page >= 1 and offset < total:
            hits = [Hit(*row) for row in backend.hits(cursor, match, order, per_page, offset)]
    return SearchResult(
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        num_pages=num_pages,
        facet_counts=facet_counts,
        query=parsed.text,
        estimated=sample is not None,
    )


def _sample(cursor: Any, backend: Backend, match: Match) -> _Sample | None:
    """The sample of a broad search, or None when the search is small enough to count exactly.

    The matches in the first bucket are counted, with their facet values in the same pass, to
    predict the total; then as many more buckets as a sample needs, or, when that bucket holds
    too few matches to predict from, first :data:`FIRST_BUCKETS` buckets. Above the
    limit, the counted buckets are the sample, or, when they hold many more matches than the
    sample size, every n-th document of them by id.
    """
    limit = int(getattr(settings, "SEARCH_EXACT_COUNT_LIMIT", DEFAULT_EXACT_COUNT_LIMIT))
    size = max(int(getattr(settings, "SEARCH_SAMPLE_SIZE", DEFAULT_SAMPLE_SIZE)), 1)
    if limit <= 0:
        return None
    counts = backend.facet_value_counts(cursor, _within(match, _sample_tokens(0, 1)))
    found, used = counts.pop(TOTAL, 0), 1
    while found < max(size // 2, FIRST_BUCKETS):
        if found * SAMPLE_BUCKETS <= limit * used and used >= FIRST_BUCKETS:
            return None  # few matches: count them all
        if found >= FIRST_BUCKETS:  # enough to predict from: the buckets of about a sample
            wanted = max(-(-size * used // found), used + 1)
        elif used < FIRST_BUCKETS:
            wanted = FIRST_BUCKETS
        else:  # still too few to predict from: four times the buckets
            wanted = used * 4
        if wanted * 3 > SAMPLE_BUCKETS:
            return None  # the sample would be a third of the matches or more: count them all
        more = backend.facet_value_counts(cursor, _within(match, _sample_tokens(used, wanted)))
        for value_id, n in more.items():
            counts[value_id] = counts.get(value_id, 0) + n
        found += counts.pop(TOTAL, 0)
        used = wanted
    total = round(found * SAMPLE_BUCKETS / used)
    if total <= limit:
        return None  # the buckets counted held more than their share
    modulus = max(1, found // size)
    tokens = _sample_tokens(0, used)
    sampled = replace(_within(match, tokens), modulus=modulus)
    if modulus > 1:  # the counted buckets hold many samples: rank (and count) one of them
        counts = backend.facet_value_counts(cursor, sampled)
        found = counts.pop(TOTAL, 0)
    scale = total / found if found else 0.0
    return _Sample(
        match=sampled,
        leave_out=(tokens, modulus),
        found=found,
        total=total,
        counts={value_id: max(1, round(n * scale)) for value_id, n in counts.items() if n},
    )


def _within(match: Match, tokens: Sequence[str]) -> Match:
    """``match`` restricted to the documents of the sample buckets of ``tokens``."""
    return replace(match, groups=[*match.groups, list(tokens)])


def _broad_hits(
    cursor: Any,
    backend: Backend,
    match: Match,
    sample: _Sample,
    order: str,
    limit: int,
    offset: int,
) -> list[tuple[str, str, str, float]]:
    """A page of a broad search.

    By relevance: the sampled matches ranked first, then the others most recently indexed
    first. By title or date: that order's index walked, keeping the matches.
    """
    if order != "relevance" or match.query.is_empty:
        return backend.hits(cursor, match, order, limit, offset, broad=True)
    rows: list[tuple[str, str, str, float]] = []
    if offset < sample.found:
        rows = backend.hits(cursor, sample.match, "relevance", limit, offset, broad=True)
    if len(rows) < limit:
        rest = replace(match, leave_out=sample.leave_out)
        rest_offset = max(offset - sample.found, 0)
        rows += backend.hits(cursor, rest, "indexed", limit - len(rows), rest_offset, broad=True)
    return rows


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
