"""``seat runserver`` that refuses a public address while Seat runs with published keys."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.management.commands.runserver import (
    Command as StaticfilesRunserver,
)

from seat.core.serving import refuse_unsafe_start


class Command(StaticfilesRunserver):
    def run(self, **options: Any) -> None:
        # self.addr is parsed by handle() before run(); refuse before anything listens.
        refuse_unsafe_start(self.addr)  # type: ignore[attr-defined]
        super().run(**options)
