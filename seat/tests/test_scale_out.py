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
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
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
from seat.tests.processes import ROOT, database_url, free_port, process_environment

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


# Processes ---------------------------------------------------------------------------------


def _environment(data_dir: Path) -> dict[str, str]:
    """What every process of the deployment shares: the database, the cache, the data folder
    (built-in development keys, so every process reads what another encrypted)."""
    environ = process_environment(data_dir)
    environ.update(
        DATABASE_URL=database_url(),
        REDIS_URL=settings.CACHES["default"]["LOCATION"],
        SEAT_TASKS="database",
        SEAT_EMAIL="file",
        # A killed worker's claimed deliveries are taken up by the other within seconds.
        SEAT_SCHEDULE_SECONDS="1",
        SEAT_STRANDED_SECONDS="3",
    )
    return environ


class Process:
    """One process of the deployment, in a process group of its own so a kill takes all of it
    (gunicorn's workers with their master), its output kept in a file for the failure report."""

    def __init__(self, name: str, argv: list[str], environ: dict[str, str], logs: Path) -> None:
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("w") as output:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "seat.cli", *argv],
                cwd=ROOT,
                env=environ,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.killed = False

    def kill(self) -> None:
        self.killed = True
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=30)

    def output(self) -> str:
        return f"--- {self.name} ---\n{self.log.read_text(errors='replace')[-4000:]}"


class AppServer(Process):
    def __init__(self, name: str, environ: dict[str, str], logs: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Each server counts its own requests for /metrics (it empties the folder as it starts).
        environ = {**environ, "SEAT_METRICS_DIR": str(logs / f"{name}-metrics")}
        super().__init__(name, ["serve", "--port", str(self.port), "--workers", "2"], environ, logs)

    def wait_ready(self, deadline: float) -> None:
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                pass
            assert self.popen.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.2)


# A survivor's browser ----------------------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of the page's POST forms as a browser would send them, unchanged: hidden
    inputs, the checked radio buttons (else the first of each group) and text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append({})
        if not self.forms or "name" not in a:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("type") in ("hidden", "text", "password", None, ""):
            fields.setdefault(a["name"], a.get("value", ""))
        elif tag == "input" and a.get("type") == "radio":
            if "checked" in a or a["name"] not in fields:
                fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


class ServerGone(Exception):
    """The server refused or cut the connection: it was killed."""


class BehindTls(http.cookiejar.DefaultCookiePolicy):
    """Seat's cookies are Secure: the browser speaks HTTPS to the TLS proxy in front of the app
    servers, which this test leaves out, so they are sent over the plain loopback link too."""

    def return_ok_secure(self, cookie, request):  # type: ignore[no-untyped-def]
        return True


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by the stream, one request at a time, so that a connection cut on
    the page after a form is not taken for the form's failure and the form sent again."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Survivor:
    """One person's browser: a cookie jar shared by every server, as behind a load balancer."""

    def __init__(self, username: str, invitation_id: str) -> None:
        self.username = username
        self.invitation_id = invitation_id
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(BehindTls())),
            NoRedirects(),
        )

    def request(
        self, server: AppServer, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """(status, where a redirect points, body). ServerGone if the server is."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(f"{server.url}{path}", data=body, timeout=60) as answer:  # noqa: S310
                return answer.status, "", answer.read().decode()
        except urllib.error.HTTPError as error:
            location = urllib.parse.urlsplit(error.headers.get("Location", "")).path
            return error.code, location, error.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as error:
            raise ServerGone(str(error)) from error

    def form(self, page: str, holding: str) -> dict[str, str]:
        """The page's form with the field ``holding`` (not the log-out button's)."""
        reader = FormReader()
        reader.feed(page)
        return next(form for form in reader.forms if holding in form)


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

    environ = _environment(tmp_path / "data")
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
