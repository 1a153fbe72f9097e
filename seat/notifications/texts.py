"""What each event says, in the reader's language.

Two kinds of text, on purpose:
- the **inbox** text, shown only to the signed-in recipient, may name the organisation, the
  consultation and the amount (all things she can already see on her own pages);
- the **outside** text (e-mail subject and body, SMS) is the same generic sentence for every
  event plus a link, because a lock screen, a shared phone or a shared mailbox shows it to
  whoever holds the device. It names no organisation, consultation, amount or person.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seat.core.formats import format_day, format_money
from seat.notifications.enums import Event

# Each sentence takes its values from the notification's context by name; a missing value shows
# as "…" rather than breaking the page.
INBOX_TEXTS: dict[str, Any] = {
    Event.INVITATION_SENT: gettext_lazy(
        "%(organisation)s invites you to give your input on “%(title)s”. The last day is "
        "%(deadline)s."
    ),
    Event.DEADLINE_REMINDER: gettext_lazy(
        "You said yes to “%(title)s” and have not sent your input yet. The last day is "
        "%(deadline)s."
    ),
    Event.RESPONSE_RECORDED: gettext_lazy(
        "%(organisation)s has told you what it did with your input on “%(title)s”."
    ),
    Event.PAYMENT_APPROVED: gettext_lazy(
        "%(organisation)s has approved your payment of %(amount)s for “%(title)s”."
    ),
    Event.PAYMENT_PAID: gettext_lazy("%(organisation)s has paid you %(amount)s for “%(title)s”."),
    Event.CONSULTATION_CHANGED: gettext_lazy(
        "%(organisation)s has changed “%(title)s”. Please read it again."
    ),
    Event.CONSULTATION_CLOSED: gettext_lazy(
        "%(organisation)s has closed “%(title)s”. It takes no more input."
    ),
    Event.CONSULTATION_CANCELLED: gettext_lazy("%(organisation)s has cancelled “%(title)s”."),
    Event.ADVISOR_ASKED: gettext_lazy(
        "%(organisation)s asks whether you would advise its self-assessment. Only a yes makes "
        "you an advisor."
    ),
    Event.PASSWORD_RESET: gettext_lazy(
        "Your password was changed with a reset code from %(organisation)s. If you did not do "
        "this, ask %(organisation)s for a new reset code at once."
    ),
    Event.PAYMENT_RECORDED: gettext_lazy(
        "A payment of %(amount)s for “%(title)s” is waiting for approval."
    ),
    Event.STAFF_INVITATION: gettext_lazy("%(organisation)s invites you to join it on Seat."),
}


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def _values(context: dict[str, Any]) -> _Values:
    """The context's values formatted for the current language: dates and money follow the
    reader's conventions and digits."""
    values = _Values({k: str(v) for k, v in context.items() if isinstance(v, str | int)})
    if deadline := context.get("deadline"):
        try:
            values["deadline"] = format_day(datetime.date.fromisoformat(deadline))
        except (TypeError, ValueError):
            values.pop("deadline", None)
    if (amount := context.get("amount")) and (currency := context.get("currency")):
        try:
            values["amount"] = format_money(Decimal(amount), currency)
        except (InvalidOperation, TypeError, ValueError):
            values.pop("amount", None)
    return values


def inbox_text(event: str, context: dict[str, Any]) -> str:
    """The inbox sentence for an event, in the current language."""
    template = INBOX_TEXTS.get(event)
    if template is None:
        return _("You have a new message.")
    return str(template) % _values(context)


def outside_subject() -> str:
    """The e-mail subject for every event: nothing a passer-by could learn from."""
    return _("You have a new message on Seat")


def sms_text(*, inbox_url: str) -> str:
    return _("Seat: you have a new message. Log in to read it: %(link)s") % {"link": inbox_url}
