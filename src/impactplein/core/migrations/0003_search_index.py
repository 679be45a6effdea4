"""The search index: portable tables, plus the engine's own part for the database in use.

SQLite gets an FTS5 table over stems made in Python (core.search.stemming) and a trigger that
removes a document's FTS row with the document. PostgreSQL gets a tsvector column with a GIN
index. Both get the indexes that order a listing by title (PostgreSQL with the "C" collation, so
titles order byte by byte as on SQLite) and by date.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE core_search_fts USING fts5(
        title, body, facets,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
        prefix = '3'
    )
    """,
    """
    CREATE TRIGGER core_searchdocument_fts_delete AFTER DELETE ON core_searchdocument
    BEGIN
        DELETE FROM core_search_fts WHERE rowid = old.id;
    END
    """,
    "CREATE INDEX core_searchdocument_title_order ON core_searchdocument (sort_title, id)",
    "CREATE INDEX core_searchdocument_date_order ON core_searchdocument (published_at, id)",
]
SQLITE_BACKWARD = [
    "DROP INDEX core_searchdocument_date_order",
    "DROP INDEX core_searchdocument_title_order",
    "DROP TRIGGER core_searchdocument_fts_delete",
    "DROP TABLE core_search_fts",
]
POSTGRESQL_FORWARD = [
    "ALTER TABLE core_searchdocument ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX core_searchdocument_vector ON core_searchdocument USING gin (search_vector)",
    'CREATE INDEX core_searchdocument_title_order ON core_searchdocument (sort_title COLLATE "C", id)',
    "CREATE INDEX core_searchdocument_date_order ON core_searchdocument (published_at, id)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX core_searchdocument_date_order",
    "DROP INDEX core_searchdocument_title_order",
    "DROP INDEX core_searchdocument_vector",
    "ALTER TABLE core_searchdocument DROP COLUMN search_vector",
]


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements_by_vendor:
        raise RuntimeError(f"The search index supports SQLite and PostgreSQL, not {vendor}.")
    for statement in statements_by_vendor[vendor]:
        schema_editor.execute(statement)


def create_engine_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def drop_engine_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_reference_data'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=50, verbose_name='soort document')),
                ('doc_id', models.CharField(max_length=64, verbose_name='sleutel')),
                ('title', models.TextField(verbose_name='titel')),
                ('sort_title', models.CharField(max_length=200, verbose_name='sorteertitel')),
                ('published_at', models.DateTimeField(verbose_name='gepubliceerd op')),
                ('facet_value_ids', models.TextField(blank=True, verbose_name='facetwaarden')),
            ],
            options={
                'verbose_name': 'zoekdocument',
                'verbose_name_plural': 'zoekdocumenten',
                'constraints': [models.UniqueConstraint(fields=('doc_type', 'doc_id'), name='searchdocument_unique_key')],
            },
        ),
        migrations.CreateModel(
            name='SearchFacetValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=50, verbose_name='soort document')),
                ('key', models.CharField(max_length=50, verbose_name='facet')),
                ('value', models.CharField(max_length=200, verbose_name='waarde')),
                ('document_count', models.PositiveIntegerField(default=0, verbose_name='aantal documenten')),
            ],
            options={
                'verbose_name': 'facetwaarde',
                'verbose_name_plural': 'facetwaarden',
                'constraints': [models.UniqueConstraint(fields=('doc_type', 'key', 'value'), name='searchfacetvalue_unique_value')],
            },
        ),
        migrations.RunPython(create_engine_index, drop_engine_index),
    ]
