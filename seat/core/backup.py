"""Backup and restore of the whole database (``seat backup FILE``, ``seat restore FILE``).

Why this way: each database's own, ordinary tool makes the copy, because it is fast with a
million rows, exact for every column type and consistent while Seat keeps running.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database page by page
  into a new file, a consistent snapshot even while the server writes; gzip makes it smaller.
- PostgreSQL: ``pg_dump --format=custom`` (compressed, restorable by ``pg_restore``), run on a
  snapshot exported from a repeatable-read transaction in which the manifest's migrations and
  row counts are read too, so the manifest describes exactly the rows in the dump.

Either is wrapped in a small tar archive: ``manifest.json`` first (format version, vendor, Seat
version, the migrations applied, when it was made, each table's row count, the dump's size and
SHA-256), then the dump. A portable format (``dumpdata``) was not chosen: it holds every row in
memory, is slow at this size and loses nothing we need, since a backup is restored into the same
kind of database (the manifest says which, and restore refuses another).

The archive is written to a temporary file beside FILE and renamed into place, so FILE is
either the previous one or a whole new backup, never half a file; it is readable by its owner
only. Nothing here prints or logs row content: only table names and counts.

Encrypted fields are ciphertext in the database and stay so in the backup. The keys are never in
it: ``key_sources`` says where they come from, and they must be kept apart from the backups.

Restore checks everything before it changes anything: the archive, its manifest, the checksum,
the vendor, that no migration in it is unknown to this code (a backup from a newer Seat), and
that the target database is empty (or ``replace``). Then it restores in one transaction on
PostgreSQL (dropping the old tables in the same one with ``replace``), or by the same backup API
on SQLite, checks the row counts, and runs ``migrate``, so a backup from an older Seat is
brought up to this code's schema.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = "seat-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3.gz", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024
# Table names come from the manifest into SQL on restore: only plain identifiers are accepted.
TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class BackupError(Exception):
    """A backup that cannot be made or restored. The message is for the operator and never
    holds row content; ``returncode`` is the command's exit status (2: refused, nothing changed;
    1: a tool failed)."""

    def __init__(self, message: str, returncode: int = 2) -> None:
        super().__init__(message)
        self.returncode = returncode


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    migrations_applied: list[str]  # "app.name" that migrate applied after the restore
    # Whether this Seat's keys read the restored encrypted fields (None: there were none).
    keys_read: bool | None


def seat_version() -> str:
    try:
        return version("seat")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree that was not installed
        return "unknown"


def key_sources() -> list[str]:
    """Where this process's keys come from, in sentences for the operator (never the keys)."""
    lines = []
    for setting, variable, demo_file in (
        ("ENCRYPTION_KEYS", "SEAT_ENCRYPTION_KEYS", "encryption-key"),
        ("SECRET_KEY", "SEAT_SECRET_KEY", "secret-key"),
    ):
        if os.environ.get(variable):
            where = _("the environment variable %(name)s") % {"name": variable}
        elif os.environ.get(f"{variable}_FILE"):
            where = _("the file %(path)s (named by %(name)s)") % {
                "path": os.environ[f"{variable}_FILE"],
                "name": f"{variable}_FILE",
            }
        elif settings.DEMO:
            where = _("the demo's file %(path)s") % {"path": settings.DATA_DIR / demo_file}
        else:
            where = _("the development key built into Seat (set %(name)s in production)") % {
                "name": variable
            }
        lines.append(_("%(setting)s comes from %(where)s.") % {"setting": setting, "where": where})
    if not settings.DEMO and (settings.DATA_DIR / "encryption-key").exists():
        lines.append(
            _(
                "This data folder also holds the keys of `seat demo` (%(folder)s): a database "
                "made by `seat demo` is encrypted with those."
            )
            % {"folder": settings.DATA_DIR}
        )
    return lines


# ---------------------------------------------------------------------------------------------
# Backup


