"""The ``seat`` command: Django's management commands plus Seat's own (``seat demo``,
``seat serve``)."""

from __future__ import annotations

import os
import sys

# Django finds commands by module name, which cannot contain a hyphen; people type hyphens.
HYPHENATED = {
    "check-language",
    "create-organisation",
    "import-trainings",
    "insights-rebuild",
    "rotate-keys",
    "sms-simulate",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    command = 1 if args[:1] == ["help"] else 0
    if args[command : command + 1] and args[command] in HYPHENATED:
        args[command] = args[command].replace("-", "_")
    if args[:1] == ["demo"]:
        # Demo mode must be chosen before settings load: it decides keys and cookie rules.
        os.environ["SEAT_ENV"] = "demo"
    if args[:1] in (["demo"], ["serve"]):
        # Both serve with gunicorn, which sends collected, compressed static files.
        os.environ["SEAT_STATIC_COLLECTED"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["seat", *args])


if __name__ == "__main__":
    main()
