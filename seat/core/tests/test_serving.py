"""Published keys serve this computer only (runserver, the WSGI application, ALLOWED_HOSTS)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from seat.core.serving import LoopbackOnly, check_hosts, is_loopback


def test_loopback_addresses():
    for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"]:
        assert is_loopback(host), host
    for host in ["0.0.0.0", "::", "192.168.1.5", "seat.example.org", "*", "", "localhost.evil"]:  # noqa: S104
        assert not is_loopback(host), host


def test_the_test_settings_use_the_built_in_keys():
    from django.conf import settings

    assert settings.SEAT_BUILTIN_KEYS == ["SEAT_SECRET_KEY", "SEAT_ENCRYPTION_KEYS"]
    assert settings.SEAT_LOOPBACK_ONLY is True


@pytest.mark.parametrize("address", ["0.0.0.0:8000", "[::]:8000", "192.168.1.5:8000"])
def test_runserver_refuses_a_public_address_with_the_built_in_keys(address):
    with pytest.raises(CommandError) as refused:
        call_command("runserver", address, use_reloader=False)
    message = str(refused.value)
    assert "built-in keys" in message
    assert "SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS" in message
    assert "SEAT_ENV=production" in message


def test_allowed_hosts_beyond_loopback_are_refused(settings):
    settings.ALLOWED_HOSTS = ["localhost", "seat.example.org"]
    with pytest.raises(ImproperlyConfigured, match="not ALLOWED_HOSTS seat.example.org"):
        check_hosts()
    settings.SEAT_LOOPBACK_ONLY = False  # real keys
    check_hosts()


def _call(app, **environ):
    seen = {}

    def start_response(status, headers):
        seen["status"] = status

    body = b"".join(app({"REMOTE_ADDR": "127.0.0.1", **environ}, start_response))
    return seen["status"], body


def _inner(environ, start_response):
    start_response("200 OK", [])
    return [b"page"]


def test_the_wsgi_application_answers_loopback_only(settings):
    app = LoopbackOnly(_inner)
    assert _call(app) == ("200 OK", b"page")
    assert _call(app, REMOTE_ADDR="::1") == ("200 OK", b"page")
    status, body = _call(app, REMOTE_ADDR="203.0.113.7")
    assert status == "503 Service Unavailable"
    assert b"real keys" in body
    # A proxy on this computer passing a request on from elsewhere is refused as well.
    assert _call(app, HTTP_X_FORWARDED_FOR="203.0.113.7")[0].startswith("503")
    settings.SEAT_LOOPBACK_ONLY = False
    assert _call(app, REMOTE_ADDR="203.0.113.7") == ("200 OK", b"page")


def _import_wsgi(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SEAT_")}
    return subprocess.run(
        [sys.executable, "-c", "import seat.wsgi"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "seat.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_wsgi_module_refuses_to_start_for_a_public_host_without_keys(tmp_path):
    refused = _import_wsgi(SEAT_ALLOWED_HOSTS="seat.example.org", SEAT_DATA_DIR=str(tmp_path))
    assert refused.returncode != 0
    assert "set SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS" in refused.stderr

    from cryptography.fernet import Fernet

    served = _import_wsgi(
        SEAT_ALLOWED_HOSTS="seat.example.org",
        SEAT_DATA_DIR=str(tmp_path),
        SEAT_SECRET_KEY="x" * 50,
        SEAT_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    assert served.returncode == 0, served.stderr


def test_production_with_the_example_settings_passes_the_deployment_check(tmp_path):
    """deploy/seat.env.example, its blanks filled, passes `seat check --deploy` without a warning;
    left as it is (no keys), production refuses to start."""
    from seat.tests.test_deploy import example_environment

    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SEAT_")
        # The test run's own relaxation (conftest.py), which the deployment check rightly refuses.
        and k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    command = [sys.executable, "-m", "seat.cli", "check", "--deploy", "--fail-level", "WARNING"]

    def check(settings: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            env={**clean, **settings, "SEAT_DATA_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    passed = check(example_environment())
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "System check identified no issues" in passed.stdout

    refused = check(example_environment(filled=False))
    assert refused.returncode != 0
    assert "Production needs SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS." in refused.stderr
