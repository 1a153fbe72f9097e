"""For tests that start Seat's own processes (`seat serve`, `seat worker`) as a deployment would."""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
from pathlib import Path

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