def backup_create(*, path: Path, using: str = "default") -> dict[str, Any]:
    """Write a backup of database ``using`` to ``path`` (replaced atomically); return its manifest."""
    connection = connections[using]
    path = Path(path).resolve()
    if not path.parent.is_dir():
        raise BackupError(
            _("The folder %(folder)s does not exist.") % {"folder": path.parent}, returncode=1
        )
    if connection.in_atomic_block:
        raise BackupError(_("A backup is made outside any transaction."), returncode=1)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".seat-backup-") as work_dir:
        work = Path(work_dir)
        if connection.vendor == "sqlite":
            dump, migrations, tables = _sqlite_dump(connection, work)
        elif connection.vendor == "postgresql":
            dump, migrations, tables = _postgresql_dump(connection, work)
        else:
            raise BackupError(
                _("Seat cannot back up a %(vendor)s database.") % {"vendor": connection.vendor},
                returncode=1,
            )
        digest, size = _sha256(dump)
        now = datetime.datetime.now(datetime.UTC)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "vendor": connection.vendor,
            "seat_version": seat_version(),
            "created_at": now.isoformat(timespec="seconds"),
            "migrations": migrations,
            "tables": tables,
            "database_file": dump.name,
            "size": size,
            "sha256": digest,
            "keys": "not included: back up SEAT_ENCRYPTION_KEYS and SEAT_SECRET_KEY apart",
        }
        archive = work / "archive.tar"
        with archive.open("wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mode, info.mtime = (
                len(data),
                0o600,
                int(now.timestamp()),
            )
            tar.addfile(info, BytesIO(data))
            info = tar.gettarinfo(str(dump), arcname=dump.name)
            info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
            with dump.open("rb") as dumped:
                tar.addfile(info, dumped)
        with archive.open("rb+") as written:
            os.fsync(written.fileno())
        archive.chmod(0o600)
        os.replace(archive, path)
        _fsync_folder(path.parent)
    return manifest


def _sqlite_dump(
    connection: BaseDatabaseWrapper, work: Path
) -> tuple[Path, list[list[str]], dict[str, int]]:
    connection.ensure_connection()
    snapshot = work / "snapshot.sqlite3"
    copy = sqlite3.connect(snapshot)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        migrations, tables = _sqlite_contents(copy)
    finally:
        copy.close()
    dump = work / DUMP_NAMES["sqlite"]
    with snapshot.open("rb") as source, gzip.open(dump, "wb", compresslevel=6) as target:
        shutil.copyfileobj(source, target, CHUNK)
    snapshot.unlink()
    return dump, migrations, tables


def _sqlite_contents(db: sqlite3.Connection) -> tuple[list[list[str]], dict[str, int]]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables = {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
    migrations: list[list[str]] = []
    if "django_migrations" in tables:
        migrations = [
            [app, name]
            for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY id")
        ]
    return migrations, tables


def _postgresql_dump(
    connection: BaseDatabaseWrapper, work: Path
) -> tuple[Path, list[list[str]], dict[str, int]]:
    dump = work / DUMP_NAMES["postgresql"]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        names = sorted(connection.introspection.table_names(cursor))
        tables = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            tables[name] = cursor.fetchone()[0]
        migrations: list[list[str]] = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = [[app, name] for app, name in cursor.fetchall()]
        # pg_dump reads the same snapshot while this transaction stays open.
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ],
            env=_pg_env(connection),
            what="pg_dump",
        )
    return dump, migrations, tables


# ---------------------------------------------------------------------------------------------
# Restore


