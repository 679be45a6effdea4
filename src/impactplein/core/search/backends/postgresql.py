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

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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

#: Joins the documents' words, tokens and facet value ids, which hold letters, digits, "_" and
#: spaces only, into one parameter per column: one string is sent as it is, where a list of
#: strings is quoted element by element in Python.
SEPARATOR = "|"
# Each string begins with the separator, so that one empty text is not an empty array.
_SPLIT = f"(string_to_array(%s, '{SEPARATOR}'))[2:]"
# Weights for {D, C, B, A}: tokens, unused, body, title. Divided by ln(1 + document length), as
# ts_rank_cd's normalisation 1 does (BM25 favours shorter documents on SQLite), but with the
# length the document had before its prefix tokens were added (``rank_length``, migration
# core.0005): the prefix tokens select, they must not make a document count as longer.
RANK = (
    "(ts_rank_cd('{0, 0, 0.1, 1.0}', d.search_vector, r, 0)::float8 "
    "/ ln(greatest(d.rank_length, 1) + 1))::real"
)
#: The schema that holds the new document table while a rebuild writes it.
REBUILD_SCHEMA = "impactplein_search_rebuild"
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
    coalesce(v.id, nextval(pg_get_serial_sequence('{DOCUMENT_TABLE}', 'id'))),
    v.doc_type, v.doc_id, v.title, v.sort_title, v.published_at, v.facet_value_ids,
    v.vector || v.prefix_tokens::tsvector,
    -- ts_rank_cd's document length (see rank_length()), counted here for a very long document:
    -- every position, and 1 for a lexeme without positions
    coalesce(
        nullif(v.rank_length, '')::integer,
        (SELECT sum(greatest(coalesce(cardinality(l.positions), 0), 1)) FROM unnest(v.vector) l)
    )
