"""The sums of entry values per contract, form of fulfilment and status, kept by the database.

``socialreturn_entrytotals`` holds one row per contract and form of fulfilment (kind) with the
sums of its approved, submitted (pending) and draft entries' values and the number of entries
(rejected ones included, their value in no sum). Triggers on ``socialreturn_fulfilmententry`` keep it exact in the
same transaction as every insert, update (of contract, kind, status or value) and delete, whoever
writes; on PostgreSQL a TRUNCATE of the entries empties it too. The portfolio dashboard reads its
10,000 contracts' figures from this table instead of summing 200,000 entries on every request
(issue #4, ``bench/socialreturn.py``; ``selectors.dashboards.portfolio``). It is a derived copy,
like an index: nothing else writes it, and this migration fills it from the entries there are.

Caution for later migrations: on SQLite, Django rebuilds a table to alter one of its columns,
and dropping the old table drops its triggers. A migration that alters the entries table must
create the SQLite triggers again (``SQLITE[1:]``); ``tests/socialreturn/test_dashboards_totals.py``
fails until it does.

The table has no Django model (``models.py`` describes records people edit; this is the
database's bookkeeping), so Django's test flush leaves it alone: on SQLite the flush deletes the
entries row by row and the triggers follow, on PostgreSQL the TRUNCATE trigger empties it.
"""

from django.db import migrations

TABLE = "socialreturn_entrytotals"
ENTRIES = "socialreturn_fulfilmententry"


def _part(row: str, status: str) -> str:
    return f"CASE WHEN {row}.status = '{status}' THEN COALESCE({row}.value, 0) ELSE 0 END"


def _subtract(table: str) -> str:
    """Take the OLD row out of its (contract, kind) sums; drop the sums when no entry is left."""
    return f"""
        UPDATE {TABLE} SET approved = {table}approved - {_part("OLD", "approved")},
            pending = {table}pending - {_part("OLD", "submitted")},
            draft = {table}draft - {_part("OLD", "draft")},
            entries = {table}entries - 1
        WHERE contract_id = OLD.contract_id AND kind = OLD.kind;
        DELETE FROM {TABLE}
        WHERE contract_id = OLD.contract_id AND kind = OLD.kind AND entries <= 0;
    """


def _add(table: str, excluded: str) -> str:
    """Add the NEW row to its (contract, kind) sums."""
    return f"""
        INSERT INTO {TABLE} (contract_id, kind, approved, pending, draft, entries)
        VALUES (NEW.contract_id, NEW.kind, {_part("NEW", "approved")},
            {_part("NEW", "submitted")}, {_part("NEW", "draft")}, 1)
        ON CONFLICT (contract_id, kind) DO UPDATE SET
            approved = {table}approved + {excluded}.approved,
            pending = {table}pending + {excluded}.pending,
            draft = {table}draft + {excluded}.draft,
            entries = {table}entries + 1;
    """


SQLITE = [
    f"""
    CREATE TABLE {TABLE} (
        contract_id integer NOT NULL,
        kind varchar(20) NOT NULL,
        approved integer NOT NULL DEFAULT 0,
        pending integer NOT NULL DEFAULT 0,
        draft integer NOT NULL DEFAULT 0,
        entries integer NOT NULL DEFAULT 0,
        PRIMARY KEY (contract_id, kind)
    ) WITHOUT ROWID
    """,
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {ENTRIES} BEGIN {_add('', 'excluded')} END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {ENTRIES} BEGIN {_subtract('')} END",
    f"""
    CREATE TRIGGER {TABLE}_update AFTER UPDATE OF contract_id, kind, status, value ON {ENTRIES}
    BEGIN {_subtract("")} {_add("", "excluded")} END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]

POSTGRESQL = [
    f"""
    CREATE TABLE {TABLE} (
        contract_id bigint NOT NULL,
        kind varchar(20) NOT NULL,
        approved numeric(16, 0) NOT NULL DEFAULT 0,
        pending numeric(16, 0) NOT NULL DEFAULT 0,
        draft numeric(16, 0) NOT NULL DEFAULT 0,
        entries integer NOT NULL DEFAULT 0,
        PRIMARY KEY (contract_id, kind)
    )
    """,
    f"""
    CREATE FUNCTION {TABLE}_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {_subtract("")} END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add(TABLE + ".", "EXCLUDED")} END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_change
    AFTER INSERT OR DELETE OR UPDATE OF contract_id, kind, status, value ON {ENTRIES}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_apply()
    """,
    f"""
    CREATE FUNCTION {TABLE}_empty() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TABLE};
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON {ENTRIES}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_empty()
    """,
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS {TABLE}_change ON {ENTRIES}",
    f"DROP FUNCTION IF EXISTS {TABLE}_empty()",
    f"DROP FUNCTION IF EXISTS {TABLE}_apply()",
    f"DROP TABLE IF EXISTS {TABLE}",
]

FILL = f"""
    INSERT INTO {TABLE} (contract_id, kind, approved, pending, draft, entries)
    SELECT contract_id, kind,
        SUM(CASE WHEN status = 'approved' THEN COALESCE(value, 0) ELSE 0 END),
        SUM(CASE WHEN status = 'submitted' THEN COALESCE(value, 0) ELSE 0 END),
        SUM(CASE WHEN status = 'draft' THEN COALESCE(value, 0) ELSE 0 END),
        COUNT(*)
    FROM {ENTRIES} GROUP BY contract_id, kind
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"socialreturn_entrytotals has no triggers for {vendor}")
    for statement in SQLITE if vendor == "sqlite" else POSTGRESQL:
        schema_editor.execute(statement)
    schema_editor.execute(FILL)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_REVERSE if vendor == "sqlite" else POSTGRESQL_REVERSE:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("socialreturn", "0002_entry_totals_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
