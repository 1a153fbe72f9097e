"""``seat create-organisation NAME --kind KIND --admin USERNAME``

Creates an organisation and its first admin, for the people who run this Seat installation.
A new admin account gets no password here: the command prints a one-time link (and its code)
with which the admin chooses one, so no password is typed on a command line or kept in shell
history. An existing account keeps its password and is made the organisation's admin.
Exit status: 0 done, 1 refused (a name already taken, a username that cannot be), 2 usage
error (an unknown kind, a missing argument). Nothing is saved unless everything is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.enums import OrganisationKind
from seat.accounts.links import invitation_link, invitation_path
from seat.accounts.services import INVITATION_DAYS, OrganisationError, organisation_create
from seat.core.formats import format_number


def setup_link(code: str | None) -> str:
    """The whole link when the operator set SEAT_BASE_URL; else its path, since the default
    address (port 8000) may not be where this server is reached."""
    return invitation_link(code) if settings.SEAT_BASE_URL_SET else invitation_path(code)


class Command(BaseCommand):
    help = _(
        "Create an organisation and its first administrator, and print a one-time link for "
        "them to choose a password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=_("The organisation's name, as people will see it."))
        parser.add_argument(
            "--kind",
            required=True,
            choices=OrganisationKind.values,
            help=_("Kind of organisation."),
        )
        parser.add_argument(
            "--admin",
            required=True,
            metavar="USERNAME",
            help=_("Username of its first administrator (created if it does not exist)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            added = organisation_create(
                actor=None,
                name=options["name"],
                kind=options["kind"],
                admin_username=options["admin"],
            )
        except OrganisationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Created “%(name)s” (%(kind)s).")
            % {"name": added.organisation.name, "kind": added.organisation.get_kind_display()}
        )
        if added.setup_code is None:
            self.stdout.write(
                _("“%(username)s” is its administrator and logs in with their own password.")
                % {"username": added.admin.username}
            )
            return
        self.stdout.write(
            ngettext(
                "“%(username)s” is its administrator. Give them this link, once, to choose a "
                "password (it works for %(days)s day):",
                "“%(username)s” is its administrator. Give them this link, once, to choose a "
                "password (it works for %(days)s days):",
                INVITATION_DAYS,
            )
            % {"username": added.admin.username, "days": format_number(INVITATION_DAYS)}
        )
        link, page = setup_link(added.setup_code), setup_link(None)
        self.stdout.write(f"  {link}")
        self.stdout.write(
            _("Or the code %(code)s, typed at %(address)s.")
            % {"code": added.setup_code, "address": page}
        )
        if not settings.SEAT_BASE_URL_SET:
            self.stdout.write(
                _(
                    "These are addresses on this Seat server: open them at the address people "
                    "reach it at, for example https://seat.example.org%(path)s. Set "
                    "SEAT_BASE_URL to have the whole link printed."
                )
                % {"path": page}
            )
        self.stdout.write(_("It is shown only now: Seat keeps no copy it could show again."))
        if added.replaced:
            self.stdout.write(_("Earlier links for this account no longer work."))
