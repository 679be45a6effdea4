"""SQLite: an FTS5 table over stems made in Python, ranked by BM25 with the title weighted up.

``core_search_fts`` has one row per document (rowid = document id) with three columns: the
stems of the title, the stems of the body, and the filter tokens (document type and facet
values). A trigger deletes the FTS row with its document (see migration 0003).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..query import SAMPLE_TOKEN_PREFIX
from ..stemming import stems
from .base import DOCUMENT_TABLE, TOTAL, Backend, Match, Row

FTS_TABLE = "core_search_fts"
# FTS5 keeps the text it indexes in this table: c0 the title's stems, c1 the body's, c2 the tokens.
CONTENT_TABLE = f"{FTS_TABLE}_content"
# Column weights for bm25(): title, body, filter tokens (which never match words).
BM25 = f"bm25({FTS_TABLE}, 10.0, 1.0, 0.0)"
_ROWS_PER_INSERT = 500
# Equal ranks are ordered by document id (indexing order), which FTS5 knows without reading a
# document row; PostgreSQL does the same.
_ORDERS = {
    "title": "d.sort_title, d.id",
    "newest": "d.published_at DESC, d.id DESC",
    "indexed": "d.id DESC",
}
#: A broad search by title or date tests at most this many documents in that order.
WALK_ROWS = 5_000
# The indexes (made by migration 0003) that give these orders without sorting.
_WALKS = {
    "title": ("core_searchdocument_title_order", _ORDERS["title"]),
    "newest": ("core_searchdocument_date_order", _ORDERS["newest"]),
}
# The columns of those indexes, and how the rows of a walk compare with its last row.
_WALK_KEYS = {"title": ("d.sort_title, d.id", "<="), "newest": ("d.published_at, d.id", ">=")}


#: facet_value_counts() keeps the ids of at most this many matches for a ranking that follows.
_KEPT_IDS = 20_000


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def __init__(self) -> None:
        # Per thread: what facet_value_counts() last counted (see _counted_ids()).
        self._local = threading.local()

    def prepare(self, rows: Sequence[Row]) -> list[tuple[list[Any], list[tuple[str, ...]]]]:
        """Per statement of at most :data:`_ROWS_PER_INSERT` documents: the document rows'
        values, and each document's key, stems and tokens for FTS5."""
        prepared = []
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start : start + _ROWS_PER_INSERT]
            params: list[Any] = []
            texts = []
            for row in chunk:
                params += [
                    row.id,
                    row.doc_type,
                    row.doc_id,
                    row.title,
                    row.sort_title,
                    row.published_at,
                    row.facet_value_ids,
                ]
                texts.append(
                    (
                        row.doc_type,
                        row.doc_id,
                        " ".join(stems(row.title)),
                        " ".join(stems(row.body)),
                        row.filter_tokens,
                    )
                )
            prepared.append((params, texts))
        return prepared

    def insert_prepared(
        self, cursor: Any, prepared: list[tuple[list[Any], list[tuple[str, ...]]]]
    ) -> None:
        for params, texts in prepared:
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(texts))
            cursor.execute(
                f"INSERT INTO {DOCUMENT_TABLE} "  # noqa: S608 - fixed names, values are parameters
                "(id, doc_type, doc_id, title, sort_title, published_at, facet_value_ids) "
                f"VALUES {values} RETURNING id, doc_type, doc_id",
                params,
            )
            # The order of RETURNING's rows is not promised: they are matched by key.
            ids = {(doc_type, doc_id): id_ for id_, doc_type, doc_id in cursor.fetchall()}
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, facets) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                [(ids[(doc_type, doc_id)], *text) for doc_type, doc_id, *text in texts],
            )

    def clear_text_index(self, cursor: Any) -> None:
        """Make the FTS5 table again as it was made: deleting its rows one by one, as the
        trigger does, writes a delete marker for every word of every document (minutes for a
        million). The trigger then finds nothing to delete. The planner's statistics of the
        old table go with it: taken while the index was small, they would have it scan the
        whole FTS5 data table each time a merge deletes pages by a range of ids."""
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        (definition,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(definition)

    def count(self, cursor: Any, match: Match) -> int:
        if match.uses_index and _is_sample(match) and match.modulus <= 1:
            # The first count of a broad search: keep the ids, so that counting the facet values
            # of (part of) them next needs no second MATCH (see facet_value_counts()).
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                f"LIMIT {_KEPT_IDS + 1}",
                [match.fts5],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) <= _KEPT_IDS:
                self._local.matched = (cursor, match.fts5, ids)
                return len(ids)
        if match.uses_index:
            cursor.execute(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
                f"{_modulus(match)}",
                [match.fts5],
            )
        else:
            where, params = _type_filter(match.doc_types)
            cursor.execute(f"SELECT count(*) FROM {DOCUMENT_TABLE} d {where}", params)  # noqa: S608
        return int(cursor.fetchone()[0])

    def hits(
        self, cursor: Any, match: Match, order: str, limit: int, offset: int, broad: bool = False
    ) -> list[tuple[str, str, str, float]]:
        if match.query.is_empty and order == "relevance":
            order = "title"
        if match.uses_index and broad and order == "relevance":
            return self._sample_ranked(cursor, match, limit, offset)
        if match.uses_index and order == "indexed":
            # FTS5 reads its lists newest first without sorting anything.
            params: list[Any] = [match.fts5]
            if match.leave_out is None:
                sql = (
                    f"SELECT d.doc_type, d.doc_id, d.title, 0.0 FROM ("  # noqa: S608
                    f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"ORDER BY rowid DESC LIMIT %s OFFSET %s"
                    f") AS m JOIN {DOCUMENT_TABLE} d ON d.id = m.id ORDER BY m.id DESC"
                )
            else:
                tokens, modulus = match.leave_out
                held = " OR ".join(["instr(' ' || f.c2 || ' ', %s) > 0"] * len(tokens))
                sql = (
                    f"SELECT d.doc_type, d.doc_id, d.title, 0.0 FROM ("  # noqa: S608
                    f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"ORDER BY rowid DESC) AS m JOIN {CONTENT_TABLE} f ON f.id = m.id "
                    f"JOIN {DOCUMENT_TABLE} d ON d.id = m.id "
                    f"WHERE NOT (m.id %% %s = 0 AND ({held})) "
                    f"ORDER BY m.id DESC LIMIT %s OFFSET %s"
                )
                params += [modulus, *(f" {token} " for token in tokens)]
            params += [limit, offset]
        elif match.uses_index and broad and order in _WALKS:
            # Walk the first rows of the order's index and test each document's stored stems
            # and tokens: when many documents match, a page is found after a few hundred rows,
            # without sorting every match. (A MATCH per row would cost FTS5 a query each.) When
            # the matches lie further on in that order (a name that starts with "Z"), the page
            # is not complete within the walk, and all matches are sorted after all.
            index, order_by = _WALKS[order]
            where, params = _stored_text_filter(match)
            # The walk ends at its last row's key, so that SQLite reads the index in order and
            # stops at the page's last match (a LIMIT in a subquery made it read every row of
            # the walk and sort them again).
            key, after = _WALK_KEYS[order]
            cursor.execute(
                f"SELECT d.id, {key.split(',')[0]} IS NULL "  # noqa: S608 - fixed names
                f"FROM {DOCUMENT_TABLE} d INDEXED BY {index} "
                f"ORDER BY {order_by} LIMIT 1 OFFSET {WALK_ROWS - 1}"
            )
            edge = cursor.fetchone()
            if edge is None or not edge[1]:
                bound = "1"
                if edge is not None:
                    bound = (
                        f"({key}) {after} (SELECT {key} FROM {DOCUMENT_TABLE} d WHERE d.id = %s)"  # noqa: S608
                    )
                    params = [edge[0], *params]
                sql = (
                    f"SELECT d.doc_type, d.doc_id, d.title, 0.0 "  # noqa: S608
                    f"FROM {DOCUMENT_TABLE} d INDEXED BY {index} "
                    f"JOIN {CONTENT_TABLE} f ON f.id = d.id "
                    f"WHERE {bound} AND {where} ORDER BY {order_by} LIMIT %s OFFSET %s"
                )
            else:  # the walk ends among documents without a date: no key to end it at
                walk = (
                    f"SELECT id, doc_type, doc_id, title, sort_title, published_at "  # noqa: S608
                    f"FROM {DOCUMENT_TABLE} d INDEXED BY {index} ORDER BY {order_by} "
                    f"LIMIT {WALK_ROWS}"
                )
                sql = (
                    f"SELECT d.doc_type, d.doc_id, d.title, 0.0 FROM ({walk}) AS d "  # noqa: S608
                    f"JOIN {CONTENT_TABLE} f ON f.id = d.id "
                    f"WHERE {where} ORDER BY {order_by} LIMIT %s OFFSET %s"
                )
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
            if len(rows) == limit:
                return [(row[0], row[1], row[2], float(row[3])) for row in rows]
            return self.hits(cursor, match, order, limit, offset)
        elif match.uses_index and order == "relevance":
            # Rank inside FTS5 and join only the page: no document row is read for the rest.
            sql = (
                f"SELECT d.doc_type, d.doc_id, d.title, -m.score FROM ("  # noqa: S608
                f"SELECT rowid AS id, {BM25} AS score FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s{_modulus(match)} "
                "ORDER BY score, rowid LIMIT %s OFFSET %s"
                f") AS m JOIN {DOCUMENT_TABLE} d ON d.id = m.id ORDER BY m.score, m.id"
            )
            params = [match.fts5, limit, offset]
        elif match.uses_index:
            sql = (
                f"SELECT d.doc_type, d.doc_id, d.title, 0.0 "  # noqa: S608
                f"FROM {FTS_TABLE} JOIN {DOCUMENT_TABLE} d ON d.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s ORDER BY {_ORDERS[order]} LIMIT %s OFFSET %s"
            )
            params = [match.fts5, limit, offset]
        else:
            where, params = _type_filter(match.doc_types)
            sql = (
                f"SELECT d.doc_type, d.doc_id, d.title, 0.0 FROM {DOCUMENT_TABLE} d "  # noqa: S608
                f"{where} ORDER BY {_ORDERS[order]} LIMIT %s OFFSET %s"
            )
            params += [limit, offset]
        cursor.execute(sql, params)
        return [(row[0], row[1], row[2], float(row[3])) for row in cursor.fetchall()]

    def _sample_ranked(
        self, cursor: Any, match: Match, limit: int, offset: int
    ) -> list[tuple[str, str, str, float]]:
        """A page of the matches of a sample (a thousand or so), ranked in Python.

        FTS5's bm25() first counts every document that has each word and token of the query,
        which for a common word at a million documents costs more than ranking the sample
        itself. Within one broad result every candidate has every word, so the words' rarity
        changes nothing and :func:`_score` leaves it out. The stems are read from FTS5's content
        table by rowid: asking the MATCH cursor for its columns costs about twice as much."""
        known = self._counted_ids(cursor, match)
        if known is not None:
            # facet_value_counts() just ran this MATCH: read the stems of its rows by id.
            cursor.execute(
                f"SELECT id, c0, c1 FROM {CONTENT_TABLE} "  # noqa: S608
                "WHERE id IN (SELECT value FROM json_each(%s))",
                [json.dumps(known)],
            )
        else:
            cursor.execute(
                f"SELECT m.id, f.c0, f.c1 FROM ("  # noqa: S608
                f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{_modulus(match)}"
                f") AS m JOIN {CONTENT_TABLE} f ON f.id = m.id",
                [match.fts5],
            )
        needles = _needles(match.query.stems, match.query.prefix)
        scored = sorted(
            (-_score(needles, title, body), rowid) for rowid, title, body in cursor.fetchall()
        )[offset : offset + limit]
        if not scored:
            return []
        cursor.execute(
            f"SELECT id, doc_type, doc_id, title FROM {DOCUMENT_TABLE} "  # noqa: S608
            f"WHERE id IN ({', '.join(['%s'] * len(scored))})",
            [rowid for _, rowid in scored],
        )
        found = {row[0]: row[1:] for row in cursor.fetchall()}
        return [(*found[rowid], -score) for score, rowid in scored if rowid in found]

    def facet_value_counts(self, cursor: Any, match: Match) -> dict[int, int]:
        # SQLite has no hash aggregation: grouping millions of (document, value) rows sorts
        # them. Counting the matching rows' value lists in Python is several times faster.
        matched = self._matched_ids(cursor, match)
        if matched is not None:
            cursor.execute(
                f"SELECT id, facet_value_ids FROM {DOCUMENT_TABLE} "  # noqa: S608 - fixed names
                "WHERE id IN (SELECT value FROM json_each(%s))",
                [json.dumps([id_ for id_ in matched if id_ % match.modulus == 0])],
            )
        else:
            cursor.execute(
                f"SELECT m.id, d.facet_value_ids FROM ("  # noqa: S608 - fixed names
                f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{_modulus(match)}"
                f") AS m JOIN {DOCUMENT_TABLE} d ON d.id = m.id",
                [match.fts5],
            )
        counts: Counter[str] = Counter()
        total = 0
        ids: list[int] | None = []
        while rows := cursor.fetchmany(10_000):
            total += len(rows)
            counts.update(" ".join(row[1] for row in rows).split())
            if ids is not None:
                ids += [row[0] for row in rows]
                if len(ids) > _KEPT_IDS:
                    ids = None
        # A broad search ranks the same rows next (_sample_ranked): keep their ids for it, so
        # that FTS5 need not evaluate the MATCH a second time.
        self._local.counted = (cursor, match.fts5, match.modulus, ids) if ids else None
        return {TOTAL: total} | {int(value_id): n for value_id, n in counts.items()}

    def _matched_ids(self, cursor: Any, match: Match) -> list[int] | None:
        """The ids count() found for ``match`` without its modulus on this cursor, once, or
        None."""
        matched = getattr(self._local, "matched", None)
        self._local.matched = None
        if matched is None:
            return None
        kept_cursor, fts5, ids = matched
        if kept_cursor is not cursor or fts5 != match.fts5:
            return None
        return ids  # type: ignore[no-any-return]

    def _counted_ids(self, cursor: Any, match: Match) -> list[int] | None:
        """The ids facet_value_counts() found for ``match`` on this cursor, once, or None."""
        counted = getattr(self._local, "counted", None)
        self._local.counted = None
        if counted is None:
            return None
        kept_cursor, fts5, modulus, ids = counted
        if kept_cursor is not cursor or fts5 != match.fts5 or modulus != match.modulus:
            return None
        return ids  # type: ignore[no-any-return]


