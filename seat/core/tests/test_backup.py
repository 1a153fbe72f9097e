"""``seat backup`` and ``seat restore`` (seat/core/backup.py).

Each test runs on the suite's database, SQLite or PostgreSQL: a restore "into a fresh database"
drops every table of the test database first, which is what a new, empty database is. The rows
are compared table by table, for every model Django knows (many-to-many tables included).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from seat.compensation.models import PaymentLine
from seat.compensation.services import payment_approve, payment_pay
from seat.core.backup import MANIFEST_NAME, backup_read_manifest
from seat.tests.personas import World, make_partners, make_world

ON_POSTGRESQL = connection.vendor == "postgresql"
# Her identifying details as make_world gives them: none may be readable in a backup.
IDENTIFYING = [b"Tahmina", b"Secret Name", b"1711 999 111", b"1711999111"]
# A leaf migration (nothing depends on it) that a reverse migration can take away and put back.
LATER_MIGRATION = ("consultations", "0018_plain_summary")

pytestmark = pytest.mark.django_db(transaction=True)


def populate() -> World:
    world = make_world()
    make_partners(world)
    line = PaymentLine.objects.get(contribution=world.contribution)
    line = payment_approve(actor=world.admin_a, payment=line)
    payment_pay(actor=world.finance_a, payment=line, method="bank", reference="T-1")
    return world


def every_row() -> dict[str, list[tuple[Any, ...]]]:
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[model._meta.label] = list(
            model._base_manager.order_by("pk").values_list(*fields)  # type: ignore[attr-defined]
        )
    return rows


def drop_every_table() -> None:
    """Make the test database as empty as a new one."""
    with connection.cursor() as cursor:
        if not ON_POSTGRESQL:
            cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names(cursor):
            cascade = " CASCADE" if ON_POSTGRESQL else ""
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}{cascade}")
        if not ON_POSTGRESQL:
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def plain_dump(path: Path) -> bytes:
    """What the backup's database holds, uncompressed: the bytes someone could read in it."""
    with tarfile.open(path) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST_NAME).read())  # type: ignore[union-attr]
        dump = tar.extractfile(manifest["database_file"]).read()  # type: ignore[union-attr]
    if manifest["vendor"] == "sqlite":
        return gzip.decompress(dump)
    return subprocess.run(
        ["pg_restore", "--file=-"], input=dump, capture_output=True, check=True
    ).stdout


def rewrite(path: Path, *, manifest: dict[str, Any] | None = None, dump: bytes | None = None):
    """The backup at ``path`` with its manifest or its dump replaced (the rest kept)."""
    with tarfile.open(path) as tar:
        old_manifest = json.loads(tar.extractfile(MANIFEST_NAME).read())  # type: ignore[union-attr]
        old_dump = tar.extractfile(old_manifest["database_file"]).read()  # type: ignore[union-attr]
    manifest = manifest or old_manifest
    dump = old_dump if dump is None else dump
    with tarfile.open(path, "w") as tar:
        for name, data in (
            (MANIFEST_NAME, json.dumps(manifest).encode()),
            (manifest["database_file"], dump),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_populated_database_comes_back_row_for_row_into_an_empty_one(tmp_path, capsys):
    populate()
    before = every_row()
    backup = tmp_path / "seat.backup"

    call_command("backup", str(backup))

    said = capsys.readouterr().out
    assert "SEAT_ENCRYPTION_KEYS" in said and "SEAT_SECRET_KEY" in said
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    manifest = backup_read_manifest(backup)
    assert manifest["vendor"] == connection.vendor
    assert manifest["format_version"] == 1
    assert manifest["tables"]["compensation_paymentline"] == PaymentLine.objects.count() == 2
    assert manifest["migrations"] == [
        [app, name] for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    ]
    assert list(tmp_path.iterdir()) == [backup]  # no temporary file left behind

    drop_every_table()
    call_command("restore", str(backup))

    assert every_row() == before
    said = capsys.readouterr()
    assert "Restored the backup" in said.out
    assert said.err == ""


def test_restoring_with_other_keys_warns_that_they_do_not_read_it(tmp_path, settings, capsys):
    populate()
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    drop_every_table()
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    call_command("restore", str(backup))

    assert "do not read the restored encrypted fields" in capsys.readouterr().err


def test_identifying_details_stay_encrypted_in_the_backup(tmp_path):
    world = populate()
    assert world.expert.identity.legal_name == "Tahmina Secret Name"  # type: ignore[attr-defined]
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))

    for content in (backup.read_bytes(), plain_dump(backup)):
        assert [found for found in IDENTIFYING if found in content] == []
    assert b"Tara" in plain_dump(backup)  # her pseudonym is not encrypted: the grep reads rows


def test_replace_puts_the_backup_in_place_of_what_changed_since(tmp_path):
    world = populate()
    before = every_row()
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    world.org_a.name = "Renamed after the backup"
    world.org_a.save()

    call_command("restore", str(backup), replace=True)

    assert every_row() == before