def backup_read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the backup at ``path``, checked for its format (not its checksum)."""
    with _open_archive(path) as tar:
        return _manifest(tar)


def backup_restore(*, path: Path, replace: bool = False, using: str = "default") -> Restored:
    """Restore the backup at ``path`` into database ``using``, then migrate it to this code.

    Refuses (``BackupError``, nothing changed) a damaged or foreign file, a backup of another
    kind of database or from a newer Seat, and a database that has tables unless ``replace``.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(_("A restore runs outside any transaction."), returncode=1)
    with _open_archive(path) as tar, tempfile.TemporaryDirectory(prefix="seat-restore-") as work:
        manifest = _manifest(tar)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                _(
                    "This backup is of a %(backup)s database and this Seat uses %(current)s: "
                    "restore it into a %(backup)s database."
                )
                % {"backup": manifest["vendor"], "current": connection.vendor}
            )
        _refuse_newer(manifest)
        existing = connection.introspection.table_names()
        if existing and not replace:
            raise BackupError(
                ngettext(
                    "The database is not empty (it has %(count)s table), so nothing was "
                    "restored. Restore into an empty database, or add --replace to delete "
                    "everything in this one and put the backup in its place.",
                    "The database is not empty (it has %(count)s tables), so nothing was "
                    "restored. Restore into an empty database, or add --replace to delete "
                    "everything in this one and put the backup in its place.",
                    len(existing),
                )
                % {"count": len(existing)}
            )
        dump = _extract_checked(tar, manifest, Path(work))
        if manifest["vendor"] == "sqlite":
            _sqlite_restore(connection, dump, manifest, Path(work))
        else:
            _postgresql_restore(connection, dump, manifest, existing if replace else [])
    connection.close()
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    before = {tuple(m) for m in manifest["migrations"]}
    call_command("migrate", database=using, interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        applied = [f"{app}.{name}" for app, name in cursor.fetchall() if (app, name) not in before]
    return Restored(manifest=manifest, migrations_applied=applied, keys_read=_keys_read(connection))


def _keys_read(connection: BaseDatabaseWrapper) -> bool | None:
    """Whether the configured keys decrypt one stored value of each encrypted column: restoring
    with the wrong keys is the easy mistake on a new machine, and the one that loses most."""
    from django.apps import apps

    from seat.core.privacy.crypto import EncryptedTextField, decrypt

    quote = connection.ops.quote_name
    found = None
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedTextField):
                    continue
                column, table = quote(str(field.column)), quote(model._meta.db_table)
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> '' LIMIT 1")  # noqa: S608
                row = cursor.fetchone()
                if row is None:
                    continue
                try:
                    decrypt(row[0])
                except ValueError:
                    return False
                found = True
    return found


@contextmanager
def _open_archive(path: Path) -> Iterator[tarfile.TarFile]:
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no file at %(path)s.") % {"path": path})
    try:
        with tarfile.open(path, mode="r:") as tar:
            yield tar
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _damaged() from error


def _damaged() -> BackupError:
    return BackupError(
        _(
            "This file is not a whole Seat backup: it is damaged, cut short or another kind of "
            "file. Nothing was restored. Use another copy of the backup."
        )
    )


def _manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST_NAME)
        reader = tar.extractfile(member)
        if reader is None or member.size > CHUNK:
            raise _damaged()
        manifest = json.loads(reader.read().decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError) as error:
        raise _damaged() from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged()
    if (
        not isinstance(manifest.get("format_version"), int)
        or manifest["format_version"] > FORMAT_VERSION
    ):
        raise BackupError(
            _(
                "This backup was written in a newer backup format (version %(found)s) than this "
                "Seat reads (version %(known)s). Update Seat, then restore."
            )
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    vendor = manifest.get("vendor")
    tables = manifest.get("tables")
    migrations = manifest.get("migrations")
    if (
        vendor not in DUMP_NAMES
        or manifest.get("database_file") != DUMP_NAMES[vendor]
        or not isinstance(manifest.get("sha256"), str)
        or not isinstance(manifest.get("size"), int)
        or not isinstance(tables, dict)
        or not all(TABLE_NAME.match(str(t)) and isinstance(n, int) for t, n in tables.items())
        or not isinstance(migrations, list)
        or not all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m)
            for m in migrations
        )
    ):
        raise _damaged()
    return manifest


def _refuse_newer(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            ngettext(
                "This backup was made by a newer Seat (%(version)s): its database has "
                "%(count)s migration this Seat does not know, %(example)s. Nothing was "
                "restored. Install that version of Seat or a later one, then restore.",
                "This backup was made by a newer Seat (%(version)s): its database has "
                "%(count)s migrations this Seat does not know, such as %(example)s. Nothing was "
                "restored. Install that version of Seat or a later one, then restore.",
                len(unknown),
            )
            % {"version": manifest["seat_version"], "count": len(unknown), "example": unknown[0]}
        )


def _extract_checked(tar: tarfile.TarFile, manifest: dict[str, Any], work: Path) -> Path:
    target = work / manifest["database_file"]
    digest = hashlib.sha256()
    try:
        member = tar.getmember(manifest["database_file"])
        reader = tar.extractfile(member)
        if reader is None:
            raise _damaged()
        with target.open("wb") as out:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except KeyError as error:
        raise _damaged() from error
    if target.stat().st_size != manifest["size"] or digest.hexdigest() != manifest["sha256"]:
        raise _damaged()
    return target


