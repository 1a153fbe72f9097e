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
from django.utils.translation import gettext_lazy, ngettext

from seat.core.formats import format_day, format_money, format_number
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
    Event.PAYMENT_CANCELLED: gettext_lazy(
        "%(organisation)s has cancelled the payment of %(amount)s for “%(title)s”. The reason "
        "it gave is on the payment."
    ),
    # Followed by one sentence per change (``change_sentences``).
    Event.CONSULTATION_CHANGED: gettext_lazy("%(organisation)s has changed “%(title)s”."),
    Event.CONSULTATION_CLOSED: gettext_lazy(
        "%(organisation)s has closed “%(title)s”. It takes no more input."
    ),
    Event.CONSULTATION_CANCELLED: gettext_lazy("%(organisation)s has cancelled “%(title)s”."),
    Event.ADVISOR_ASKED: gettext_lazy(
        "%(organisation)s asks whether you would advise its self-assessment. Only a yes makes "
        "you an advisor."
    ),
    # Followed by the sentence for the status it moved to (``APPLICATION_SENTENCES``).
    Event.APPLICATION_CHANGED: gettext_lazy(
        "%(organisation)s has news about your application for “%(title)s”."
    ),
    Event.OUTCOME_REPORT_SENT: gettext_lazy(
        "%(organisation)s tells you what came of “%(title)s”: what it heard, what changed, "
        "what did not and why, and what happens next."
    ),
    Event.PASSWORD_RESET: gettext_lazy(
        "Your password was changed with a reset code from %(organisation)s. If you did not do "
        "this, ask %(organisation)s for a new reset code at once."
    ),
    Event.ACCOUNT_IDLE: gettext_lazy(
        "Seat deletes an account when nobody has used it for 12 months, and would have deleted "
        "yours on %(deadline)s. You have logged in, so it is kept."
    ),
    Event.PAYMENT_RECORDED: gettext_lazy(
        "A payment of %(amount)s for “%(title)s” is waiting for approval."
    ),
    Event.PAYMENTS_IMPORTED: gettext_lazy(
        "%(count)s payments for trainings delivered for %(organisation)s, recorded from a file, "
        "are waiting for approval."
    ),
    Event.COUNCIL_RESPONSE: gettext_lazy(
        "%(organisation)s has answered the recommendation “%(title)s” of %(council)s."
    ),
    Event.STAFF_INVITATION: gettext_lazy("%(organisation)s invites you to join it on Seat."),
    Event.PARTNER_PAYMENT_PAID: gettext_lazy(
        "%(organisation)s has paid %(amount)s through you for “%(title)s”. Pass it on, then "
        "mark it passed on."
    ),
    Event.PARTNER_RESPONSE_RECORDED: gettext_lazy(
        "%(organisation)s has answered input given through you on “%(title)s”. Tell the "
        "people who gave it, in their language."
    ),
    Event.PARTNER_OUTCOME_REPORT_SENT: gettext_lazy(
        "%(organisation)s has sent a report on what came of “%(title)s” to the members who "
        "took part through you. Read it to them, in their language."
    ),
    Event.PARTNER_REQUEST: gettext_lazy(
        "%(organisation)s asks %(partner)s to bring “%(title)s” to its members. The last day is "
        "%(deadline)s."
    ),
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


# What changed in a consultation, one sentence per kind of change, from the new values the
# change carries (``consultations.corrections._what_changed``); an unknown kind says nothing.
CHANGE_SENTENCES: dict[str, Any] = {
    "deadline": gettext_lazy("The last day is now %(date)s."),
    "pay.hour": gettext_lazy("The pay is now %(amount)s per hour."),
    "pay.day": gettext_lazy("The pay is now %(amount)s per day."),
    "pay.session": gettext_lazy("The pay is now %(amount)s per session."),
    "unpaid": gettext_lazy("It is no longer paid."),
    "pay_method": gettext_lazy("How you are paid has changed."),
    "costs": gettext_lazy(
        "Travel, data and childcare costs are covered. How to get them paid back has changed."
    ),
    "no_costs": gettext_lazy("Travel, data and childcare costs are no longer covered."),
    "languages": gettext_lazy("The languages offered are now: %(languages)s."),
    "purpose": gettext_lazy("What it is for, or what your input can change, is different now."),
    "questions": gettext_lazy("The questions have changed."),
    "where": gettext_lazy(
        "Where the work is, and so what your input can change, is different now."
    ),
    "interpretation": gettext_lazy("An interpreter is now provided."),
    "no_interpretation": gettext_lazy("An interpreter is no longer provided."),
    "content_note": gettext_lazy("The note about distressing topics has changed."),
    "support": gettext_lazy("Who to ask for help has changed."),
}


# Where her application now stands, keyed by opportunities.enums.ApplicationStatus.
APPLICATION_SENTENCES: dict[str, Any] = {
    "shortlisted": gettext_lazy("You are on the shortlist."),
    "offered": gettext_lazy("It is offered to you. Say yes on your applications page."),
    "accepted": gettext_lazy("You are accepted."),
    "not_selected": gettext_lazy("You were not selected this time."),
}


def change_sentences(changes: Any) -> list[str]:
    """The sentences for a consultation's changes, in the current language."""
    sentences: list[str] = []
    for change in changes if isinstance(changes, list) else []:
        if not isinstance(change, dict):
            continue
        kind = change.get("kind")
        if kind == "hours":
            try:
                hours = Decimal(change.get("hours", ""))
            except (InvalidOperation, TypeError, ValueError):
                continue
            sentences.append(
                ngettext(
                    "It now takes about %(hours)s hour.",
                    "It now takes about %(hours)s hours.",
                    int(hours) if hours == int(hours) else 2,
                )
                % {"hours": format_number(hours)}
            )
        elif kind == "pay_within":
            days = change.get("days")
            if isinstance(days, int):
                sentences.append(
                    ngettext(
                        "You are now paid within %(days)s day of sending your input.",
                        "You are now paid within %(days)s days of sending your input.",
                        days,
                    )
                    % {"days": format_number(days)}
                )
        elif kind in CHANGE_SENTENCES:
            values = _values(change)
            if date := change.get("date"):
                try:
                    values["date"] = format_day(datetime.date.fromisoformat(date))
                except (TypeError, ValueError):
                    continue
            sentences.append(str(CHANGE_SENTENCES[kind]) % values)
    return sentences


def inbox_text(event: str, context: dict[str, Any]) -> str:
    """The inbox sentence for an event, in the current language."""
    template = INBOX_TEXTS.get(event)
    if template is None:
        return _("You have a new message.")
    text = str(template) % _values(context)
    if event == Event.CONSULTATION_CHANGED:
        text = " ".join([text, *change_sentences(context.get("changes"))])
    if event == Event.APPLICATION_CHANGED and context.get("status") in APPLICATION_SENTENCES:
        text = f"{text} {APPLICATION_SENTENCES[context['status']]}"
    return text


def outside_subject() -> str:
    """The e-mail subject for every event: nothing a passer-by could learn from."""
    return _("You have a new message on Seat")


def sms_text(*, inbox_url: str) -> str:
    return _("Seat: you have a new message. Log in to read it: %(link)s") % {"link": inbox_url}
