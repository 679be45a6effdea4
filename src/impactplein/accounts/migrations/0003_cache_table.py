"""Create the database cache table(s) named in CACHES.

Login rate limits are kept in the cache, and the default cache is the database cache (see
settings.CACHES), so its table must exist wherever ``migrate`` has run. ``createcachetable`` skips
tables that exist and caches that are not database caches, so this is safe to run anywhere.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_area_permission"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
