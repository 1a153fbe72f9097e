"""``seat import-trainings FILE --organisation ID --user NAME``: the CSV import of the
trainings pages, from a shell. Rows already recorded are never saved again, so it is safe to
run twice."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from seat.accounts.models import Organisation, User
from seat.trainings.csvfile import MAX_BYTES, ImportFileError
from seat.trainings.services import trainings_import


class Command(BaseCommand):
    help = "Import training sessions from a CSV file (the columns of /trainings/<id>/import/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", required=True, help="the organisation's id, or its exact name"
        )
        parser.add_argument(
            "--user", required=True, help="username of an admin or staff member recording them"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = _organisation(options["organisation"])
        actor = User.objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError("No such user.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError("No such file.")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        try:
            outcome = trainings_import(actor=actor, organisation=organisation, data=data)
        except PermissionDenied:
            raise CommandError("This user may not record the organisation's sessions.") from None
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{outcome.rows} rows: {outcome.saved} saved, {outcome.already} already recorded, "
            f"{outcome.rejected} rejected. Report: /trainings/imports/{outcome.pk}/"
        )
        for rejected in outcome.rejected_rows:
            self.stdout.write(f"row {rejected['row']}: {' '.join(rejected['problems'])}")


def _organisation(given: str) -> Organisation:
    try:
        found = Organisation.objects.filter(pk=uuid.UUID(given)).first()
    except ValueError:
        matches = list(Organisation.objects.filter(name=given)[:2])
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise CommandError("No such organisation (give its id, or its exact name).")
    return found
