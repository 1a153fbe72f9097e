"""`seat serve`: gunicorn with Seat's settings, loopback only without real keys, private logs."""

from __future__ import annotations

import datetime
import gzip
import http.client
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from gunicorn.config import Config

from seat.core import server
from seat.core.privatelogs import PrivatePaths, route_of
from seat.core.probe import host_header, probe
from seat.tests.processes import ROOT, free_port, process_environment


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "seat.example.org"])  # noqa: S104
def test_serve_refuses_beyond_loopback_with_the_built_in_keys(host, monkeypatch):
    started = []
    monkeypatch.setattr(server.Server, "run", lambda self: started.append(self))
    with pytest.raises(CommandError) as refused:
        call_command("serve", host=host, port=8123)
    message = str(refused.value)
    assert "built-in keys" in message
    assert "SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS" in message
    assert not started


def test_serve_listens_where_asked_with_real_keys(settings, monkeypatch):
    settings.SEAT_LOOPBACK_ONLY = False  # as with SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS set
    started: list[server.Server] = []
    monkeypatch.setattr(server.Server, "run", lambda self: started.append(self))
    call_command("serve", host="0.0.0.0", port=8123, workers=3)  # noqa: S104
    (seat,) = started
    assert seat.cfg.bind == ["0.0.0.0:8123"]
    assert seat.cfg.workers == 3
    assert seat.cfg.threads == server.THREADS_PER_WORKER
    assert seat.cfg.worker_class_str == "gthread"
    assert seat.cfg.preload_app is True
    assert seat.cfg.graceful_timeout == 20


def test_serve_refuses_a_port_out_of_range():
    with pytest.raises(CommandError, match="between 1 and 65535"):
        call_command("serve", port=70000)


def test_workers_default_to_two_per_core_with_two_threads_each():
    config = server.options(host="::1", port=8000)
    assert config["bind"] == ["[::1]:8000"]
    assert config["workers"] == 2 * len(os.sched_getaffinity(0))
    assert config["threads"] == 2


def _log() -> server.PrivateAccessLog:
    config = Config()
    config.set("accesslog", "-")
    return server.PrivateAccessLog(config)


class _Response:
    status = "200 OK"
    sent = 1234
    headers: list[tuple[str, str]] = [("Set-Cookie", "sessionid=secret-session")]


class _Request:
    headers = [("COOKIE", "sessionid=secret-session"), ("USER-AGENT", "Phone/1.0")]


@pytest.mark.django_db
def test_the_access_log_names_the_url_pattern_and_nothing_that_identifies():
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/me/invitations/4f0c2e8a-1b7e-4b7a-9a2c-0d6f1e2a3b4c/?code=SECRET",
        "PATH_INFO": "/me/invitations/4f0c2e8a-1b7e-4b7a-9a2c-0d6f1e2a3b4c/",
        "QUERY_STRING": "code=SECRET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": "https://seat.example.org/me/?q=private",
        "HTTP_USER_AGENT": "Phone/1.0",
    }
    log = _log()
    atoms = log.atoms_wrapper_class(
        log.atoms(_Response(), _Request(), environ, datetime.timedelta(milliseconds=12))
    )
    line = server.ACCESS_LOG_FORMAT % atoms
    assert re.fullmatch(
        r'\[.+\] "GET /me/invitations/<uuid:invitation_id>/" 200 1234 12ms', line
    ), line
    # Even gunicorn's default format, or one asking for headers and environ, shows none of it.
    everything = Config().access_log_format + " %({cookie}i)s %({set-cookie}o)s %({remote_addr}e)s"
    line = everything % atoms
    for secret in ("SECRET", "203.0.113.7", "private", "Phone", "secret-session", "4f0c2e8a"):
        assert secret not in line, line


def test_gunicorn_messages_about_bad_requests_lose_the_address_and_request_line(caplog):
    log = _log()
    log.error_log.propagate = True
    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        log.warning(
            "Invalid request from ip={ip}: {error}".format(
                ip="203.0.113.7", error="Invalid HTTP Version 'GET /join/SECRET HTTP/9'"
            )
        )
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("Error handling request %s %s", "GET", "/join/SECRET?x=1")
    text = caplog.text
    assert "Invalid request" in text and "Error handling request" in text
    assert "203.0.113.7" not in text and "SECRET" not in text


