"""Store the framework's translations into Hindi, Nepali, Indonesian, Khmer, Tagalog, French and
Arabic in installations that loaded it before they existed (the same version, new wording:
what ``seat load_framework`` does by hand)."""

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
    dependencies = [("assessment", "0005_advisor_paid_per_round")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
