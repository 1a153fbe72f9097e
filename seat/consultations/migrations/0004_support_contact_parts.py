"""The support contact in parts a survivor can use: who to ask for, a number to tap, its hours.

The old free text is kept whole as the name, so nothing anyone wrote is lost. When it holds
exactly one number written in international form, that number becomes the tap-to-call phone too;
a number without its country code (or two numbers) is left in the text for staff to fill in.
"""

import re

from django.db import migrations, models

import seat.consultations.models

INTERNATIONAL = re.compile(r"(?:\+|\b00)\d[\d \-.]{5,22}\d(?![\d:])")


def split_support_contact(apps, schema_editor):
    from seat.core.phone import PhoneError, phone_normalise

    Consultation = apps.get_model("consultations", "Consultation")
    for consultation in Consultation.objects.exclude(support_contact=""):
        text = consultation.support_contact.strip()
        consultation.support_name = text
        numbers = INTERNATIONAL.findall(text)
        if len(numbers) == 1:
            try:
                consultation.support_phone = phone_normalise(numbers[0])
            except PhoneError:
                pass
        consultation.save(update_fields=["support_name", "support_phone"])


def join_support_contact(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    for consultation in Consultation.objects.all():
        parts = [consultation.support_name, consultation.support_phone, consultation.support_hours]
        # The name kept the old text, which already holds a number taken from it.
        parts = [p for p in parts if p and (p == parts[0] or p not in parts[0])]
        consultation.support_contact = " · ".join(parts)[:300]
        consultation.save(update_fields=["support_contact"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_answer_within_limit"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="support_hours",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="when the phone is answered"
            ),
        ),
        migrations.AddField(
            model_name="consultation",
            name="support_name",
            field=models.CharField(blank=True, max_length=300, verbose_name="who to ask for help"),
        ),
        migrations.AddField(
            model_name="consultation",
            name="support_phone",
            field=models.CharField(
                blank=True,
                max_length=32,
                validators=[seat.consultations.models.validate_phone],
                verbose_name="support phone number",
            ),
        ),
        migrations.RunPython(split_support_contact, join_support_contact),
        migrations.RemoveField(
            model_name="consultation",
            name="support_contact",
        ),
    ]