@pytest.mark.django_db
def test_django_request_warnings_name_the_pattern_not_the_path(client):
    assert route_of("/me/invitations/4f0c2e8a-1b7e-4b7a-9a2c-0d6f1e2a3b4c/") == (
        "/me/invitations/<uuid:invitation_id>/"
    )
    assert route_of("/static/seat/seat.css") == "/static/"
    assert route_of("/no/such/page/SECRET") == "-"

    class _Request:
        path = "/me/invitations/4f0c2e8a-1b7e-4b7a-9a2c-0d6f1e2a3b4c/"

    record = logging.makeLogRecord(
        {"msg": "%s: %s", "args": ("Not Found", _Request.path), "request": _Request()}
    )
    assert PrivatePaths().filter(record)
    assert record.getMessage() == "Not Found: /me/invitations/<uuid:invitation_id>/"


def test_runservers_request_lines_name_the_pattern_not_the_path():
    class _Handler:  # runserver's socket handler: its path keeps the query string
        path = "/join/ABCD-2345/?next=/me/"

    record = logging.makeLogRecord(
        {"msg": '"%s" %s %s', "args": ("GET /join/ABCD-2345/?next=/me/ HTTP/1.1", "302", "0"),
         "request": _Handler()}
    )  # fmt: skip
    assert PrivatePaths().filter(record)
    assert record.getMessage() == '"GET /join/<str:code>/ HTTP/1.1" 302 0'


def _get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def test_seat_serve_serves_pages_and_compressed_static_files(tmp_path, monkeypatch):
    """A real `seat serve` on a free loopback port: a page, a static file, a clean stop."""
    port = free_port()
    environ = process_environment(tmp_path)
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "seat.cli", "serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = _get(port, "/?code=SECRET", **{"Accept-Encoding": "gzip"})
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert page.status == 200
        assert page.getheader("Content-Encoding") == "gzip"
        html = gzip.decompress(page.body).decode()  # type: ignore[attr-defined]
        css = re.search(r'href="(/static/seat/seat\.[0-9a-f]{12}\.css)"', html)
        assert css, "the page names the hashed stylesheet"
        static = _get(port, css.group(1), **{"Accept-Encoding": "gzip"})
        assert static.status == 200
        assert static.getheader("Content-Encoding") == "gzip"
        assert "immutable" in static.getheader("Cache-Control", "")
        assert re.search(r"max-age=(\d{8,})", static.getheader("Cache-Control", ""))
        assert b"body" in gzip.decompress(static.body)  # type: ignore[attr-defined]
        # The container's healthcheck, against the real server: alive, but its database was
        # never migrated, so not ready, and /readyz says which part.
        monkeypatch.delenv("SEAT_ALLOWED_HOSTS", raising=False)
        assert probe(f"http://127.0.0.1:{port}/healthz") == 0
        assert probe(f"http://127.0.0.1:{port}/readyz") == 1
        ready = _get(port, "/readyz")
        assert ready.status == 503
        assert json.loads(ready.body)["migrations"] == "pending"  # type: ignore[attr-defined]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0
    text = log.read_text()
    # Seat's own access line (seat/core/requestlog.py), with the request's id; none of gunicorn's.
    assert re.search(r"INFO seat\.access \[[0-9a-f]{32}\] GET home / 200 \d+ms", text)
    assert re.search(r"INFO seat\.access \[[0-9a-f]{32}\] GET static /static/ 200 ", text)
    assert '"GET /' not in text
    assert "SECRET" not in text
    # The worker kept its request counts where /metrics adds them up.
    assert sorted(p.name.split("_")[0] for p in (tmp_path / "metrics").iterdir()) == [
        "counter",
        "histogram",
    ]


def test_seat_is_warmed_up_before_the_workers_fork():
    """What the first request of each worker would otherwise pay: views, catalogs, templates."""
    from django.template import engines

    cached = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    cached.reset()
    server.seat_application()
    names = {key.split("-")[0] for key in cached.get_template_cache}
    assert {"base.html", "portal/home.html", "portal/welcome.html"} <= names


def test_the_probe_asks_with_a_host_name_seat_serves(monkeypatch):
    monkeypatch.setenv("SEAT_ALLOWED_HOSTS", ".example.org,seat.example.net")
    assert host_header() == "example.org"
    monkeypatch.setenv("SEAT_ALLOWED_HOSTS", "*")
    assert host_header() == "localhost"
    monkeypatch.delenv("SEAT_ALLOWED_HOSTS")
    assert host_header() == "localhost"
    assert probe("file:///etc/passwd") == 1
    assert probe(f"http://127.0.0.1:{free_port()}/readyz", timeout=2) == 1
