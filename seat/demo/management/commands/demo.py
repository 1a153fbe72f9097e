"""``seat demo``: migrate, load the demo once, print the accounts, serve on loopback."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from seat.core.serving import is_loopback
from seat.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Serve Seat with demo data on this computer only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1", help="A loopback address only.")
        parser.add_argument("--no-serve", action="store_true", help="Prepare the data, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if not is_loopback(host):
            raise CommandError(
                f"Demo mode uses published passwords, so it only listens on this computer "
                f"(127.0.0.1 or ::1), not on {host}."
            )
        if not 0 < port < 65536:
            raise CommandError("Choose a port between 1 and 65535.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        loaded = demo_load()
        self.stdout.write(
            ("Demo data loaded" if loaded else "Demo data already present")
            + f" in {settings.DATABASES['default']['NAME']}."
        )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for username, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {description}")
        if options["no_serve"]:
            return
        self.stdout.write("")
        # The production server (gunicorn), as `seat serve`; `seat runserver` stays for development.
        call_command("serve", host=host, port=port)
