"""PostgreSQL: a ``tsvector`` column with the ``dutch`` configuration and a GIN index.

``core_searchdocument.search_vector`` holds the title (weight A) and body (weight B), both as the
folded words made in Python and stemmed by PostgreSQL's ``dutch`` configuration, plus the filter
tokens (document type, facet values, sample bucket) and the prefix tokens of the stems (see
:func:`..query.prefix_tokens`) cast straight to lexemes, so one GIN index answers the words, the
prefixes and the filters together: a prefix is one posting list, which GIN can skip through,
instead of the lists of every word it begins. Relevance is ``ts_rank_cd`` with the title
weighted up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import psycopg

from ..query import (
    prefix_tokens,
    tsquery_filter,
    tsquery_parts,
    tsquery_terms,
)
from ..stemming import STOP_WORDS, stem, words
from .base import DOCUMENT_TABLE, Backend, Match, Row

# Weights for {D, C, B, A}: tokens, unused, body, title. Divided by ln(1 + document length), as
# ts_rank_cd's normalisation 1 does (BM25 favours shorter documents on SQLite), but with the
# length the document had before its prefix tokens were added (``rank_length``, migration
# core.0005): the prefix tokens select, they must not make a document count as longer.
RANK = (
    "(ts_rank_cd('{0, 0, 0.1, 1.0}', d.search_vector, r, 0)::float8 "
    "/ ln(greatest(d.rank_length, 1) + 1))::real"
)
#: A broad search by title, date or indexing order first tests this many documents in that order
#: (more for a deeper page, at most MAX_WALK_ROWS): each test reads the row's tsvector.
WALK_ROWS = 2_000
MAX_WALK_ROWS = 20_000
_TITLE_ORDER = 'd.sort_title COLLATE "C", d.id'
_ORDERS = {
    "relevance": "score DESC, d.id",  # equal ranks in indexing order, as on SQLite
    "title": _TITLE_ORDER,
    "newest": "d.published_at DESC, d.id DESC",
    "indexed": "d.id DESC",
}
_INSERT = f"""
INSERT INTO {DOCUMENT_TABLE} (
    id, doc_type, doc_id, title, sort_title, published_at, facet_value_ids, search_vector,
    rank_length
)
SELECT
    coalesce(r.id, nextval(pg_get_serial_sequence('{DOCUMENT_TABLE}', 'id'))),
    r.doc_type, r.doc_id, r.title, r.sort_title, r.published_at, r.facet_value_ids,
    r.search_vector::tsvector, r.rank_length
FROM unnest(
    %s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::timestamptz[],
    %s::text[], %s::text[], %s::integer[]
) AS r(id, doc_type, doc_id, title, sort_title, published_at, facet_value_ids, search_vector,
       rank_length)
