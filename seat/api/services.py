"""Writes for API access: making, using and revoking tokens. Each make and revoke is audited."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.models import User
from seat.api.models import ApiToken
from seat.api.tokens import token_digest, token_looks_valid, token_new
from seat.core.formats import format_number
from seat.core.privacy.audit import audit_record

# Enough for every program a person runs; a cap keeps a script gone wrong from making thousands.
MAX_LIVE_TOKENS = 20
# "Last used" is written at most this often: every API call writing a row would make each
# read a write.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
COMMAND_LINE_NAME = "command line"


class TokenRefused(Exception):
    """A token cannot be made; the message says why, for the person."""


def api_token_create(
    *, actor: User, name: str, form_key: uuid.UUID | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``actor`` named ``name``: the row and the token, to show once.

    The same ``form_key`` twice (the form sent again) gives the token made the first time a new
    secret, since the first answer never reached the person."""
    name = " ".join(name.split())[:80]
    if not name:
        raise TokenRefused(_("Give the token a name."))
    token, digest = token_new()
    with transaction.atomic():
        # Lock the person's row so two requests at once cannot both pass the cap.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        earlier = (
            ApiToken.objects.filter(user=actor, form_key=form_key, revoked_at__isnull=True).first()
            if form_key
            else None
        )
        if earlier is not None:
            earlier.digest = digest
            earlier.name = name
            earlier.save(update_fields=["digest", "name"])
            audit_record(actor=actor, verb="api_token.remade", target=earlier)
            return earlier, token
        live = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
        if live >= MAX_LIVE_TOKENS:
            raise TokenRefused(
                ngettext(
                    "You have %(count)s token that works, the most one person may have. "
                    "Revoke one you no longer use first.",
                    "You have %(count)s tokens that work, the most one person may have. "
                    "Revoke one you no longer use first.",
                    live,
                )
                % {"count": format_number(live)}
            )
        made = ApiToken.objects.create(user=actor, name=name, digest=digest, form_key=form_key)
        audit_record(actor=actor, verb="api_token.created", target=made)
    return made, token


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Stop ``token`` working from the next request on. Revoking twice changes nothing."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, user=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if changed:
            audit_record(actor=actor, verb="api_token.revoked", target=token)
    token.refresh_from_db(fields=["revoked_at"])


def api_token_use(*, token: str) -> ApiToken | None:
    """The live token ``token`` is (with its user), noting when it was used; None when it is
    unknown, revoked, or its owner's account is switched off."""
    if not token_looks_valid(token):
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found
