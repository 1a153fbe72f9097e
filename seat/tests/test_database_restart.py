"""PostgreSQL restarts under a running Seat: between requests, and in the middle of one.

A restart ends every connection the app server holds. Between requests, the next page must
simply work (the connection is checked before use and opened again). In the middle of a
request, the person must be told plainly to try again (503, her quick exit still there, no
error page of the server's), nothing half-saved must stay, and when she sends the same form
again it must be saved once.

Run on PostgreSQL by `.ci/run` (POSTGRES_TESTS: it fails if this was skipped there).
"""

from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from seat.accounts.enums import Role
from seat.consultations.models import Contribution
from seat.tests.personas import (
    PASSWORD,
    make_consultation,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)
from seat.tests.processes import AppServer, Survivor, database_url, deployment_environment

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="a PostgreSQL restart needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _server_connections(*, besides: set[int]) -> list[int]:
    """The process ids of the app server's connections to the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND NOT (pid = ANY(%s))",
            [list(besides)],
        )
        return [pid for (pid,) in cursor.fetchall()]


def _restart(*, besides: set[int] = frozenset()) -> int:  # type: ignore[assignment]
    """What a restart does to the app server: every connection it holds is ended."""
    pids = _server_connections(besides=besides)
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    return len(pids)


def _waiting_for_lock(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False


def test_a_restart_between_or_during_requests_loses_nothing_and_doubles_nothing(tmp_path, settings):
    # Hashes the app server can check (the test run's fast hasher is not among its own).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    host = make_org("Organisation A")
    staff = make_member("lena", host, Role.STAFF)
    consultation = make_consultation(staff, make_project(staff, host))
    expert = make_expert("survivor", "Survivor")
    invitation = make_invitation(staff, consultation, expert, accept=True)

    logs = tmp_path / "logs"
    logs.mkdir()
    server = AppServer("app", deployment_environment(tmp_path / "data"), logs)
    try:
        server.wait_ready(time.monotonic() + 120)
        survivor = Survivor("survivor", str(invitation.pk))
        _status, _location, page = survivor.request(server, "/accounts/login/")
        fields = survivor.form(page, holding="password")
        fields.update(username="survivor", password=PASSWORD)
        status, location, _page = survivor.request(server, "/accounts/login/", fields)
        assert status == 302 and not location.startswith("/accounts/"), server.output()
        contribute = f"/me/invitations/{invitation.pk}/contribute/"
        status, _location, page = survivor.request(server, contribute)
        assert status == 200, server.output()
        form = survivor.form(page, holding="idempotency_key")
        for name in form:
            if name.startswith("q_"):
                form[name] = "Fees must be capped."

        # Between requests: the server's idle connections are gone; her next page just works.
        assert _restart() > 0, "the server keeps its connections open between requests"
        status, _location, _page = survivor.request(server, "/me/")
        assert status == 200, server.output()

        # During a request: the contributions table is held, so her request waits inside the
        # database, and is cut there.
        with psycopg.connect(database_url(), autocommit=False) as holder:
            holder.execute("LOCK TABLE consultations_contribution IN ACCESS EXCLUSIVE MODE")
            answered: list[tuple[int, str, str]] = []
            sending = threading.Thread(
                target=lambda: answered.append(survivor.request(server, contribute, form))
            )
            sending.start()
            assert _waiting_for_lock(30), server.output()
            assert _restart(besides={holder.info.backend_pid}) > 0
            sending.join(timeout=60)
            holder.rollback()
        (status, _location, page), *_ = answered
        assert status == 503, (status, page[:500], server.output())
        assert "Seat cannot reach its records just now" in page
        assert 'href="/exit/"' in page  # her quick exit is still there
        assert not Contribution.objects.filter(invitation=invitation).exists()

        # She sends the same form again, as the page told her: saved once, however often.
        status, location, _page = survivor.request(server, contribute, form)
        assert status == 302 and location != contribute, (status, location, server.output())
        status, _location, _page = survivor.request(server, contribute, form)
        assert status in (200, 302), server.output()
        assert Contribution.objects.filter(invitation=invitation).count() == 1
        # The operator reads which service failed, once: the one request cut mid-way.
        log = server.log.read_text()
        assert log.count("outage: the database could not be reached") == 1, server.output()
        assert not re.search(r"seat\.access .* 500 ", log), server.output()
    finally:
        server.stop()
