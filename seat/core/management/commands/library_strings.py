"""``seat library_strings [--check]``: copy the messages of other libraries that people see into
``seat/core/library_strings.py`` so that ``makemessages`` brings them into Seat's catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seat.core.library_strings_gen import TARGET, render_library_strings


class Command(BaseCommand):
    help = "Regenerate seat/core/library_strings.py from the libraries listed in library_strings_sources.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the file is out of date.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_library_strings()
        path = Path(TARGET)
        if options["check"]:
            if path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `uv run seat library_strings`.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
