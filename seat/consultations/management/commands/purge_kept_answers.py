"""Delete answers kept after a logout once their lifetime is over (also done on every new one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seat.consultations.services import kept_answers_purge


class Command(BaseCommand):
    help = "Delete answers kept after a logout whose lifetime is over."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{kept_answers_purge()} kept answers deleted")
