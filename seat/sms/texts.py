"""What the text messages say. Each is called inside ``translation.override`` with her language.

Short, plain, and safe on a shared phone: no name, no organisation, no title of a
consultation, nothing about trafficking. A conversation is named by its short code (``ref``).
Keywords stay in Latin letters in every language (they work on any phone's keyboard); the words
for yes and no in her language work as well (``services.YES_WORDS``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from seat.core.formats import format_number


def invitation(*, ref: str, deadline: str, amount: str) -> str:
    """``amount`` is the pay with its currency, in her language ("" when unpaid)."""
    if amount:
        return _(
            "Seat: you are invited to give your view (%(ref)s). You will be paid %(amount)s. "
            "Last day: %(deadline)s. Reply YES %(ref)s to take part, or NO %(ref)s."
        ) % {"ref": ref, "amount": amount, "deadline": deadline}
    return _(
        "Seat: you are invited to give your view (%(ref)s). Last day: %(deadline)s. Reply YES "
        "%(ref)s to take part, or NO %(ref)s."
    ) % {"ref": ref, "deadline": deadline}


def invitation_again(*, ref: str) -> str:
    return _("Please reply YES %(ref)s to take part, or NO %(ref)s.") % {"ref": ref}


def consent_ask(*, ref: str) -> str:
    return _(
        "Thank you (%(ref)s). Only the organisation that asked reads your answers. May it "
        "quote your words, with no name? Reply 1 for yes, 2 for no."
    ) % {"ref": ref}


def consent_again(*, ref: str) -> str:
    return _("Please reply 1 (quote my words, with no name) or 2 (do not quote) for %(ref)s.") % {
        "ref": ref
    }


def consent_first(*, ref: str) -> str:
    """Her message came before she chose 1 or 2: it is not kept, and she is told so."""
    return _(
        "Your message was not kept. First reply 1 (quote my words, with no name) or 2 (do not "
        "quote) for %(ref)s. Then the questions come."
    ) % {"ref": ref}


def question(*, ref: str, number: int, total: int, text: str) -> str:
    return _(
        "Question %(number)s of %(total)s (%(ref)s): %(text)s Reply with your answer, or SKIP."
    ) % {"ref": ref, "number": format_number(number), "total": format_number(total), "text": text}


def saved(*, ref: str) -> str:
    return _(
        "Thank you. Your input %(ref)s is saved. You will get a message when there is an "
        "answer, and when you are paid."
    ) % {"ref": ref}


def already_saved(*, ref: str) -> str:
    return _("Your input %(ref)s is already saved. Nothing more is needed.") % {"ref": ref}


def declined(*, ref: str) -> str:
    return _("Thank you for telling us. You said no to %(ref)s. Nothing more is needed.") % {
        "ref": ref
    }


def sent_already(*, done: str, ref: str) -> str:
    """A message after her input ``done`` was sent, while invitation ``ref`` waits for a yes or
    no: it is neither, so it is not kept."""
    return _(
        "Your input %(done)s was already sent; this message was not added to it. To take part "
        "in %(ref)s, reply YES %(ref)s, or NO %(ref)s."
    ) % {"done": done, "ref": ref}


def already_declined(*, ref: str) -> str:
    return _("You already said no to %(ref)s. Nothing more is needed.") % {"ref": ref}


def already_accepted(*, ref: str) -> str:
    return _("You already said yes to %(ref)s.") % {"ref": ref}


def response(*, ref: str, outcome: str) -> str:
    return _(
        "Seat: there is an answer to your input %(ref)s: %(outcome)s. Reply WHY %(ref)s to "
        "read the reason."
    ) % {"ref": ref, "outcome": outcome}


def reason(*, ref: str, text: str) -> str:
    return _("Why (%(ref)s): %(text)s") % {"ref": ref, "text": text}


def no_reason(*, ref: str) -> str:
    return _("There is no answer to your input %(ref)s yet.") % {"ref": ref}


def paid(*, ref: str, amount: str) -> str:
    if ref:
        return pgettext("payment", "Seat: you have been paid %(amount)s for %(ref)s.") % {
            "ref": ref,
            "amount": amount,
        }
    return pgettext("payment", "Seat: you have been paid %(amount)s.") % {"amount": amount}


def reminder(*, ref: str, deadline: str) -> str:
    return _(
        "Seat: a reminder, the last day to give your view (%(ref)s) is %(deadline)s. Reply HELP "
        "to see where you are."
    ) % {"ref": ref, "deadline": deadline}


def closed(*, ref: str) -> str:
    return _("Seat: %(ref)s no longer takes input. Nothing more is needed.") % {"ref": ref}


def cancelled(*, ref: str) -> str:
    return _("Seat: %(ref)s was cancelled. Nothing more is needed.") % {"ref": ref}


def stopped() -> str:
    return _("You will get no more messages. Reply START to get them again.")


def started() -> str:
    return _("You will get messages again. Reply HELP for help.")


def help_text() -> str:
    return _(
        "Seat: reply YES or NO to an invitation, SKIP to skip a question, STOP to stop all "
        "messages. For more help, ask the organisation you work with."
    )


def nothing_waiting() -> str:
    return _("Nothing is waiting for your answer now. Reply HELP for help.")


def not_recognised() -> str:
    """To a number Seat does not know: says nothing about anyone, in the language her message
    shows (``services.sender_language``) or the site's."""
    return _("This number cannot answer your message. Please ask the organisation you work with.")


def confirm_code(*, code: str) -> str:
    """To the number she gave on her page: whoever holds it reads nothing about her."""
    return _(
        "Seat: your code is %(code)s. Type it on the page where you gave this number. If you "
        "did not ask for it, do nothing."
    ) % {"code": code}
