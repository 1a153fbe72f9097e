"""Create the database cache table used for login throttling when there is no Redis.

Without it, `seat migrate` followed by a login would fail; createcachetable is idempotent and
does nothing for caches that are not database-backed.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
