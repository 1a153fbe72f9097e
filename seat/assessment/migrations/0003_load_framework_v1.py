"""Load the first framework file into the database, so every installation starts with it.

Later versions get their own file and their own data migration; this one always loads v1.
"""

from django.db import migrations


def load(apps, schema_editor):
    from seat.assessment.framework import FRAMEWORK_DIR, framework_read
    from seat.assessment.services import framework_store

    spec = framework_read(FRAMEWORK_DIR / "survivor_informed_v1.toml")
    framework_store(
        spec,
        models=(
            apps.get_model("assessment", "Framework"),
            apps.get_model("assessment", "Domain"),
            apps.get_model("assessment", "Indicator"),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_translations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
