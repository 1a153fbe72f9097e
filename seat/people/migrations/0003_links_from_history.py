"""Experts who joined before joining codes existed keep the organisations they already work
with: every organisation that invited them, asked them to advise it, owes or paid them, or
represents them gets a link. Nobody gains an organisation she had no dealings with."""

from django.db import migrations


def link_from_history(apps, schema_editor):
    ExpertProfile = apps.get_model("people", "ExpertProfile")
    ExpertLink = apps.get_model("people", "ExpertLink")
    Invitation = apps.get_model("consultations", "Invitation")
    AdvisorRequest = apps.get_model("assessment", "AdvisorRequest")
    PaymentLine = apps.get_model("compensation", "PaymentLine")
    pairs = set(
        Invitation.objects.values_list("expert_id", "consultation__project__organisation_id")
    )
    pairs |= set(AdvisorRequest.objects.values_list("expert_id", "organisation_id"))
    pairs |= set(PaymentLine.objects.values_list("expert_id", "organisation_id"))
    pairs |= set(
        ExpertProfile.objects.filter(represented_by__isnull=False).values_list(
            "id", "represented_by_id"
        )
    )
    ExpertLink.objects.bulk_create(
        [ExpertLink(expert_id=e, organisation_id=o) for e, o in sorted(pairs, key=str)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_join_codes"),
        ("consultations", "0003_answer_within_limit"),
        ("assessment", "0004_advisor_request"),
        ("compensation", "0001_initial"),
    ]

    operations = [migrations.RunPython(link_from_history, migrations.RunPython.noop)]
