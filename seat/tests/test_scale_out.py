"""Seat past one machine: two app servers and two workers, as separate processes, against one
PostgreSQL and one Redis. A stream of survivors logs in and sends input, each request landing on
either server; one server and one worker are killed mid-stream. Then:

- every contribution is stored once, however often a client had to send it again;
- every notification is delivered once (one e-mail per delivery, by its Message-ID);
- a session made on one server is good on the other (no one is logged out by the kill);
- no client saw an error, other than the killed server's refused or cut connections.

`.ci/run` runs it in the PostgreSQL + Redis pass and fails if it was skipped there.
"""

from __future__ import annotations

import email
import re
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from seat.accounts.enums import Role
from seat.compensation.models import PaymentLine
from seat.consultations.models import Contribution
from seat.notifications.enums import DeliveryStatus
from seat.notifications.models import Delivery
from seat.notifications.services import contact_choice_update
from seat.tests.personas import (
    PASSWORD,
    make_consultation,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)
from seat.tests.processes import (
    AppServer,
    Process,
    ServerGone,
    Survivor,
    deployment_environment,
)

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
ON_REDIS = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
SURVIVORS = 16

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        not (ON_POSTGRESQL and ON_REDIS),
        reason="scale-out is tested on PostgreSQL with Redis (DATABASE_URL and REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


