"""``seat backup FILE``: the whole database in one file (seat/core/backup.py says how).

The keys are not in it: the command says where they come from, to be backed up apart.
Exit status: 0 written, 1 a tool or the folder failed (nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from seat.core.backup import BackupError, backup_create, key_sources


class Command(BaseCommand):
    help = _("Write the whole database to one backup file (without the keys).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The backup file to write."))
        parser.add_argument("--database", default="default", help=_("Which database to back up."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(path=options["file"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error), returncode=error.returncode) from None
        self.stdout.write(
            _(
                "Backup written to %(file)s: %(tables)s tables, %(rows)s rows, "
                "%(migrations)s migrations, SHA-256 %(sha256)s."
            )
            % {
                "file": options["file"],
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "migrations": len(manifest["migrations"]),
                "sha256": manifest["sha256"],
            }
        )
        self.stdout.write(
            _(
                "The keys are not in the backup, and without them its encrypted fields cannot "
                "be read. Back them up apart, never beside this file:"
            )
        )
        for line in key_sources():
            self.stdout.write(f"  {line}")