"""  # noqa: S608 - fixed names, every value is a parameter
#: PostgreSQL's limits of a tsvector: positions run up to 16383, a lexeme keeps at most 256.
MAX_POSITION = 16_383
MAX_POSITIONS = 256


def search_vector(title: str, body: str, tokens: Sequence[str]) -> tuple[str, int]:
    """A document's ``search_vector`` as ``tsvector`` text, and its ``rank_length``.

    The vector is exactly what PostgreSQL makes of ``setweight(to_tsvector('dutch', title),
    'A') || setweight(to_tsvector('dutch', body), 'B') || tokens::tsvector`` from the folded
    words, with the same positions (a stop word takes one too), limits and weights, plus the
    prefix tokens of the stems; only the stems are made here, by :func:`..stemming.stem`, which
    are the ``dutch`` configuration's own (tested against PostgreSQL). Made here, a build costs
    PostgreSQL a cast instead of stemming every word again. ``rank_length`` is the length
    ``ts_rank_cd`` gives the document without its prefix tokens: every position, and 1 for a
    token.
    """
    title_words, body_words = words(title), words(body)
    title_positions, body_positions = _positions(title_words), _positions(body_words)
    # ``||`` shifts the right vector's positions by the left one's largest position.
    shift = max((positions[-1] for positions in title_positions.values()), default=0)
    # Whether no position can reach PostgreSQL's last one, as in nearly every document.
    short = shift + len(body_words) < MAX_POSITION
    stems = title_positions.keys() | body_positions.keys()
    parts = []
    rank_length = 0
    for lexeme in stems:
        in_title = title_positions.get(lexeme, ())
        in_body = body_positions.get(lexeme, ())
        if short and len(in_title) + len(in_body) <= MAX_POSITIONS:
            kept = [_WEIGHTED_A[p] for p in in_title] + [_WEIGHTED_B[p + shift] for p in in_body]
        else:
            kept = _merged(in_title, in_body, shift)
        parts.append(f"'{lexeme}':{','.join(kept)}")
        rank_length += len(kept)
    unique_tokens = dict.fromkeys(tokens)
    parts += unique_tokens
    parts += prefix_tokens(stems)
    return " ".join(parts), rank_length + len(unique_tokens)


def _merged(in_title: Sequence[int], in_body: Sequence[int], shift: int) -> list[str]:
    """One stem's positions in ``title || body``: the body's shifted, at most 256 in all, and
    none after the last position there is."""
    kept = [_WEIGHTED_A[position] for position in in_title]
    last = in_title[-1] if in_title else 0
    for position in in_body:
        if len(kept) >= MAX_POSITIONS or last == MAX_POSITION:
            break
        last = min(position + shift, MAX_POSITION)
        kept.append(_WEIGHTED_B[last])
    return kept


def _positions(folded_words: Sequence[str]) -> dict[str, list[int]]:
    """``to_tsvector``'s positions of each stem: a word's place in the text, stop words counted,
    at most 255 per stem and none after the last position there is."""
    found: dict[str, list[int]] = {}
    for place, word in enumerate(folded_words, 1):
        if word in STOP_WORDS:
            continue
        kept = found.get(stemmed := stem(word))
        if kept is None:
            found[stemmed] = [place if place < MAX_POSITION else MAX_POSITION]
        # Places only grow: a position can repeat only as the last one there is.
        elif len(kept) < MAX_POSITIONS - 1 and kept[-1] < MAX_POSITION:
            kept.append(place if place < MAX_POSITION else MAX_POSITION)
    return found


# Every position with its weight as tsvector text: "12A", "12B".
_WEIGHTED_A = tuple(f"{position}A" for position in range(MAX_POSITION + 1))
_WEIGHTED_B = tuple(f"{position}B" for position in range(MAX_POSITION + 1))


class PostgreSQLBackend(Backend):
    vendor = "postgresql"

    def prepare(self, rows: Sequence[Row]) -> list[list[Any]]:
        """The parameters of the insert: one array per column."""
        columns: list[list[Any]] = [[] for _ in range(9)]
        for row in rows:
            vector, rank_length = search_vector(row.title, row.body, row.filter_tokens.split())
            values = (
                row.id,
                row.doc_type,
                row.doc_id,
                row.title,
                row.sort_title,
                row.published_at,
                row.facet_value_ids,
                vector,
                rank_length,
            )
            for column, value in zip(columns, values, strict=True):
                column.append(value)
        return columns

    def insert_prepared(self, cursor: Any, prepared: list[list[Any]]) -> None:
        # Parameters bound by the server: nothing is quoted into the statement's text.
        with cursor.db.wrap_database_errors, psycopg.Cursor(cursor.db.connection) as bound:
            bound.execute(_INSERT, prepared)

    def existing(
        self, cursor: Any, doc_type: str, doc_ids: Sequence[str]
    ) -> list[tuple[str, int, datetime, str]]:
        # Looked up key by key: during a bulk build in one transaction the table has no
        # statistics yet, and the planner would otherwise read every row of the type.
        cursor.execute(
            "SELECT d.doc_id, d.id, d.published_at, d.facet_value_ids "  # noqa: S608
            f"FROM unnest(%s::text[]) AS k(doc_id) CROSS JOIN LATERAL (SELECT * FROM "
            f"{DOCUMENT_TABLE} d WHERE d.doc_type = %s AND d.doc_id = k.doc_id) AS d",
            [list(doc_ids), doc_type],
        )
        return [tuple(row) for row in cursor.fetchall()]

    def count(self, cursor: Any, match: Match) -> int:
        if match.uses_index:
            source, params = _query_source(match)
            sql = (
                f"SELECT count(*) FROM {source} JOIN {DOCUMENT_TABLE} d "  # noqa: S608
                f"ON d.search_vector @@ q{_modulus(match)}"
            )
        else:
            where, params = _type_filter(match.doc_types)
            sql = f"SELECT count(*) FROM {DOCUMENT_TABLE} d {where}"  # noqa: S608
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])

    def hits(
        self, cursor: Any, match: Match, order: str, limit: int, offset: int, broad: bool = False
    ) -> list[tuple[str, str, str, float]]:
        if match.query.is_empty and order == "relevance":
            order = "title"
        if match.uses_index and (broad or order == "indexed") and order != "relevance":
            # Many documents match: walk the first rows of the order's index and test each
            # (a page is found after a few dozen rows); the walk is read lazily, in its order.
            # When the matches lie further on (names beginning with "Z"), the page is not
            # complete within the walk, and GIN finds all matches, which are then ordered.
            where, params = _constant_query(match)
            condition = f"d.search_vector @@ {where}{_modulus(match)}"
            if match.leave_out is not None:
                tokens, modulus = match.leave_out
                condition += (
                    f" AND NOT (d.id %% {int(modulus)} = 0 AND d.search_vector @@ %s::tsquery)"
                )
                params = [*params, tsquery_filter([tokens])]
            walk = min(MAX_WALK_ROWS, WALK_ROWS + 4 * (offset + limit))
            cursor.execute(
                f"SELECT d.doc_type, d.doc_id, d.title, 0.0 FROM ("  # noqa: S608
                f"SELECT * FROM {DOCUMENT_TABLE} d ORDER BY {_ORDERS[order]} LIMIT {walk}"
                f") AS d WHERE {condition} LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            rows = cursor.fetchall()
            if len(rows) == limit:
                return [(row[0], row[1], row[2], float(row[3])) for row in rows]
            sql = (
                "WITH d AS MATERIALIZED ("  # noqa: S608
                f"SELECT d.id, d.doc_type, d.doc_id, d.title, d.sort_title, d.published_at "
                f"FROM {DOCUMENT_TABLE} d WHERE {condition}) "
                f"SELECT d.doc_type, d.doc_id, d.title, 0.0 FROM d "
                f"ORDER BY {_ORDERS[order]} LIMIT %s OFFSET %s"
            )
        elif match.uses_index:
            # Few matches (a narrow search, or a sample): GIN finds them all first, then they are
            # ordered. Without the materialised step the planner, not knowing the query, may walk
            # the order's index and test every row's tsvector (read from TOAST) instead.
            source, params = _query_source(match)
            score = RANK if order == "relevance" else "0.0"
            sql = (
                "WITH d AS MATERIALIZED ("  # noqa: S608
                f"SELECT d.id, d.doc_type, d.doc_id, d.title, d.sort_title, d.published_at, "
                f"{score} AS score FROM {source} JOIN {DOCUMENT_TABLE} d "
                f"ON d.search_vector @@ q{_modulus(match)}) "
                f"SELECT d.doc_type, d.doc_id, d.title, d.score FROM d "
                f"ORDER BY {_ORDERS[order]} LIMIT %s OFFSET %s"
            )
        else:
            where, params = _type_filter(match.doc_types)
            sql = (
                f"SELECT d.doc_type, d.doc_id, d.title, 0.0 AS score FROM {DOCUMENT_TABLE} d "  # noqa: S608
                f"{where} ORDER BY {_ORDERS[order]} LIMIT %s OFFSET %s"
            )
        cursor.execute(sql, [*params, limit, offset])
        return [(row[0], row[1], row[2], float(row[3])) for row in cursor.fetchall()]

    def facet_value_counts(self, cursor: Any, match: Match) -> dict[int, int]:
        source, params = _query_source(match)
        cursor.execute(
            f"SELECT v.id::bigint, count(*) FROM {source} "  # noqa: S608 - fixed names
            f"JOIN {DOCUMENT_TABLE} d ON d.search_vector @@ q{_modulus(match)} "
            # Value id 0 stands for the document itself: its count is the total, in one pass.
            "CROSS JOIN unnest(string_to_array(ltrim(d.facet_value_ids || ' 0'), ' ')) AS v(id) "
            "GROUP BY v.id",
            params,
        )
        return {int(value_id): int(count) for value_id, count in cursor.fetchall()}


def _query_source(match: Match) -> tuple[str, list[Any]]:
    """A one-row FROM item with the tsquery ``q`` that selects and the tsquery ``r`` that ranks.

    ``r`` has the words joined by OR, so that ``ts_rank_cd`` adds up every weighted occurrence
    of every word, as BM25 does, instead of rewarding words that stand close together.
    """
    terms, tokens = _parts(match)
    rank = "to_tsquery('dutch', %s) AS r"
    rank_params = [tsquery_terms(match.query, any_word=True)]
    if terms and tokens:
        select = "to_tsquery('dutch', %s) && %s::tsquery AS q"
        params = [terms, tokens]
    elif terms:
        select = "to_tsquery('dutch', %s) AS q"
        params = [terms]
    else:
        select, params = "%s::tsquery AS q", [tokens]
    if match.query.is_empty:
        rank, rank_params = "NULL::tsquery AS r", []
    return f"(SELECT {select}, {rank}) s", [*params, *rank_params]


def _parts(match: Match) -> tuple[str, str]:
    """The words for ``to_tsquery('dutch', ...)`` and the tokens (the last word's prefix token,
    filters) for ``::tsquery`` (see :func:`..query.tsquery_parts`)."""
    terms, prefix = tsquery_parts(match.query)
    filters = tsquery_filter(match.groups, match.exclude)
    return terms, " & ".join(part for part in (prefix, filters) if part)


def _modulus(match: Match) -> str:
    """The condition that keeps a sample's share of the rows (an int, written as a number)."""
    return f" AND d.id %% {int(match.modulus)} = 0" if match.modulus > 1 else ""


def _constant_query(match: Match) -> tuple[str, list[Any]]:
    """The tsquery that selects, as an expression of constants (see :func:`_query_source`)."""
    terms, tokens = _parts(match)
    if terms and tokens:
        return "(to_tsquery('dutch', %s) && %s::tsquery)", [terms, tokens]
    if terms:
        return "to_tsquery('dutch', %s)", [terms]
    return "%s::tsquery", [tokens]


def _type_filter(doc_types: Sequence[str]) -> tuple[str, list[Any]]:
    if not doc_types:
        return "", []
    return "WHERE d.doc_type = ANY(%s)", [list(doc_types)]