def test_a_database_with_tables_is_refused_and_left_as_it_was(tmp_path):
    populate()
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    before = every_row()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))

    assert refused.value.returncode == 2
    assert str(refused.value).startswith("The database is not empty")
    assert "--replace" in str(refused.value)
    assert every_row() == before


def test_a_damaged_file_is_refused_and_nothing_changes(tmp_path):
    populate()
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    data = backup.read_bytes()
    middle = len(data) * 3 // 4
    flipped = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    no_manifest = io.BytesIO()
    with tarfile.open(fileobj=no_manifest, mode="w") as tar:
        tar.addfile(tarfile.TarInfo("notes.txt"), io.BytesIO(b""))
    before = every_row()

    for damaged in (
        flipped,
        data[: len(data) // 2],
        b"Not a backup at all.\n" * 100,
        no_manifest.getvalue(),
    ):
        backup.write_bytes(damaged)
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(backup), replace=True)

        assert refused.value.returncode == 2
        assert str(refused.value).startswith("This file is not a whole Seat backup")
    assert every_row() == before


def test_a_backup_from_a_newer_seat_is_refused(tmp_path):
    populate()
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    manifest = backup_read_manifest(backup)
    manifest["migrations"].append(["people", "9999_from_the_future"])
    rewrite(backup, manifest=manifest)
    before = every_row()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), replace=True)

    assert refused.value.returncode == 2
    assert "newer Seat" in str(refused.value)
    assert "people.9999_from_the_future" in str(refused.value)
    assert every_row() == before


def test_a_backup_of_another_kind_of_database_is_refused(tmp_path):
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    manifest = backup_read_manifest(backup)
    manifest["vendor"] = "sqlite" if ON_POSTGRESQL else "postgresql"
    manifest["database_file"] = "database.sqlite3.gz" if ON_POSTGRESQL else "database.pgdump"
    rewrite(backup, manifest=manifest)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), replace=True)

    assert refused.value.returncode == 2
    assert "restore it into a" in str(refused.value)


def test_restoring_a_backup_of_an_older_schema_migrates_it(tmp_path):
    app, later = LATER_MIGRATION
    recorder = MigrationRecorder(connection)
    (earlier,) = [
        name
        for parent_app, name in MigrationLoader(connection).graph.node_map[app, later].parents
        if parent_app == app
    ]
    populate()
    backup = tmp_path / "older.backup"
    call_command("migrate", app, earlier, verbosity=0)
    try:
        assert (app, later) not in recorder.applied_migrations()
        call_command("backup", str(backup))
    finally:
        call_command("migrate", app, verbosity=0)
    assert [app, later] not in backup_read_manifest(backup)["migrations"]
    before = every_row()

    drop_every_table()
    call_command("restore", str(backup))

    assert (app, later) in recorder.applied_migrations()
    assert every_row() == before  # the added fields hold their defaults, as before


@pytest.mark.skipif(ON_POSTGRESQL, reason="the command on a new machine is run on SQLite")
def test_the_seat_command_restores_on_a_new_machine(tmp_path):
    populate()
    backup = tmp_path / "seat.backup"
    call_command("backup", str(backup))
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEAT_ENV")},
        "SEAT_DATA_DIR": str(tmp_path / "new-machine"),
    }

    restored = subprocess.run(
        [sys.executable, "-m", "seat.cli", "restore", str(backup)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (restored.returncode, restored.stderr) == (0, "")
    assert "Restored the backup" in restored.stdout
    assert "SEAT_ENCRYPTION_KEYS" in restored.stdout
    assert (tmp_path / "new-machine" / "seat.sqlite3").exists()
    assert settings.DATABASES["default"]["NAME"] != str(tmp_path / "new-machine" / "seat.sqlite3")


@pytest.mark.postgresql
@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore are tested on PostgreSQL")
class TestOnPostgreSQL:
    """Named in .ci/run: its PostgreSQL stage fails if these did not run."""

    def test_the_backup_is_a_pg_dump_archive_restored_in_one_transaction(self, tmp_path):
        populate()
        before = every_row()
        backup = tmp_path / "seat.backup"
        call_command("backup", str(backup))
        with tarfile.open(backup) as tar:
            assert tar.getnames() == [MANIFEST_NAME, "database.pgdump"]
            assert tar.extractfile("database.pgdump").read(5) == b"PGDMP"  # type: ignore[union-attr]
        # A manifest whose counts do not match the dump: the restore, in one transaction, is undone,
        # the old tables it dropped included.
        manifest = backup_read_manifest(backup)
        manifest["tables"]["accounts_organisation"] += 1
        wrong = tmp_path / "wrong.backup"
        wrong.write_bytes(backup.read_bytes())
        rewrite(wrong, manifest=manifest)

        with pytest.raises(CommandError) as failed:
            call_command("restore", str(wrong), replace=True)

        assert failed.value.returncode == 1
        assert "nothing was changed" in str(failed.value)
        assert every_row() == before

        drop_every_table()
        call_command("restore", str(backup))
        assert every_row() == before