def _score(needles: Sequence[str], title: str, body: str) -> float:
    """BM25's term-frequency part for stored title and body stems, the title weighted as in
    :data:`BM25`: more occurrences count for less and less, a longer body a little less.
    ``needles`` are the stems with a space before, and after unless they are a prefix."""
    title, body = f" {title} ", f" {body} "
    norm = 1.2 * (0.25 + 0.75 * body.count(" ") / 60)
    score = 0.0
    for needle in needles:
        in_title, in_body = title.count(needle), body.count(needle)
        score += 10.0 * in_title / (in_title + 1.2) + in_body / (in_body + norm)
    return score


def _needles(stems: Sequence[str], prefix: bool) -> list[str]:
    last = len(stems) - 1
    return [f" {stem}" if prefix and i == last else f" {stem} " for i, stem in enumerate(stems)]


def _is_sample(match: Match) -> bool:
    """Whether ``match`` is limited to sample buckets (its last group: see searching._within)."""
    return bool(match.groups) and all(
        token.startswith(SAMPLE_TOKEN_PREFIX) for token in match.groups[-1]
    )


def _modulus(match: Match) -> str:
    """The condition that keeps a sample's share of the rows (a number in SQL, not a
    parameter: it is an int, and FTS5 then still reads the rows in rowid order)."""
    if match.modulus <= 1:
        return ""
    return f" AND {FTS_TABLE}.rowid %% {int(match.modulus)} = 0"


