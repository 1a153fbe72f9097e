"""Test set-up shared by the whole suite: browser launch options and named personas."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit, urlunsplit

# Playwright's sync API runs an event loop in this thread; the ORM calls in live-server tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        )
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _source_language_after_each_test():
    """A request through the test client runs in the test's own thread and leaves the language
    it activated (her account's, Bengali say) active after it; a later test that formats text
    outside a request would read it. Each test ends back in the source language."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_caches() -> None:
    """Each test starts with no login lockouts and no cached data."""
    from django.core.cache import caches

    from seat.notifications import sms

    for alias in ("default", "axes"):
        caches[alias].clear()
    sms.outbox.clear()


@pytest.fixture
def audio_dir(tmp_path, settings):
    """Recordings made in a test go to a folder of that test, never the data directory."""
    settings.SEAT_AUDIO_DIR = tmp_path / "audio"
    return settings.SEAT_AUDIO_DIR


def separate_redis_database(url: str, worker: int) -> str:
    """The Redis URL with the database counted down from the one given, one per worker."""
    parts = urlsplit(url)
    given = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(given - worker) % 16}"))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    # seat/core/tests/test_security.py checks that production hashes with Argon2.
    # Without Redis, login throttling lives in a database table; tests keep it in memory so that
    # clearing it between tests needs no database.
    if settings.CACHES["axes"]["BACKEND"].endswith("DatabaseCache"):
        settings.CACHES["axes"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    # Under pytest-xdist (`-n 2`) each worker gets a Redis database of its own: clearing the cache
    # between tests flushes the whole database, which would wipe another worker's lockouts.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        location = separate_redis_database(settings.CACHES["default"]["LOCATION"], int(worker[2:]))
        for alias in ("default", "axes"):
            settings.CACHES[alias] = {**settings.CACHES[alias], "LOCATION": location}
    # Text messages are kept in seat.notifications.sms.outbox, as Django keeps e-mails in
    # django.core.mail.outbox.
    settings.SEAT_SMS_BACKEND = "locmem"
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True, scope="session")
def _receipts_kept_apart(tmp_path_factory: pytest.TempPathFactory):
    """Receipts uploaded in tests go to a folder of the test run, never the data directory,
    kept as Seat keeps them (encrypted)."""
    from seat.compensation.models import PaymentLine
    from seat.core.privacy.files import EncryptedFileSystemStorage

    field = PaymentLine._meta.get_field("receipt")
    folder = tmp_path_factory.mktemp("receipts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(field, "storage", EncryptedFileSystemStorage(location=folder))
        yield
