"""``seat token USERNAME [--name NAME]``

Prints a new API token for USERNAME. Seat keeps only a digest of each token, so it cannot show
an existing one again: every run makes a new token (named "command line" unless --name says
otherwise), which the person sees, with when it was last used, and revokes on their tokens page
(/me/tokens/). Exit status: 0 printed, 1 refused (no such account, an account switched off, too
many tokens), 2 usage error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from seat.accounts.models import User
from seat.api.services import COMMAND_LINE_NAME, TokenRefused, api_token_create


class Command(BaseCommand):
    help = _(
        "Print a new API token for a person. Seat keeps only a digest of each token, so each run "
        "makes a new one; the person can see and revoke it at /me/tokens/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("Whose token it is."))
        parser.add_argument(
            "--name",
            default=COMMAND_LINE_NAME,
            help=_("What the token is for, shown on the person's tokens page."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no account “%(username)s”.") % options)
        if not user.is_active:
            raise CommandError(_("The account “%(username)s” is switched off.") % options)
        try:
            _token, shown = api_token_create(actor=user, name=options["name"])
        except TokenRefused as refusal:
            raise CommandError(str(refusal)) from None
        # The token alone on stdout, so `TOKEN=$(seat token amina)` works.
        self.stdout.write(shown)
