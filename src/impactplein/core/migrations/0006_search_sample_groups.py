"""Every indexed document also carries the token of its group of 16 sample buckets, so that a
sample of many buckets names a few groups instead of hundreds of buckets (which GIN and FTS5
would each have to read). The documents are given the token here; nothing needs re-indexing.
The computations are written out as they were when this migration was made.
"""

import hashlib

from django.db import migrations

FTS = "core_search_fts"
DOCUMENTS = "core_searchdocument"
CHUNK = 5_000
BUCKETS, GROUP_SIZE = 1024, 16


def _group_token(doc_type, doc_id):
    key = f"{doc_type}\x1f{doc_id}".encode("utf-8", "replace")
    bucket = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % BUCKETS
    digest = hashlib.blake2b(f"group {bucket // GROUP_SIZE}".encode(), digest_size=16)
    return f"s_{digest.hexdigest()[:20]}"


def _rows(cursor, last):
    cursor.execute(
        f"SELECT id, doc_type, doc_id FROM {DOCUMENTS} "  # noqa: S608
        "WHERE id > %s ORDER BY id LIMIT %s",
        [last, CHUNK],
    )
    return cursor.fetchall()


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while rows := _rows(cursor, last):
            last = rows[-1][0]
            changes = [(_group_token(doc_type, doc_id), id_) for id_, doc_type, doc_id in rows]
            if vendor == "sqlite":
                cursor.executemany(
                    f"UPDATE {FTS} SET facets = facets || ' ' || %s WHERE rowid = %s",  # noqa: S608
                    changes,
                )
            else:
                cursor.execute(
                    f"UPDATE {DOCUMENTS} d "  # noqa: S608
                    "SET search_vector = d.search_vector || r.token::tsvector, "
                    # ts_rank_cd counts the token in the document's length, as at indexing.
                    "rank_length = d.rank_length + 1 "
                    "FROM unnest(%s::text[], %s::bigint[]) AS r(token, id) WHERE d.id = r.id",
                    [[token for token, _ in changes], [id_ for _, id_ in changes]],
                )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while rows := _rows(cursor, last):
            last = rows[-1][0]
            changes = [(_group_token(doc_type, doc_id), id_) for id_, doc_type, doc_id in rows]
            if vendor == "sqlite":
                cursor.executemany(
                    f"UPDATE {FTS} SET facets = replace(facets, ' ' || %s, '') "  # noqa: S608
                    "WHERE rowid = %s",
                    changes,
                )
            else:
                cursor.execute(
                    f"UPDATE {DOCUMENTS} d "  # noqa: S608
                    "SET search_vector = ts_delete(d.search_vector, r.token), "
                    "rank_length = d.rank_length - 1 "
                    "FROM unnest(%s::text[], %s::bigint[]) AS r(token, id) WHERE d.id = r.id",
                    [[token for token, _ in changes], [id_ for _, id_ in changes]],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_search_prefix_tokens_fine_buckets"),
    ]

    operations = [migrations.RunPython(forward, backward)]