class Stream:
    """Survivors sending input over two servers; what each client saw is kept."""

    def __init__(self, servers: list[AppServer]) -> None:
        self.servers = servers
        self.errors: list[str] = []
        self.resent = 0
        self.lock = threading.Lock()
        self.logged_in = 0
        self.sent = 0

    def on(
        self, survivor: Survivor, turn: int, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """One request and the redirects after it, each to the server whose turn it is; a request
        the server refused or cut goes to the other (what a load balancer does for a refused
        connection, or the person pressing Send again after a cut one). Returns (status, the
        path that answered, body)."""
        status, location, body = self.once(survivor, turn, path, data)
        while status in (301, 302, 303) and location:
            path = location
            status, location, body = self.once(survivor, turn, path)
        if status >= 400:
            self.note(f"{survivor.username}: {status} for {path}")
        return status, path, body

    def once(
        self, survivor: Survivor, turn: int, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        first = self.servers[turn % 2]
        try:
            return survivor.request(first, path, data)
        except ServerGone as gone:
            if not first.killed:
                self.note(f"{survivor.username}: {first.name} failed, not killed: {gone}")
            with self.lock:
                self.resent += 1
            return survivor.request(self.servers[(turn + 1) % 2], path, data)

    def note(self, error: str) -> None:
        with self.lock:
            self.errors.append(error)

    def run(self, survivor: Survivor, number: int) -> None:
        _status, _path, page = self.on(survivor, number, "/accounts/login/")
        fields = survivor.form(page, holding="password")
        fields.update(username=survivor.username, password=PASSWORD)
        status, landed, _page = self.on(survivor, number, "/accounts/login/", fields)
        if landed.startswith("/accounts/login"):
            self.note(f"{survivor.username} could not log in ({status})")
            return
        with self.lock:
            self.logged_in += 1
        contribute = f"/me/invitations/{survivor.invitation_id}/contribute/"
        # The session made on one server, used on the other.
        _status, landed, page = self.on(survivor, number + 1, contribute)
        if landed != contribute:
            self.note(f"{survivor.username} was sent to {landed}, not her form")
            return
        fields = survivor.form(page, holding="idempotency_key")
        for name in fields:
            if name.startswith("q_"):
                fields[name] = f"Input from {survivor.username}: fees must be capped."
        _status, landed, _page = self.on(survivor, number, contribute, fields)
        if landed.startswith("/accounts/login") or landed == contribute:
            self.note(f"{survivor.username}'s input was not taken: {landed}")
            return
        with self.lock:
            self.sent += 1


def _emails_by_message_id(mail_dir: Path) -> Counter[str]:
    """Each e-mail the file backend wrote, counted by its Message-ID."""
    found: Counter[str] = Counter()
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        # The file backend writes each message followed by a line of 79 dashes.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found[email.message_from_string(chunk.strip() + "\n")["Message-ID"]] += 1
    return found


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def test_two_servers_and_two_workers_lose_one_of_each_and_nothing_is_lost_or_doubled(
    tmp_path, settings
):
    # Hashes the app servers can check (the test run's fast hasher is not among theirs).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    host = make_org("Organisation A")
    staff = make_member("lena", host, Role.STAFF)
    for payer in ("shirin", "omar"):
        contact_choice_update(
            user=make_member(payer, host, Role.FINANCE),
            by_email=True,
            by_sms=False,
            email=f"{payer}@example.org",
            phone="",
        )
    consultation = make_consultation(staff, make_project(staff, host))
    survivors = []
    for n in range(SURVIVORS):
        expert = make_expert(f"survivor{n}", f"Survivor {n}")
        invitation = make_invitation(staff, consultation, expert, accept=True)
        survivors.append(Survivor(f"survivor{n}", str(invitation.pk)))

    environ = deployment_environment(tmp_path / "data")
    logs = tmp_path / "logs"
    logs.mkdir()
    servers = [AppServer("app-1", environ, logs), AppServer("app-2", environ, logs)]
    workers = [
        Process(name, ["worker", "--interval", "0.2"], environ, logs)
        for name in ("worker-1", "worker-2")
    ]
    processes: list[Process] = [*servers, *workers]
    try:
        deadline = time.monotonic() + 120
        for server in servers:
            server.wait_ready(deadline)

        stream = Stream(servers)

        def kill_mid_stream() -> None:
            # One server and one worker go when a quarter of the people have logged in.
            _wait_for(lambda: stream.logged_in >= SURVIVORS // 4, 120)
            servers[0].kill()
            # The worker while the workers are busy delivering.
            _wait_for(
                lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() >= SURVIVORS,
                120,
            )
            workers[0].kill()

        killer = threading.Thread(target=kill_mid_stream)
        killer.start()
        threads = [
            threading.Thread(target=stream.run, args=(survivor, n))
            for n, survivor in enumerate(survivors)
        ]
        for thread in threads:
            thread.start()
            time.sleep(0.1)
        for thread in threads:
            thread.join(timeout=300)
        killer.join(timeout=300)
        report = "\n".join(p.output() for p in processes)
        assert servers[0].killed and workers[0].killed, report
        assert stream.errors == [], "\n".join(stream.errors) + report
        assert stream.sent == SURVIVORS, report
        assert stream.resent > 0, "the killed server's clients went to the other"

        # Every contribution stored once, and owed once.
        stored = Counter(Contribution.objects.values_list("invitation_id", flat=True))
        assert sorted(map(str, stored)) == sorted(s.invitation_id for s in survivors), report
        assert set(stored.values()) == {1}
        assert PaymentLine.objects.filter(contribution__consultation=consultation).count() == (
            SURVIVORS
        )
        # Every notification delivered once: the surviving worker takes up what the killed one
        # had claimed, and sends it under the same Message-ID.
        expected = Delivery.objects.count()
        assert expected == 2 * SURVIVORS  # each payer hears of each payment waiting
        assert _wait_for(
            lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists(), 90
        ), (list(Delivery.objects.values_list("status", "attempts", "error")), report)
        sent = _emails_by_message_id(tmp_path / "data" / "mail")
        ids = {f"<{pk}@127.0.0.1>" for pk in Delivery.objects.values_list("pk", flat=True)}
        assert set(sent) == ids, report
        # At most a copy of a message whose worker was killed mid-send, never more.
        doubled = [message_id for message_id, count in sent.items() if count > 1]
        assert len(doubled) <= 1, (doubled, report)
        assert re.search(r"Seat worker: running queued tasks", workers[1].log.read_text())
    finally:
        for process in processes:
            process.stop()
