"""File earlier audit events under their organisation where that is cheap to tell: the id named
in the event's detail, events about an organisation itself, and events about its memberships and
member invitations. Other earlier events stay unfiled (no organisation's log shows them); new
events are filed as they are written (seat.core.privacy.audit)."""

import uuid

from django.db import migrations

# Models of the accounts app that hold the organisation they belong to.
_OWNED = ("membership", "memberinvitation")


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def fill(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    unfiled = AuditEvent.objects.filter(organisation_id__isnull=True)
    batch = []
    for event in unfiled.filter(detail__organisation__isnull=False).iterator(chunk_size=500):
        event.organisation_id = _uuid(event.detail.get("organisation"))
        if event.organisation_id:
            batch.append(event)
    AuditEvent.objects.bulk_update(batch, ["organisation_id"], batch_size=500)
    batch = []
    for event in unfiled.filter(object_type="accounts.organisation").iterator(chunk_size=500):
        event.organisation_id = _uuid(event.object_id)
        if event.organisation_id:
            batch.append(event)
    AuditEvent.objects.bulk_update(batch, ["organisation_id"], batch_size=500)
    for model_name in _OWNED:
        model = apps.get_model("accounts", model_name)
        events = unfiled.filter(object_type=f"accounts.{model_name}")
        ids = {_uuid(i) for i in events.values_list("object_id", flat=True)} - {None}
        owner = dict(model.objects.filter(pk__in=ids).values_list("pk", "organisation_id"))
        batch = []
        for event in events.iterator(chunk_size=500):
            event.organisation_id = owner.get(_uuid(event.object_id))
            if event.organisation_id:
                batch.append(event)
        AuditEvent.objects.bulk_update(batch, ["organisation_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_event_organisation"),
        ("accounts", "0013_user_session"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
