"""Store the framework's translations into Hindi, Nepali, Indonesian, Khmer, Tagalog, French and
Arabic in installations that loaded it before they existed (the same version, new wording:
what ``seat load_framework`` does by hand). The loading is 0003's, run again."""

from importlib import import_module

from django.db import migrations

load = import_module("seat.assessment.migrations.0003_load_framework_v1").load


class Migration(migrations.Migration):
    dependencies = [("assessment", "0005_advisor_paid_per_round")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