def _sqlite_restore(
    connection: BaseDatabaseWrapper, dump: Path, manifest: dict[str, Any], work: Path
) -> None:
    database = work / "restore.sqlite3"
    try:
        with gzip.open(dump, "rb") as source, database.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
    except (OSError, EOFError, zlib.error) as error:
        raise _damaged() from error
    source_db = sqlite3.connect(database)
    try:
        try:
            ok = source_db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            migrations, tables = _sqlite_contents(source_db)
        except sqlite3.DatabaseError as error:
            raise _damaged() from error
        if not ok or tables != manifest["tables"] or migrations != manifest["migrations"]:
            raise _damaged()
        connection.close()
        connection.ensure_connection()
        source_db.backup(connection.connection)
    finally:
        source_db.close()
        connection.close()


def _postgresql_restore(
    connection: BaseDatabaseWrapper, dump: Path, manifest: dict[str, Any], drop: list[str]
) -> None:
    """pg_restore's SQL, run by psql in one transaction with the old tables' removal before it
    and a check of every table's row count after it: all of it happens, or none."""
    env = _pg_env(connection)
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    listed = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(dump)], capture_output=True, env=env, check=False
    )
    if listed.returncode != 0:
        raise BackupError(
            _(
                "pg_restore cannot read this backup's dump (made by a newer PostgreSQL, or "
                "damaged). Nothing was restored. Install the PostgreSQL client of the version "
                "that made it, or a later one."
            )
        )
    quote = connection.ops.quote_name
    before = "".join(f"DROP TABLE IF EXISTS public.{quote(t)} CASCADE;\n" for t in drop)
    # Names are plain identifiers (checked in _manifest) and quoted; counts are integers.
    checks = "".join(
        f"  IF (SELECT count(*) FROM public.{quote(t)}) <> {int(n)} THEN "  # noqa: S608
        f"RAISE EXCEPTION 'the row count of a table differs from the backup''s manifest'; "
        f"END IF;\n"
        for t, n in manifest["tables"].items()
    )
    after = f"DO $$\nBEGIN\n{checks}END\n$$;\n" if checks else ""
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        producer = subprocess.Popen(  # noqa: S603
            [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_err,
            env=env,
        )
        consumer = subprocess.Popen(  # noqa: S603
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "-v",
                "ON_ERROR_STOP=1",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        assert producer.stdout is not None and consumer.stdin is not None
        try:
            consumer.stdin.write(before.encode())
            shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK)
            consumer.stdin.write(after.encode())
            consumer.stdin.close()
        except BrokenPipeError:
            pass
        producer.stdout.close()
        failed = [producer.wait() != 0, consumer.wait() != 0]
        if any(failed):
            raise BackupError(
                _(
                    "PostgreSQL did not accept the restore, so nothing was changed (it runs in "
                    "one transaction). %(error)s"
                )
                % {"error": _first_error(psql_err if failed[1] else restore_err)},
                returncode=1,
            )


def _first_error(stream: IO[bytes]) -> str:
    """The first error line of a tool, with anything quoted in it removed (it may be a value)."""
    stream.seek(0)
    for line in stream.read().decode("utf-8", "replace").splitlines():
        if "ERROR:" in line or "error:" in line:
            message = line.split("ERROR:", 1)[-1].split("error:", 1)[-1].strip()
            return re.sub(r"\"[^\"]*\"|'[^']*'|\([^)]*\)=\([^)]*\)", "…", message)[:300]
    return ""


# ---------------------------------------------------------------------------------------------
# Shared


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "%(tool)s is not installed. Install the PostgreSQL client tools "
                "(on Debian: apt-get install postgresql-client)."
            )
            % {"tool": name},
            returncode=1,
        )
    return found


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The connection for PostgreSQL's tools, through their environment: a password never
    appears in a process list."""
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        with tempfile.TemporaryFile() as err:
            err.write(result.stderr)
            raise BackupError(
                _("%(tool)s failed: %(error)s") % {"tool": what, "error": _first_error(err)},
                returncode=1,
            )


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as data:
        while chunk := data.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
