"""An index that holds exactly what the portfolio dashboard sums: entry values by contract, form
of fulfilment and status. With it the database reads the index instead of the whole entries
table (with descriptions and valuation inputs), which keeps the dashboard of 10,000 contracts and
200,000 entries within its time (issue #4, ``bench/socialreturn.py``).

Plain SQL that SQLite and PostgreSQL both understand; it is not in the model's ``Meta`` because
it serves one read (``selectors.dashboards.portfolio``), not the model's invariants.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("socialreturn", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX socialreturn_entry_totals_idx ON socialreturn_fulfilmententry "
                "(contract_id, kind, status, value)"
            ),
            reverse_sql="DROP INDEX socialreturn_entry_totals_idx",
        ),
    ]
