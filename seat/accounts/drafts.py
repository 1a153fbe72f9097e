"""Drafts of staff forms kept across the quick exit: the signed ticket a page carries.

The quick exit must stay instant, so the page does not wait for anything: it fires the draft
with navigator.sendBeacon and leaves. The beacon may reach the server after /exit/ has ended the
session, so it cannot rely on the session: the page carries a signed ticket naming the person,
the page and the form, valid for a few hours, and the ticket is what authorises the write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing

_SALT = "seat.accounts.drafts"
TICKET_MAX_AGE = 12 * 3600
# Days a draft is offered back before it is thrown away.
DRAFT_DAYS = 7
MAX_FIELDS = 60
MAX_CHARACTERS = 60_000


@dataclass(frozen=True)
class Ticket:
    user_id: Any
    path: str
    form: str


def ticket_sign(*, user: Any, path: str, form: str) -> str:
    return signing.dumps({"u": str(user.pk), "p": path, "f": form}, salt=_SALT, compress=True)


def ticket_read(value: str) -> Ticket | None:
    try:
        data = signing.loads(value, salt=_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return None
    return Ticket(user_id=data["u"], path=data["p"], form=data["f"])
