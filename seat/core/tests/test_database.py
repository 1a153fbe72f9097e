"""The embedded SQLite default: write-ahead log, a bounded wait for locks, NORMAL sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.db.utils import ConnectionHandler

from seat.core.database import sqlite_database


def test_sqlite_connections_use_wal_normal_sync_and_a_busy_timeout(tmp_path, django_db_blocker):
    # The test database may be in memory, where WAL does not exist: probe a file like the real one.
    probe = ConnectionHandler({"default": sqlite_database(tmp_path / "probe.sqlite3")})["default"]
    with django_db_blocker.unblock():
        try:
            with probe.cursor() as cursor:
                pragmas = {}
                for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
                    cursor.execute(f"PRAGMA {name}")
                    pragmas[name] = cursor.fetchone()[0]
        finally:
            probe.close()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 5000,
        "foreign_keys": 1,
    }
    assert probe.transaction_mode == "IMMEDIATE"


def database_settings(tmp_path, **environ: str) -> dict:
    """``DATABASES['default']`` as seat.settings makes it in a fresh process, from this
    environment without any database setting, plus ``environ``."""
    drop = {"DATABASE_URL", "SEAT_ENV", "SEAT_DB_PREPARE_AFTER"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(SEAT_DATA_DIR=str(tmp_path), **environ)
    script = "import json, seat.settings as s; print(json.dumps(s.DATABASES['default']))"
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def test_the_embedded_default_is_that_sqlite_configuration(tmp_path):
    assert database_settings(tmp_path) == sqlite_database(tmp_path / "seat.sqlite3")


def test_a_server_thread_keeps_its_sqlite_connection_between_requests(tmp_path, django_db_blocker):
    """Opening a connection runs the pragmas and registers Django's SQL functions each time:
    kept for a minute, as with PostgreSQL, it costs a page nothing (bench/server.py)."""
    probe = ConnectionHandler({"default": sqlite_database(tmp_path / "probe.sqlite3")})["default"]
    with django_db_blocker.unblock():
        try:
            probe.ensure_connection()
            first = probe.connection
            probe.close_if_unusable_or_obsolete()  # what Django does at the end of each request
            assert probe.connection is first
        finally:
            probe.close()


POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/seat"


def test_postgresql_statements_a_connection_repeats_are_prepared(tmp_path):
    options = database_settings(tmp_path, DATABASE_URL=POSTGRESQL)["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}
    options = database_settings(tmp_path, DATABASE_URL=POSTGRESQL, SEAT_DB_PREPARE_AFTER="2")[
        "OPTIONS"
    ]
    assert options["prepare_threshold"] == 2


def test_without_prepared_statements_for_a_pooler_in_transaction_mode(tmp_path):
    settings = database_settings(tmp_path, DATABASE_URL=POSTGRESQL, SEAT_DB_PREPARE_AFTER="0")
    assert "server_side_binding" not in settings.get("OPTIONS", {})
    assert "prepare_threshold" not in settings.get("OPTIONS", {})
