"""On PostgreSQL, the search vectors are compressed with LZ4 instead of pglz where the server
can: a profile's vector (about 5 kB with its prefix tokens) is stored compressed, so every build
compresses a million of them and a broad search by title or date decompresses each row it tests.
Rows keep the compression they were written with until they are written again (a rebuild of the
index writes them all). Nothing to do on SQLite, nor on a server built without LZ4.
"""

from django.db import migrations

ALTER = "ALTER TABLE core_searchdocument ALTER COLUMN search_vector SET COMPRESSION {}"


def _lz4_available(cursor):
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if _lz4_available(cursor):
            cursor.execute(ALTER.format("lz4"))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALTER.format("pglz"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_search_sample_groups"),
    ]

    operations = [migrations.RunPython(forward, backward)]
