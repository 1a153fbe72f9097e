"""/readyz: the database answers, every migration is applied, the shared cache answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from seat.core import readiness

READY = {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok"}


@pytest.fixture(autouse=True)
def _ask_about_migrations_again(monkeypatch):
    monkeypatch.setattr(readiness, "_migrated", False)


@pytest.mark.django_db
def test_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == READY
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_database_that_does_not_answer(client, monkeypatch):
    def refuse():
        raise ConnectionError("could not connect to db.internal.example.org")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "migrations": "unknown",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_migrations_not_applied(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {**READY, "status": "error", "migrations": "pending"}


@pytest.mark.django_db
def test_a_shared_cache_that_does_not_answer_names_no_host(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis.internal.example.org:6379.")

    monkeypatch.setattr(caches["axes"], "get", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {**READY, "status": "error", "cache": "unavailable"}
    assert b"example.org" not in response.content and b"6379" not in response.content


@pytest.mark.django_db
def test_probes_answer_over_plain_http_in_production(client, settings):
    """A container's healthcheck asks the server directly, without TLS: no redirect."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.django_db
def test_get_only(client):
    assert client.post("/readyz").status_code == 405
    assert client.head("/readyz").status_code == 200


def test_the_command_line_check_says_what_is_not_ready(tmp_path):
    """`python -m seat.core.readiness` (the worker's healthcheck) on a database never migrated."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SEAT_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    environ.update(SEAT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="seat.settings")
    checked = subprocess.run(
        [sys.executable, "-m", "seat.core.readiness"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 1, checked.stderr
    assert json.loads(checked.stdout) == {
        "status": "error",
        "database": "ok",
        "migrations": "pending",
        "cache": "unavailable",
    }


@pytest.mark.django_db
def test_an_admin_who_has_not_set_up_her_second_factor_still_reads_the_probes(client, world):
    """A monitor may run in a signed-in browser: the probes are never sent to enrol."""
    client.force_login(world.admin_a)
    assert client.get("/projects/")["Location"] == "/accounts/two-factor/setup/"
    assert client.get("/readyz").json() == READY
    assert client.get("/healthz").status_code == 200
