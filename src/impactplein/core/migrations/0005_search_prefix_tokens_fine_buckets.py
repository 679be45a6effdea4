"""The search index gets 1,024 sample buckets instead of 64, and on PostgreSQL prefix tokens.

The sample buckets become 1,024, so that at a million documents one bucket holds about one
sample (a thousand documents) rather than fifteen.

On PostgreSQL every stem of a document is also indexed by its prefixes of 3 to 8 characters as
tokens (``p_zorg``), so that a prefix is one posting list of the GIN index, which it can skip
through, instead of GIN first collecting the lists of every word that begins with it. A new
column ``rank_length`` keeps the document's length as ``ts_rank_cd`` counted it before the
prefix tokens, so relevance stays what it was. SQLite's FTS5 table keeps its own prefix indexes.

The indexed documents are rewritten here from what the index holds (SQLite: the FTS rows;
PostgreSQL: the lexemes of the tsvector), so nothing needs re-indexing. The computations are
written out here as they were when this migration was made.
"""

import hashlib

from django.db import migrations

FTS = "core_search_fts"
DOCUMENTS = "core_searchdocument"
CHUNK = 5_000
MIN_PREFIX, MAX_PREFIX = 3, 8
BUCKETS_BEFORE, BUCKETS_AFTER = 64, 1024


def _sample_token(doc_type, doc_id, buckets):
    key = f"{doc_type}\x1f{doc_id}".encode("utf-8", "replace")
    bucket = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % buckets
    digest = hashlib.blake2b(str(bucket).encode("utf-8", "replace"), digest_size=16)
    return f"s_{digest.hexdigest()[:20]}"


def _prefix_tokens(stems):
    found = set()
    for stem in set(stems):
        for n in range(MIN_PREFIX, min(len(stem), MAX_PREFIX) + 1):
            found.add(f"p_{stem[:n]}")
    return sorted(found)


def _tokens(old_tokens, stems, doc_type, doc_id, buckets, with_prefixes):
    kept = [t for t in old_tokens if not t.startswith(("s_", "p_"))]
    kept.append(_sample_token(doc_type, doc_id, buckets))
    if with_prefixes:
        kept += _prefix_tokens(stems)
    return kept


def _sqlite(schema_editor, buckets):
    execute = schema_editor.execute
    execute(f"ALTER TABLE {FTS} RENAME TO {FTS}_old")
    execute(
        f"""
        CREATE VIRTUAL TABLE {FTS} USING fts5(
            title, body, facets,
            tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
            prefix = '3 4 5 6 7 8'
        )
        """
    )
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                f"SELECT f.rowid, f.title, f.body, f.facets, d.doc_type, d.doc_id "  # noqa: S608
                f"FROM {FTS}_old f JOIN {DOCUMENTS} d ON d.id = f.rowid "
                "WHERE f.rowid > %s ORDER BY f.rowid LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, title, body, facets) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [
                    (
                        rowid,
                        title,
                        body,
                        " ".join(
                            _tokens(
                                facets.split(),
                                (title + " " + body).split(),
                                doc_type,
                                doc_id,
                                buckets,
                                with_prefixes=False,
                            )
                        ),
                    )
                    for rowid, title, body, facets, doc_type, doc_id in rows
                ],
            )
    execute(f"DROP TABLE {FTS}_old")
    # The trigger of migration 0003 names the table, and was renamed with it.
    execute("DROP TRIGGER IF EXISTS core_searchdocument_fts_delete")
    execute(
        f"""
        CREATE TRIGGER core_searchdocument_fts_delete AFTER DELETE ON {DOCUMENTS}
        BEGIN
            DELETE FROM {FTS} WHERE rowid = old.id;
        END
        """
    )


def _postgresql(schema_editor, buckets, with_prefixes):
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                f"SELECT id, doc_type, doc_id, tsvector_to_array(search_vector) "  # noqa: S608
                f"FROM {DOCUMENTS} WHERE id > %s ORDER BY id LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            ids, removed, added = [], [], []
            for id_, doc_type, doc_id, lexemes in rows:
                tokens = [lexeme for lexeme in lexemes if "_" in lexeme]
                stems = [lexeme for lexeme in lexemes if "_" not in lexeme]
                ids.append(id_)
                removed.append(" ".join(t for t in tokens if t.startswith(("s_", "p_"))))
                added.append(
                    " ".join(
                        t
                        for t in _tokens(tokens, stems, doc_type, doc_id, buckets, with_prefixes)
                        if t.startswith(("s_", "p_"))
                    )
                )
            cursor.execute(
                f"UPDATE {DOCUMENTS} d "  # noqa: S608
                "SET search_vector = ts_delete(d.search_vector, "
                "string_to_array(r.removed, ' ')) || r.added::tsvector, "
                # The length as ts_rank_cd counts it, before the prefix tokens (old value).
                "rank_length = (SELECT sum(greatest(coalesce(cardinality(l.positions), 0), 1)) "
                "FROM unnest(d.search_vector) l WHERE l.lexeme NOT LIKE 'p\\_%%') "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS r(id, removed, added) "
                "WHERE d.id = r.id",
                [ids, removed, added],
            )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _sqlite(schema_editor, BUCKETS_AFTER)
    else:
        schema_editor.execute(
            f"ALTER TABLE {DOCUMENTS} ADD COLUMN rank_length integer NOT NULL DEFAULT 0"
        )
        _postgresql(schema_editor, BUCKETS_AFTER, with_prefixes=True)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _sqlite(schema_editor, BUCKETS_BEFORE)
    else:
        _postgresql(schema_editor, BUCKETS_BEFORE, with_prefixes=False)
        schema_editor.execute(f"ALTER TABLE {DOCUMENTS} DROP COLUMN rank_length")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_search_prefix_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
