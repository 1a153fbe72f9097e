"""Identifying data is encrypted at rest and read only through the audited service."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection

from seat.core.models import AuditEvent
from seat.core.privacy.crypto import decrypt, encrypt
from seat.demo.data import DEMO_IDENTIFYING_STRINGS, demo_load
from seat.people.models import ExpertProfile
from seat.people.services import identity_read


def raw_database_dump() -> str:
    """Every cell of every table, read with plain SQL, as the database stores it."""
    cells: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table names from the ORM
            for row in cursor.fetchall():
                cells.extend(str(value) for value in row)
    return "\n".join(cells)


@pytest.mark.django_db
def test_demo_identifying_strings_never_reach_the_database_in_clear():
    demo_load()
    dump = raw_database_dump()
    assert "Tara" in dump  # the dump really holds the demo data
    for secret in DEMO_IDENTIFYING_STRINGS:
        assert secret not in dump


@pytest.mark.django_db
def test_the_person_reads_their_identity_and_the_read_is_audited():
    demo_load()
    tara = ExpertProfile.objects.get(pseudonym="Tara")
    identity = identity_read(actor=tara.user, expert=tara)
    assert identity.legal_name == "Tahmina Akter Rahman"
    event = AuditEvent.objects.filter(verb="identity.read").get()
    assert (event.actor, event.object_id) == (tara.user, str(tara.pk))
    assert "Tahmina" not in str(event.detail)


@pytest.mark.django_db
def test_staff_cannot_read_identity(world):
    with pytest.raises(PermissionDenied):
        identity_read(actor=world.staff_a, expert=world.expert)
    assert not AuditEvent.objects.filter(verb="identity.read").exists()


@pytest.mark.django_db
def test_staff_pages_never_show_identity(client, world):
    client.force_login(world.staff_a)
    for url in [
        f"/projects/consultations/{world.consultation.pk}/",
        f"/input/{world.contribution.pk}/",
    ]:
        body = client.get(url).content.decode()
        assert "Tahmina Secret Name" not in body and "999 111" not in body


def test_encryption_round_trip_and_key_rotation(settings):
    from cryptography.fernet import Fernet

    token = encrypt("নাম")
    assert decrypt(token) == "নাম"
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new_key, *settings.ENCRYPTION_KEYS]
    assert decrypt(token) == "নাম"  # old rows stay readable after a new key is added
    settings.ENCRYPTION_KEYS = [new_key]
    with pytest.raises(ValueError, match="could not be read"):
        decrypt(token)