FROM (
    SELECT r.*,
        setweight(to_tsvector('dutch', r.title_words), 'A')
            || setweight(to_tsvector('dutch', r.body_words), 'B')
            || r.filter_tokens::tsvector AS vector
    FROM unnest(
        %s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::timestamptz[],
        {_SPLIT}, {_SPLIT}, {_SPLIT}, {_SPLIT}, {_SPLIT}, {_SPLIT}
    ) AS r(id, doc_type, doc_id, title, sort_title, published_at, facet_value_ids,
           title_words, body_words, filter_tokens, prefix_tokens, rank_length)
) AS v
"""  # noqa: S608 - fixed names, every value is a parameter


#: PostgreSQL's limits of a tsvector: the last position, and how many positions a lexeme keeps
#: from one ``to_tsvector`` and from the concatenation of two.
LAST_POSITION = 16_383
POSITIONS_KEPT = 255
POSITIONS_KEPT_CONCATENATED = 256


def rank_length(
    title_stems: Sequence[str], body_stems: Sequence[str], word_count: int
) -> int | None:
    """The number of positions PostgreSQL keeps of ``setweight(to_tsvector('dutch', title),
    'A') || setweight(to_tsvector('dutch', body), 'B')``, given the stems of the two texts'
    words (stop words left out) and the number of words (stop words take a position too).

    Counted here, it spares the server a quarter of its work in a build. None when the text
    reaches PostgreSQL's last position, where positions merge: the server counts those.
    """
    if word_count >= LAST_POSITION:
        return None
    if len(title_stems) + len(body_stems) <= POSITIONS_KEPT:
        return len(title_stems) + len(body_stems)  # no lexeme can reach a limit
    in_title, in_body = Counter(title_stems), Counter(body_stems)
    return sum(
        min(
            min(in_title[lexeme], POSITIONS_KEPT) + min(in_body[lexeme], POSITIONS_KEPT),
            POSITIONS_KEPT_CONCATENATED,
        )
        for lexeme in in_title.keys() | in_body.keys()
    )


class PostgreSQLBackend(Backend):
    vendor = "postgresql"

    def prepare(self, rows: Sequence[Row]) -> list[Any]:
        """The parameters of the insert: an array per column of any text, one joined string
        per column of words or tokens (see :data:`SEPARATOR`)."""
        arrays: list[list[Any]] = [[] for _ in range(6)]
        joined: list[list[str]] = [[] for _ in range(6)]
        for row in rows:
            title_words, body_words = words(row.title), words(row.body)
            title_stems = [stem(word) for word in title_words if word not in STOP_WORDS]
            body_stems = [stem(word) for word in body_words if word not in STOP_WORDS]
            stems = {*title_stems, *body_stems}
            length = rank_length(title_stems, body_stems, len(title_words) + len(body_words))
            values = (row.id, row.doc_type, row.doc_id, row.title, row.sort_title)
            for array, value in zip(arrays, (*values, row.published_at), strict=True):
                array.append(value)
            texts = (
                row.facet_value_ids,
                " ".join(title_words),
                " ".join(body_words),
                row.filter_tokens,
                " ".join(prefix_tokens(stems)),
                "" if length is None else str(length + len(set(row.filter_tokens.split()))),
            )
            for column, text in zip(joined, texts, strict=True):
                column.append(text)
        return [*arrays, *(SEPARATOR + SEPARATOR.join(column) for column in joined)]

    def insert_prepared(self, cursor: Any, prepared: list[Any]) -> None:
        # Parameters bound by the server: nothing is quoted into the statement's text.
        with cursor.db.wrap_database_errors, psycopg.Cursor(cursor.db.connection) as bound:
            bound.execute(_INSERT, prepared)

    def clear_text_index(self, cursor: Any) -> None:
        """Nothing to do: the vectors are part of the document rows. (TRUNCATE would be quick,
        but would lock readers out until the rebuild that called it commits.)"""

    @contextmanager
    def replacing_documents(self, cursor: Any, doc_type: str) -> Iterator[None]:
        """Write the rebuild into a new table, index it in one pass, then swap it in.

        A GIN index made in one pass over its rows costs less to build than one that grows row
        by row, and is several times faster to read: the first count of a broad search
        took 63-113 ms on an index grown by a million documents within one transaction, and
        11 ms after REINDEX (docs/architecture.md, "Search performance"). So the block writes to
        an empty copy of the document table in the schema :data:`REBUILD_SCHEMA`, which comes
        first on this transaction's search path, so that every statement of the rebuild finds
        the copy by the table's usual name; the copy has the old table's keys and unique
        constraints while it is written (a document given twice is still found), and its other
        indexes, the GIN index among them, are made when the block ends. The documents of other
        types than ``doc_type`` are copied into it first, with their ids, and new documents get
        ids that follow the old table's. Then the old table is dropped and the copy takes its
        place, its schema and every index's name.

        Readers keep the old table and its index until the rebuild commits; writers wait (the
        table is locked against writes from the start, and a second rebuild waits for the
        first); other roles keep the privileges they had on it. Without the privileges this
        needs (creating a schema, owning the table) the rebuild writes in place.
        """
        cursor.execute(
            "SELECT quote_ident(n.nspname), format('%%I.%%I', n.nspname, c.relname), c.oid, "
            "current_setting('search_path'), has_database_privilege(current_database(), 'CREATE') "
            "AND pg_has_role(c.relowner, 'USAGE') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = %s::regclass",
            [DOCUMENT_TABLE],
        )
        schema, old, table_oid, search_path, allowed = cursor.fetchone()
        if not allowed:
            yield
            return
        new = f"{REBUILD_SCHEMA}.{DOCUMENT_TABLE}"
        cursor.execute(f"LOCK TABLE {old} IN SHARE ROW EXCLUSIVE MODE")
        keys, indexes, grants = _table_definition(cursor, table_oid)
        cursor.execute(f"CREATE SCHEMA {REBUILD_SCHEMA}")
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY "
            "INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)"
        )
        for name, definition in keys:
            cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {name} {definition}")
        for privilege, grantee in grants:
            cursor.execute(f"GRANT {privilege} ON {new} TO {grantee}")
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {old} WHERE doc_type <> %s", [doc_type])  # noqa: S608
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "nextval(pg_get_serial_sequence(%s, 'id')))",
            [new, old],
        )
        _set_local(cursor, "search_path", f"{REBUILD_SCHEMA}, {search_path}")
        yield
        # The server's maintenance_work_mem is enough: at a million profiles the GIN index was
        # made in 116 s with 64 MB, 119 s with 256 MB and 134 s with 1 GB.
        for definition in indexes:
            on_old = f" ON {old} USING "
            if definition.count(on_old) != 1:
                raise RuntimeError(f"Unexpected index definition: {definition}")
            cursor.execute(definition.replace(on_old, f" ON {new} USING "))
        cursor.execute(f"ANALYZE {new}")
        cursor.execute(f"DROP TABLE {old}")
        cursor.execute(f"ALTER TABLE {new} SET SCHEMA {schema}")
        cursor.execute(f"DROP SCHEMA {REBUILD_SCHEMA}")
        _set_local(cursor, "search_path", search_path)

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


def _table_definition(
    cursor: Any, table_oid: int
) -> tuple[list[tuple[str, str]], list[str], list[tuple[str, str]]]:
    """The document table's constraints that are backed by an index, as (name, definition), the
    statements that create its other indexes, and the privileges granted on it to other roles
    than its owner, as (privilege, role)."""
    cursor.execute(
        "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s AND contype IN ('p', 'u', 'x') ORDER BY contype, conname",
        [table_oid],
    )
    keys = [(name, definition) for name, definition in cursor.fetchall()]
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c "
        "ON c.oid = i.indexrelid WHERE i.indrelid = %s AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [table_oid],
    )
    indexes = [definition for (definition,) in cursor.fetchall()]
    cursor.execute(
        "SELECT g.privilege_type, CASE WHEN g.grantee = 0 THEN 'PUBLIC' "
        "ELSE g.grantee::regrole::text END FROM pg_class c, aclexplode(c.relacl) g "
        "WHERE c.oid = %s AND g.grantee <> c.relowner ORDER BY 2, 1",
        [table_oid],
    )
    return keys, indexes, [(privilege, role) for privilege, role in cursor.fetchall()]


def _set_local(cursor: Any, setting: str, value: str) -> None:
    """Change a setting until the transaction (or the savepoint) ends, as SET LOCAL does."""
    cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])


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
