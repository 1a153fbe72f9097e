"""``seat restore FILE [--replace]``: a backup made by ``seat backup`` put back, then migrated.

It refuses, changing nothing (exit status 2), a damaged file, a backup of another kind of
database or from a newer Seat, and a database that is not empty unless ``--replace``. Stop the
server and the workers first. Exit status 1: a tool failed (nothing changed on PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.core.backup import BackupError, backup_restore, key_sources


class Command(BaseCommand):
    help = _("Restore a backup file into an empty database, then bring it up to date.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The backup file to restore."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Delete everything in the database first, if it is not empty."),
        )
        parser.add_argument(
            "--database", default="default", help=_("Which database to restore into.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(
                path=options["file"], replace=options["replace"], using=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error), returncode=error.returncode) from None
        manifest = restored.manifest
        self.stdout.write(
            _(
                "Restored the backup made on %(created)s by Seat %(version)s: %(tables)s tables, "
                "%(rows)s rows."
            )
            % {
                "created": manifest["created_at"],
                "version": manifest["seat_version"],
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
            }
        )
        if restored.migrations_applied:
            self.stdout.write(
                ngettext(
                    "Brought up to this Seat's schema: %(count)s migration applied.",
                    "Brought up to this Seat's schema: %(count)s migrations applied.",
                    len(restored.migrations_applied),
                )
                % {"count": len(restored.migrations_applied)}
            )
        if restored.keys_read is False:
            self.stderr.write(
                _(
                    "Warning: the keys this Seat is given do not read the restored encrypted "
                    "fields (names, numbers, payment details). Give it the keys of the Seat that "
                    "made the backup before anyone uses it."
                )
            )
        self.stdout.write(
            _(
                "Encrypted fields are read with the keys this Seat is given; they must be the "
                "keys of the Seat that made the backup:"
            )
        )
        for line in key_sources():
            self.stdout.write(f"  {line}")
