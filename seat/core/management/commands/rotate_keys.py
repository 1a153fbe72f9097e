"""``seat rotate-keys``: re-encrypt every encrypted value under the first key of
SEAT_ENCRYPTION_KEYS (seat/core/privacy/rotation.py says how), so an old key can be removed.

Keys are named by their id (the first 8 hex digits of their SHA-256), never printed, except the
new key ``--new-key`` makes, which goes to standard output only.
Its output is for the operator and stays in English, like ``seat worker`` and ``seat housekeeping``.
Exit status: 0 done (or nothing to do), 1 some values are under no configured key.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError, CommandParser

from seat.core.privacy.crypto import key_id
from seat.core.privacy.rotation import BATCH_SIZE, rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the first key of SEAT_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count values per key; write nothing."
        )
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new key to put first, and stop."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            key = Fernet.generate_key().decode("ascii")
            self.stdout.write(key)
            self.stdout.write(
                f"Key id {key_id(key)}. Put it first in SEAT_ENCRYPTION_KEYS "
                "(SEAT_ENCRYPTION_KEYS=NEW,OLD...), restart Seat, then run `seat rotate-keys`. "
                "Keep a copy apart from the backups."
            )
            return
        rotation = rotate_keys(
            dry_run=options["dry_run"],
            batch_size=max(1, options["batch_size"]),
        )
        self.stdout.write(f"Keys: {', '.join(rotation.key_ids)} (first: {rotation.first_key}).")
        for found in rotation.fields:
            if not found.values:
                continue
            under = ", ".join(f"{kid} {n}" for kid, n in sorted(found.by_key.items()))
            line = f"{found.label}: {found.values} values (by key: {under or '-'})"
            if found.unreadable:
                line += f", {found.unreadable} under no configured key"
            if not rotation.dry_run:
                line += f", {found.reencrypted} re-encrypted"
            self.stdout.write(line)
        if rotation.dry_run:
            self.stdout.write(
                f"Dry run, nothing written: {rotation.to_reencrypt} values would be re-encrypted "
                f"under {rotation.first_key}."
            )
        else:
            self.stdout.write(
                f"{rotation.reencrypted} values re-encrypted under {rotation.first_key}."
            )
            if rotation.changed_meanwhile:
                self.stdout.write(
                    f"{rotation.changed_meanwhile} values were saved by someone meanwhile and "
                    "kept as saved; run the command again to check them."
                )
        if rotation.unreadable:
            fields = "; ".join(
                f"{f.label}: {f.unreadable}" for f in rotation.fields if f.unreadable
            )
            raise CommandError(
                f"{rotation.unreadable} values are under no configured key ({fields}). They read "
                "as empty and were left as they are: add the key that made them, or ask each "
                "person to type those details again.",
                returncode=1,
            )
