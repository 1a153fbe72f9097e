"""``seat serve``: Seat under its production server (gunicorn, see seat/core/server.py).

It refuses, before anything listens, an address beyond this computer while Seat runs with its
published keys (seat/core/serving.py), collects the static files (a second or two once they
have been compressed) and serves until Ctrl+C or SIGTERM, letting requests in flight finish.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from seat.core.serving import refuse_unsafe_start
from seat.core.staticfiles import RECORD, collect


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Serve Seat with its production server (gunicorn): workers by cores, static files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Address to listen on (default 127.0.0.1). Beyond loopback only with real keys.",
        )
        parser.add_argument("--workers", type=_positive, help="Processes (default: two per core).")
        parser.add_argument("--threads", type=_positive, help="Threads per process (default 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        from seat.core.metrics import multiprocess_start
        from seat.core.server import Server, seat_application
        from seat.core.server import options as server_options

        host, port = options["host"], options["port"]
        if not 0 < port < 65536:
            raise CommandError("Choose a port between 1 and 65535.")
        refuse_unsafe_start(host)
        if settings.STATIC_COLLECTED:
            if not (Path(str(settings.STATIC_ROOT)) / RECORD).exists():
                self.stdout.write("Compressing the static files (once; later starts skip it)...")
            collect(Path(str(settings.STATIC_ROOT)))
        # Every worker's request counts in one folder, so /metrics adds them all up.
        multiprocess_start(settings.SEAT_METRICS_DIR)
        # Workers are forked from this process: none may inherit its database connection.
        connections.close_all()
        config = server_options(
            host=host, port=port, workers=options["workers"], threads=options["threads"]
        )
        address = f"[{host.strip('[]')}]" if ":" in host else host
        self.stdout.write(f"Seat is at http://{address}:{port}/  (Ctrl+C stops it)")
        self.stdout.flush()
        Server(seat_application, config).run()
