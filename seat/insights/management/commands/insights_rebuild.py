"""``seat insights-rebuild``: compute every consultation's materialised figures again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seat.insights.summaries import figures_rebuild


class Command(BaseCommand):
    help = (
        "Compute every consultation's insights figures again, after rows were written without "
        "Seat's services (a restore, a bulk import, `seat generate`)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = figures_rebuild()
        self.stdout.write(f"figures computed for {count:,} consultations")
