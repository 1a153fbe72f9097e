"""``seat load_framework [FILE]``: validate a framework file and store it (once per version)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seat.assessment.framework import CURRENT_FRAMEWORK_FILE, FrameworkError, framework_read
from seat.assessment.services import AssessmentError, framework_store


class Command(BaseCommand):
    help = "Validate an assessment framework file and load it into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(CURRENT_FRAMEWORK_FILE))
        parser.add_argument("--check", action="store_true", help="Validate only; store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = framework_read(Path(options["file"]))
            if options["check"]:
                self.stdout.write(
                    f"Valid: {spec.version}, {len(spec.domains)} domains, {spec.indicator_count} indicators."
                )
                return
            framework, created = framework_store(spec)
        except (FrameworkError, AssessmentError) as error:
            raise CommandError(str(error)) from error
        verb = "Loaded" if created else "Already loaded"
        self.stdout.write(f"{verb}: {framework.version}, {spec.indicator_count} indicators.")
