"""Receipts written before they were encrypted at rest are encrypted where they lie."""

from __future__ import annotations

from django.db import migrations


def encrypt_kept_receipts(apps, schema_editor):
    from seat.compensation.models import receipt_storage
    from seat.core.privacy.files import encrypt_plain_files

    PaymentLine = apps.get_model("compensation", "PaymentLine")
    names = (
        PaymentLine.objects.using(schema_editor.connection.alias)
        .exclude(receipt="")
        .values_list("receipt", flat=True)
        .iterator()
    )
    encrypt_plain_files(receipt_storage(), names)


class Migration(migrations.Migration):
    dependencies = [("compensation", "0006_rate_card_pays_survivors")]

    # Encrypting cannot be undone by a migration; going back leaves the files encrypted.
    operations = [migrations.RunPython(encrypt_kept_receipts, migrations.RunPython.noop)]