def _stored_text_filter(match: Match) -> tuple[str, list[Any]]:
    """A WHERE clause over the FTS content row ``f`` that holds exactly when ``match.fts5``
    matches it: every stem a whole word of the title or body (the last maybe a prefix), one
    token of every group and none of ``exclude`` among the tokens. The stored text is words
    separated by single spaces, as :meth:`SQLiteBackend.prepare` made it."""
    words = "(' ' || f.c0 || ' ' || f.c1 || ' ')"
    tokens = "(' ' || f.c2 || ' ')"
    clauses: list[str] = []
    params: list[Any] = []
    stems = match.query.stems
    for index, stem in enumerate(stems):
        prefix = match.query.prefix and index == len(stems) - 1
        clauses.append(f"instr({words}, %s) > 0")
        params.append(f" {stem}" if prefix else f" {stem} ")
    for group in [*match.groups, match.exclude]:
        if not group:
            continue
        alternatives = " OR ".join([f"instr({tokens}, %s) > 0"] * len(group))
        params += [f" {token} " for token in group]
        clauses.append(f"({alternatives})")
    if match.exclude:
        clauses[-1] = f"NOT {clauses[-1]}"
    return " AND ".join(clauses) or "1", params


def _type_filter(doc_types: Sequence[str]) -> tuple[str, list[Any]]:
    if not doc_types:
        return "", []
    return f"WHERE d.doc_type IN ({', '.join(['%s'] * len(doc_types))})", list(doc_types)
