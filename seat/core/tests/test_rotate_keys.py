"""``seat rotate-keys`` (seat/core/privacy/rotation.py) and values whose key was lost
(seat/core/privacy/crypto.py).

Rows are written under an "old" key, then a new key is put first, as an operator would, and the
command re-encrypts them. Every check reads the columns with plain SQL: what the database holds.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import shutil
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from seat.consultations.models import KeptAnswer
from seat.consultations.selectors import kept_answer_for
from seat.core.backup import _pg_env
from seat.core.models import AuditEvent
from seat.core.privacy import crypto, rotation
from seat.core.privacy.crypto import configured_keys, key_id
from seat.core.privacy.rotation import AUDIT_VERB, encrypted_columns, read_token
from seat.notifications.models import ContactChoice
from seat.people.models import DiversitySelfId, ExpertIdentity
from seat.people.services import identity_update
from seat.tests.personas import World

ON_POSTGRESQL = connection.vendor == "postgresql"
NAME = "Zorabelle Quintrix"
PHONE = "+880 1799 424242"
EMAIL = "zorabelle.quintrix@example.org"
OWN_WORDS = "Quintrixian of the hills"
IDENTIFYING = [NAME, "Zorabelle", "Quintrix", PHONE, "1799 424242", EMAIL, OWN_WORDS]


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def raw(model, name: str, pk) -> str:
    """The column as stored."""
    field = model._meta.get_field(name)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [model._meta.pk.get_db_prep_value(pk, connection)],
        )
        return cursor.fetchone()[0]


def every_token() -> dict[tuple[str, str], list[str]]:
    tokens = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, field in encrypted_columns():
            cursor.execute(
                f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
                f"WHERE {quote(field.column)} <> '' ORDER BY 1"
            )
            tokens[(model._meta.label, field.name)] = [row[0] for row in cursor.fetchall()]
    return tokens


def keys_of_every_token() -> set[str | None]:
    keys = configured_keys()
    return {
        (read := read_token(token, keys)) and read[0]
        for tokens in every_token().values()
        for token in tokens
    }


def her_rows(world: World) -> None:
    """Her details in three models, under whatever key is first now."""
    ExpertIdentity.objects.update_or_create(
        profile=world.expert, defaults={"legal_name": NAME, "phone": PHONE, "email": EMAIL}
    )
    ContactChoice.objects.update_or_create(
        user=world.expert.user, defaults={"by_email": True, "email": EMAIL, "phone": PHONE}
    )
    DiversitySelfId.objects.update_or_create(
        profile=world.expert, defaults={"gender": "woman", "gender_words": OWN_WORDS}
    )


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_then_new(settings, world):
    """Rows written under ``old``; then ``new`` is put first, ``old`` kept after it."""
    old, new = new_key(), new_key()
    settings.ENCRYPTION_KEYS = [old]
    her_rows(world)
    settings.ENCRYPTION_KEYS = [new, old]
    return world, old, new


@pytest.mark.django_db
def test_every_value_of_every_model_is_re_encrypted_under_the_first_key(settings, old_then_new):
    world, old, new = old_then_new
    assert keys_of_every_token() == {key_id(old)}

    said = rotate()

    assert keys_of_every_token() == {key_id(new)}
    for label in [
        "people.ExpertIdentity.legal_name",
        "people.ExpertIdentity.phone",
        "notifications.ContactChoice.email",
        "people.DiversitySelfId.gender_words",
    ]:
        assert label in said
    assert f"under {key_id(new)}" in said
    # The ORM reads what she wrote, the old key gone.
    settings.ENCRYPTION_KEYS = [new]
    identity = ExpertIdentity.objects.get(profile=world.expert)
    assert (identity.legal_name, identity.phone) == (NAME, PHONE)
    assert ContactChoice.objects.get(user=world.expert.user).email == EMAIL
    assert DiversitySelfId.objects.get(profile=world.expert).gender_words == OWN_WORDS
    for secret in IDENTIFYING:
        assert secret not in said


@pytest.mark.django_db
def test_a_second_run_re_encrypts_nothing(old_then_new):
    rotate()
    before = every_token()

    said = rotate()

    assert "\n0 values re-encrypted" in said
    assert every_token() == before


@pytest.mark.django_db
def test_each_batch_is_one_audit_event_with_counts_and_key_ids_only(old_then_new):
    _world, old, new = old_then_new
    total = sum(len(tokens) for tokens in every_token().values())

    rotate("--batch-size", "2")

    events = list(AuditEvent.objects.filter(verb=AUDIT_VERB))
    assert sum(event.detail["rows"] for event in events) == total
    assert all(event.detail["rows"] <= 2 for event in events)
    assert {event.detail["to_key"] for event in events} == {key_id(new)}
    assert {k for event in events for k in event.detail["from_keys"]} == {key_id(old)}
    text = repr([(e.object_type, e.object_id, e.detail) for e in events])
    for secret in [*IDENTIFYING, old, new]:
        assert secret not in text


@pytest.mark.django_db
def test_a_dry_run_counts_per_field_and_key_and_writes_nothing(old_then_new):
    _world, old, _new = old_then_new
    before, audited = every_token(), AuditEvent.objects.count()

    said = rotate("--dry-run")

    assert every_token() == before
    assert AuditEvent.objects.count() == audited
    assert f"people.ExpertIdentity.legal_name: 1 values (by key: {key_id(old)} 1)" in said
    assert "Dry run, nothing written" in said


@pytest.mark.django_db
def test_a_change_saved_between_the_read_and_the_write_is_kept(old_then_new, monkeypatch):
    world, _old, new = old_then_new
    real = rotation.reencrypt

    def someone_saves_meanwhile(plaintext, first):
        if plaintext == NAME.encode():
            ExpertIdentity.objects.filter(profile=world.expert).update(legal_name="Her New Name")
        return real(plaintext, first)

    monkeypatch.setattr(rotation, "reencrypt", someone_saves_meanwhile)

    said = rotate()

    assert ExpertIdentity.objects.get(profile=world.expert).legal_name == "Her New Name"
    assert "1 values were saved by someone meanwhile" in said
    assert keys_of_every_token() == {key_id(new)}


@pytest.mark.django_db
def test_values_under_no_configured_key_fail_the_command_naming_fields_and_counts(
    settings, old_then_new
):
    world, old, new = old_then_new
    lost = new_key()
    settings.ENCRYPTION_KEYS = [lost]
    ExpertIdentity.objects.filter(profile=world.expert).update(legal_name=NAME)
    settings.ENCRYPTION_KEYS = [new, old]

    with pytest.raises(CommandError) as failed:
        rotate()

    assert failed.value.returncode == 1
    message = str(failed.value)
    assert "1 values are under no configured key" in message
    assert "people.ExpertIdentity.legal_name: 1" in message
    for secret in IDENTIFYING:
        assert secret not in message
    # Everything readable was rotated all the same; the unreadable token is left as it was.
    assert keys_of_every_token() == {key_id(new), None}


@pytest.mark.django_db
def test_a_value_whose_key_was_lost_reads_empty_and_survives_a_save(
    settings, world, caplog, monkeypatch
):
    monkeypatch.setattr(crypto, "_WARNED_FIELDS", set())
    lost = new_key()
    settings.ENCRYPTION_KEYS = [lost]
    her_rows(world)
    settings.ENCRYPTION_KEYS = [new_key()]
    token = raw(ExpertIdentity, "legal_name", world.expert.pk)

    with caplog.at_level(logging.WARNING, logger="seat.core.privacy.crypto"):
        identity = ExpertIdentity.objects.get(profile=world.expert)
        assert (identity.legal_name, identity.phone) == ("", "")
        assert not identity.legal_name
        # Another field saved: the unreadable ones are written back as they were.
        identity.email = "new@example.org"
        identity.save()
    assert raw(ExpertIdentity, "legal_name", world.expert.pk) == token
    assert "people.ExpertIdentity.legal_name" in caplog.text
    for secret in [*IDENTIFYING, token]:
        assert secret not in caplog.text

    # Her form posts the empty field back: still kept. What she types replaces it.
    identity_update(actor=world.expert.user, expert=world.expert, legal_name="", phone="")
    assert raw(ExpertIdentity, "legal_name", world.expert.pk) == token
    identity_update(actor=world.expert.user, expert=world.expert, legal_name="Zora Q")
    identity = ExpertIdentity.objects.get(profile=world.expert)
    assert identity.legal_name == "Zora Q"
    assert identity.email == "new@example.org"
    assert raw(ExpertIdentity, "phone", world.expert.pk) != ""


def sqlite_dump() -> str:
    return "\n".join(connection.connection.iterdump())


@pytest.mark.skipif(ON_POSTGRESQL, reason="iterdump is SQLite's; TestOnPostgreSQL uses pg_dump")
@pytest.mark.django_db
def test_a_database_dump_holds_no_identifying_string_before_or_after_rotation(old_then_new):
    world, _old, _new = old_then_new
    dump_holds_nothing_identifying(world, sqlite_dump)


def dump_holds_nothing_identifying(world: World, dump) -> None:
    before = dump()
    assert "Organisation A" in before  # the dump holds the rows
    rotate()
    after = dump()
    assert after != before
    for secret in IDENTIFYING:
        assert secret not in before
        assert secret not in after
    identity = ExpertIdentity.objects.get(profile=world.expert)
    assert (identity.legal_name, identity.phone, identity.email) == (NAME, PHONE, EMAIL)


def pg_dump() -> str:
    tool = shutil.which("pg_dump")
    assert tool, "pg_dump is not installed (apt-get install postgresql-client)"
    return subprocess.run(  # noqa: S603
        [tool, "--data-only"], capture_output=True, env=_pg_env(connection), check=True, text=True
    ).stdout


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
class TestOnPostgreSQL:
    """Named in .ci/run: its PostgreSQL stage fails if these did not run."""

    def test_pg_dump_holds_no_identifying_string_before_or_after_rotation(self, old_then_new):
        world, _old, _new = old_then_new
        dump_holds_nothing_identifying(world, pg_dump)


def test_new_key_prints_a_fernet_key_and_how_to_put_it_first(tmp_path):
    env = {**os.environ, "SEAT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 - the seat command, as people type it
        [sys.executable, "-m", "seat.cli", "rotate-keys", "--new-key"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    key, advice = done.stdout.splitlines()
    Fernet(key.encode())  # a valid key
    assert f"Key id {key_id(key)}" in advice
    assert "first in SEAT_ENCRYPTION_KEYS" in advice
    assert key not in done.stderr


@pytest.mark.django_db
def test_an_answer_kept_under_a_lost_key_is_no_answer_kept(settings, world):
    settings.ENCRYPTION_KEYS = [new_key()]
    KeptAnswer.objects.create(
        invitation=world.invitation,
        fields=json.dumps({"answer": NAME}),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    settings.ENCRYPTION_KEYS = [new_key()]

    assert kept_answer_for(invitation=world.invitation) is None
