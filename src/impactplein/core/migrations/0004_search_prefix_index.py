"""SQLite: the FTS5 table gets prefix indexes for 3 to 8 characters, so a last word typed as a
prefix ("zorg" finding "zorgboerderij") is read from the index as lazily as a whole word,
instead of FTS5 merging the lists of every word with that prefix in memory first. The rows are
copied into the new table, so nothing needs re-indexing. PostgreSQL's GIN index needs nothing.
"""

from django.db import migrations

PREFIXES_BEFORE = "3"
PREFIXES_AFTER = "3 4 5 6 7 8"


def _recreate(schema_editor, prefixes):
    if schema_editor.connection.vendor != "sqlite":
        return
    statements = [
        "ALTER TABLE core_search_fts RENAME TO core_search_fts_old",
        f"""
        CREATE VIRTUAL TABLE core_search_fts USING fts5(
            title, body, facets,
            tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
            prefix = '{prefixes}'
        )
        """,
        "INSERT INTO core_search_fts (rowid, title, body, facets) "
        "SELECT rowid, title, body, facets FROM core_search_fts_old",
        "DROP TABLE core_search_fts_old",
        # The trigger of migration 0003 names the table, and was renamed with it.
        "DROP TRIGGER IF EXISTS core_searchdocument_fts_delete",
        """
        CREATE TRIGGER core_searchdocument_fts_delete AFTER DELETE ON core_searchdocument
        BEGIN
            DELETE FROM core_search_fts WHERE rowid = old.id;
        END
        """,
    ]
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _recreate(schema_editor, PREFIXES_AFTER)


def backward(apps, schema_editor):
    _recreate(schema_editor, PREFIXES_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_search_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
