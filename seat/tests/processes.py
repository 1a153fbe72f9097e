"""For tests that start Seat's own processes (`seat serve`, `seat worker`) as a deployment would,
and speak to them as a survivor's browser does."""

from __future__ import annotations

import hashlib
import http.client
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port nothing listens on just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    """The test run's PostgreSQL database, as a URL another process can be given."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_environment(data_dir: Path) -> dict[str, str]:
    """This environment without Seat's settings or database, with its own data folder. Compressed
    static files and compiled modules are kept between runs, one folder per checkout (CI forbids
    writing modules beside the code; hashed names make stale files harmless): a start takes
    seconds the first time only."""
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    static_root = Path(tempfile.gettempdir()) / f"seat-test-static-{checkout}"
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith("SEAT_") and k != "DATABASE_URL"
    }
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    environ.update(
        SEAT_DATA_DIR=str(data_dir),
        SEAT_STATIC_ROOT=str(static_root),
        PYTHONPYCACHEPREFIX=str(static_root.with_name(f"seat-test-pycache-{checkout}")),
    )
    return environ


def deployment_environment(data_dir: Path) -> dict[str, str]:
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
