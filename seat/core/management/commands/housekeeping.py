"""``seat housekeeping``: run every periodic task once, now (for cron, or by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seat.core.tasks import periodic_tasks


class Command(BaseCommand):
    help = "Run the periodic tasks once: reminders, retries, purges of expired data."

    def handle(self, *args: Any, **options: Any) -> None:
        for periodic in periodic_tasks():
            result = periodic.call()
            self.stdout.write(f"{periodic.name}: {result if result is not None else 'done'}")
