"""``seat runserver`` that refuses a public address while Seat runs with published keys."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.management.commands.runserver import (
    Command as StaticfilesRunserver,
)
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from seat.core.serving import check_bind, check_hosts


class Command(StaticfilesRunserver):
    def run(self, **options: Any) -> None:
        # self.addr is parsed by handle() before run(); refuse before anything listens.
        refusal = check_bind(self.addr)  # type: ignore[attr-defined]
        if refusal:
            raise CommandError(refusal)
        try:
            check_hosts()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        super().run(**options)
