"""Taking part by text message: enrolling, the conversation, and the messages Seat sends.

Every change to an invitation, consent, input, response or payment goes through that app's
own service (``consultations.services``, ``people.services``…): this app only holds where each
conversation stands and turns messages into those calls.

- An incoming message is handled once per provider id (``SmsInbound``); a copy delivered again
  changes nothing and is not answered again.
- Her messages are read against where her conversation stands. One that does not fit (a YES
  that arrives again, or after her NO, an answer after her input is saved) gets a short reply
  saying where things stand, never an error.
- Every message sent is recorded once per key (``SmsOutbound``) and goes out when the
  transaction commits; none holds a name, a title or anything about trafficking
  (``texts``), and no number or text is logged or kept in clear.
"""

from __future__ import annotations

import datetime
import json
import logging
import secrets
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from seat.accounts.models import User
from seat.consultations.enums import (
    Attribution,
    ConsultationStatus,
    ContributionChannel,
    InvitationStatus,
)
from seat.consultations.models import Contribution, Invitation
from seat.consultations.services import LoopError, contribution_submit, invitation_answer
from seat.consultations.translations import consultation_text
from seat.core.formats import format_day, format_money
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.notifications.sms import sms_backend
from seat.people.enums import ConsentChannel
from seat.people.models import ExpertProfile
from seat.people.rules import is_self
from seat.people.services import identity_read, identity_update
from seat.sms import texts
from seat.sms.enums import OPEN_STEPS, OutboundStatus, Step
from seat.sms.gateways import InboundSms
from seat.sms.models import SmsContact, SmsInbound, SmsOutbound, SmsThread
from seat.sms.phone import phone_index, phone_normalise

logger = logging.getLogger(__name__)

# Her words for yes, no, stop, start and help in each language Seat's messages are in (and the
# Latin spellings people type on phones without her script), besides the English keywords every
# message names. Upper case, as `_words` gives them.
YES_WORDS = frozenset(
    {"YES", "Y", "OK", "SI", "SÍ", "হ্যাঁ", "হ্যা", "HA", "HAN", "HAAN"}  # en, es, bn
    | {"हाँ", "हां", "हा", "जी"}  # hi
    | {"हो", "हुन्छ", "HUNCHHA"}  # ne
    | {"YA", "IYA"}  # id
    | {"បាទ", "ចាស", "បាទ/ចាស", "BAT", "CHAS"}  # km
    | {"OO", "OPO", "OPO."}  # tl
    | {"OUI"}  # fr
    | {"نعم", "أجل", "اجل", "NAAM"}  # ar
)
NO_WORDS = frozenset(
    {"NO", "N", "না", "NA"}  # en, es, bn
    | {"नहीं", "नही", "NAHI", "NAHIN"}  # hi
    | {"होइन", "हुँदैन", "HOINA"}  # ne
    | {"TIDAK", "GAK", "NGGAK", "ENGGAK"}  # id
    | {"ទេ", "TE"}  # km
    | {"HINDI", "AYAW"}  # tl
    | {"NON"}  # fr
    | {"لا", "LA"}  # ar
)
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
    | {"থামুন", "বন্ধ"}  # bn
    | {"रोकें", "रोको", "बंद"}  # hi
    | {"रोक", "बन्द"}  # ne
    | {"BERHENTI"}  # id
    | {"ឈប់"}  # km
    | {"TIGIL", "HINTO"}  # tl
    | {"ARRET", "ARRÊT", "ARRÊTER"}  # fr
    | {"توقف", "إيقاف", "ايقاف"}  # ar
    | {"PARAR", "ALTO"}  # es
)
START_WORDS = frozenset({"START", "UNSTOP", "MULAI", "DEMARRER", "COMENZAR", "ابدأ", "ابدا"})
HELP_WORDS = frozenset(
    {"HELP", "INFO", "?", "AYUDA", "AIDE", "BANTUAN", "TULONG", "সাহায্য", "मदद", "सहयोग"}
    | {"ជំនួយ", "مساعدة", "؟"}
)
SKIP_WORDS = frozenset({"SKIP"})
WHY_WORDS = frozenset({"WHY"})

# Codes name a conversation in every message: letters and digits nobody confuses on a small
# screen or reading aloud (no 0/O, 1/I/L, 5/S, 8/B, 2/Z).
REF_ALPHABET = "ACDEFHJKMNPRTVWXY34679"
REF_LENGTH = 4

# The text kept for a reason read by SMS: several messages at most.
REASON_MAX_CHARS = 600


class SmsError(Exception):
    """A number cannot be used for text messages; the message says why, plainly."""


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# Enrolling ------------------------------------------------------------------------------


@transaction.atomic
def sms_contact_enrol(
    *, actor: User, expert: ExpertProfile, phone: str, language: str
) -> SmsContact:
    """She chooses to take part by text message at ``phone``, in ``language``. Only she does
    (staff never see or type her number). The number is kept once, in her private details;
    here only its keyed digest. A number another person uses is refused."""
    if not is_self(actor, expert):
        raise PermissionDenied
    normal = phone_normalise(phone)
    if not normal:
        raise SmsError(_("Enter a phone number with its country code, for example +880…"))
    if not normal.startswith("+"):
        # Providers give her number in its international form: without one she would enrol a
        # number no message of hers could ever be matched to.
        raise SmsError(
            _(
                "Write the number with its country code, starting with +, for example +880 1711 000000."
            )
        )
    index = phone_index(normal)
    if SmsContact.objects.filter(phone_index=index).exclude(expert=expert).exists():
        raise SmsError(_("This number cannot be used. Please use another one."))
    identity_update(actor=actor, expert=expert, phone=normal)
    contact, _created = SmsContact.objects.update_or_create(
        expert=expert,
        defaults={"phone_index": index, "language": _language(language), "stopped_at": None},
    )
    audit_record(actor=actor, verb="sms.enrol", target=expert)
    return contact


@transaction.atomic
def sms_contact_stop(*, actor: User, expert: ExpertProfile) -> None:
    """She stops text messages from her own page (as replying STOP does)."""
    if not is_self(actor, expert):
        raise PermissionDenied
    if SmsContact.objects.filter(expert=expert, stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    ):
        audit_record(actor=actor, verb="sms.stop", target=expert)


# Sending --------------------------------------------------------------------------------


# A failed message is tried again this many times in all, at least this long after the last
# try; one still waiting this long after it was written lost its moment (the process ended).
MAX_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=5)
STRANDED_AFTER = datetime.timedelta(minutes=10)


def _queue(*, contact: SmsContact | None, key: str, body: str, to: str = "") -> bool:
    """Record one message under ``key`` and send it when the transaction commits; False when a
    message with that key was recorded already. ``to`` is for a sender Seat does not know (that
    reply is tried once, and neither number nor text is kept); anyone else's number is read
    from her private details at the moment of sending."""
    outbound, created = SmsOutbound.objects.get_or_create(
        key=key, defaults={"contact": contact, "body": body if contact is not None else ""}
    )
    if not created:
        return False
    outbound_id = outbound.pk
    transaction.on_commit(lambda: _deliver(outbound_id=outbound_id, body=body, to=to))
    return True


def _deliver(*, outbound_id: Any, body: str, to: str) -> bool:
    """Claim one message (so two workers never both send it), send it, record how it went."""
    claimed = SmsOutbound.objects.filter(
        pk=outbound_id,
        status__in=[OutboundStatus.PENDING, OutboundStatus.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return False
    outbound = SmsOutbound.objects.select_related("contact__expert__user").get(pk=outbound_id)
    error = ""
    try:
        if not to and outbound.contact is not None:
            expert = outbound.contact.expert
            to = identity_read(actor=expert.user, expert=expert, purpose="sms").phone
        if not to:
            raise SmsError("no_address")
        sms_backend().send(to=to, body=body)
    except Exception as exc:  # a failing provider is recorded, never passed on
        error = (str(exc) if isinstance(exc, SmsError) else type(exc).__name__)[:100]
        # Ids and the kind of failure only: never the number or the text.
        logger.warning("sms %s failed: %s", outbound.pk, error)
    done = not error or outbound.contact is None or error == "no_address"
    SmsOutbound.objects.filter(pk=outbound.pk).update(
        status=OutboundStatus.FAILED if error else OutboundStatus.SENT,
        error=error,
        # The text goes once it has gone, or once trying again cannot help.
        **({"body": ""} if done else {}),
        **({"attempts": MAX_ATTEMPTS} if error and done else {}),
        sent_at=None if error else timezone.now(),
        updated_at=timezone.now(),
    )
    return not error


def sms_outbound_retry() -> int:
    """Periodic: messages a provider refused (a few times, spaced out) and ones whose moment
    was lost; returns how many went out."""
    now = timezone.now()
    due = SmsOutbound.objects.filter(
        Q(
            status=OutboundStatus.FAILED,
            attempts__lt=MAX_ATTEMPTS,
            updated_at__lte=now - RETRY_AFTER,
        )
        | Q(status=OutboundStatus.PENDING, updated_at__lte=now - STRANDED_AFTER),
        contact__isnull=False,
    )
    return sum(
        _deliver(outbound_id=outbound.pk, body=outbound.body, to="") for outbound in due[:500]
    )


def sms_log_purge(*, older_than_days: int) -> int:
    """Periodic: forget messages in and out older than the retention period (ids and outcomes;
    a provider delivers a copy again within hours, not months). Conversations stay: they hold
    only where each invitation stands. Returns how many rows went."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    inbound, _by_model = SmsInbound.objects.filter(created_at__lt=cutoff).delete()
    outbound, _by_model = SmsOutbound.objects.filter(
        created_at__lt=cutoff, status__in=[OutboundStatus.SENT, OutboundStatus.FAILED]
    ).delete()
    return inbound + outbound


# Conversations --------------------------------------------------------------------------


def _new_ref(contact: SmsContact) -> str:
    """A code no other conversation of hers has, with a digit in it, so that it is never a word
    she might write in an answer."""
    taken = set(contact.threads.values_list("ref", flat=True))
    while True:
        ref = "".join(secrets.choice(REF_ALPHABET) for _position in range(REF_LENGTH))
        if ref not in taken and any(c.isdigit() for c in ref):
            return ref


def _thread_for(*, contact: SmsContact, invitation: Invitation, step: str) -> SmsThread:
    thread = SmsThread.objects.filter(invitation=invitation).first()
    if thread is None:
        thread = SmsThread.objects.create(
            contact=contact, invitation=invitation, ref=_new_ref(contact), step=step
        )
    return thread


def _questions(thread: SmsThread) -> list[tuple[str, str]]:
    """(question id, text in her language) for each question, in order."""
    text = consultation_text(
        consultation=thread.invitation.consultation, language=thread.contact.language
    )
    return [(str(item.pk), item.text) for item in text.questions]


def _prompt(thread: SmsThread) -> str:
    """What her next message in this conversation is expected to say."""
    if thread.step == Step.INVITED:
        return texts.invitation_again(ref=thread.ref)
    if thread.step == Step.CONSENT:
        return texts.consent_again(ref=thread.ref)
    if thread.step == Step.QUESTIONS:
        questions = _questions(thread)
        _id, text = questions[min(thread.question, len(questions) - 1)]
        return texts.question(
            ref=thread.ref, number=thread.question + 1, total=len(questions), text=text
        )
    if thread.step == Step.DECLINED:
        return texts.already_declined(ref=thread.ref)
    if thread.step == Step.CLOSED:
        return texts.nothing_waiting()
    return texts.already_saved(ref=thread.ref)


def _words(text: str) -> list[str]:
    """Her message in words, upper case, with any script's digits as 0-9 (a Bengali ১ is 1)."""
    plain = "".join(
        str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c
        for c in text
    )
    return [word.strip(".,!;:،।។").upper() for word in plain.split()]


def _settle(thread: SmsThread) -> None:
    """Bring a waiting conversation up to what happened elsewhere: she answered online, or
    through her partner, or the consultation closed."""
    if thread.step not in OPEN_STEPS:
        return
    invitation = thread.invitation
    step = ""
    if invitation.status == InvitationStatus.DECLINED:
        step = Step.DECLINED
    elif getattr(invitation, "contribution", None) is not None:
        step = Step.DONE
    elif invitation.consultation.status != ConsultationStatus.OPEN:
        step = Step.CLOSED
    if step:
        thread.step, thread.answers = step, ""
        SmsThread.objects.filter(pk=thread.pk).update(step=step, answers="")


class _Reading:
    """One message read against her conversations: its keyword (if it is one) and the
    conversation it is about."""

    def __init__(self, contact: SmsContact, text: str) -> None:
        self.text = text.strip()
        words = _words(self.text)
        threads = list(
            contact.threads.select_related("invitation__consultation", "invitation__contribution")
        )
        for thread in threads:
            _settle(thread)
        by_ref = {thread.ref: thread for thread in threads}
        named = [by_ref[word] for word in words if word in by_ref]
        # A keyword is the whole message, or a keyword and the code of a conversation.
        is_command = len(words) == 1 or (len(words) == 2 and words[1] in by_ref)
        self.keyword = words[0] if words and is_command else ""
        if named:
            self.thread: SmsThread | None = named[0]
        else:
            # A message with no code goes to the conversation she is in the middle of (a choice
            # or a question asked) before one that only invited her: a new invitation arriving
            # between two of her answers must not take the next one.
            engaged = [t for t in threads if t.step in (Step.CONSENT, Step.QUESTIONS)]
            waiting = engaged or [t for t in threads if t.step in OPEN_STEPS]
            self.thread = (waiting or threads)[0] if threads else None


def _converse(contact: SmsContact, text: str) -> tuple[str, list[str]]:
    """(what it did, the replies) for one message from her, in her language."""
    reading = _Reading(contact, text)
    word, thread = reading.keyword, reading.thread
    if word in STOP_WORDS:
        SmsContact.objects.filter(pk=contact.pk).update(stopped_at=timezone.now())
        audit_record(actor=contact.expert.user, verb="sms.stop", target=contact.expert)
        return "stop", [texts.stopped()]
    if word in START_WORDS:
        SmsContact.objects.filter(pk=contact.pk).update(stopped_at=None)
        audit_record(actor=contact.expert.user, verb="sms.start", target=contact.expert)
        return "start", [texts.started()]
    if contact.stopped_at is not None:
        return "stopped", [texts.still_stopped()]
    if word in HELP_WORDS:
        open_thread = thread if thread is not None and thread.step in OPEN_STEPS else None
        return "help", [texts.help_text()] + ([_prompt(open_thread)] if open_thread else [])
    if thread is None:
        return "nothing_waiting", [texts.nothing_waiting()]
    if word in WHY_WORDS:
        return "why", [_reason(thread)]
    user = contact.expert.user
    if user is None or not user.is_active:
        return "no_account", [texts.nothing_waiting()]
    try:
        with transaction.atomic():
            return _step(thread=thread, user=user, word=word, text=reading.text)
    except LoopError as error:
        # The consultation closed, was cancelled or its last day passed: she is told why.
        # What she had written goes with it: it can no longer be saved anywhere.
        SmsThread.objects.filter(pk=thread.pk).update(step=Step.CLOSED, answers="")
        return "closed", [str(error.args[0]) if error.args else texts.nothing_waiting()]


def _converse_safely(contact: SmsContact, text: str, inbound_id: Any) -> tuple[str, list[str]]:
    """``_converse``, and if anything unforeseen goes wrong, nothing of it is kept and she gets
    the help text: never silence, and never an error the provider would retry for ever. The
    log names the message by id and the kind of failure, never its text."""
    try:
        with transaction.atomic():
            return _converse(contact, text)
    except Exception as exc:
        logger.error("sms %s could not be handled: %s", inbound_id, type(exc).__name__)
        return "error", [texts.help_text()]


def _step(*, thread: SmsThread, user: User, word: str, text: str) -> tuple[str, list[str]]:
    if thread.step == Step.INVITED:
        if word not in YES_WORDS | NO_WORDS:
            return "not_understood", [texts.invitation_again(ref=thread.ref)]
        invitation = invitation_answer(
            actor=user,
            invitation=thread.invitation,
            accept=word in YES_WORDS,
            channel=ConsentChannel.SMS,
        )
        if invitation.status == InvitationStatus.ACCEPTED:
            thread.step = Step.CONSENT
            thread.save(update_fields=["step", "updated_at"])
            if word in NO_WORDS:  # she had said yes already (online, or a message before)
                return "already_accepted", [texts.already_accepted(ref=thread.ref), _prompt(thread)]
            return "accepted", [texts.consent_ask(ref=thread.ref)]
        thread.step = Step.DECLINED
        thread.save(update_fields=["step", "updated_at"])
        if word in YES_WORDS:
            return "already_declined", [texts.already_declined(ref=thread.ref)]
        return "declined", [texts.declined(ref=thread.ref)]
    if thread.step == Step.DECLINED:
        return "already_declined", [texts.already_declined(ref=thread.ref)]
    if thread.step in (Step.DONE, Step.CLOSED):
        return "after_the_end", [_prompt(thread)]
    if word in YES_WORDS | NO_WORDS:
        # Her YES again (a copy, or one sent twice): never taken as a choice or an answer.
        return "repeat", [texts.already_accepted(ref=thread.ref), _prompt(thread)]
    if thread.step == Step.CONSENT:
        choice = {"1": Attribution.ANONYMOUS, "2": Attribution.NOT_QUOTED}.get(word)
        if choice is None:
            return "not_understood", [texts.consent_again(ref=thread.ref)]
        thread.attribution = choice
        thread.step = Step.QUESTIONS
        thread.question = 0
        thread.answers = ""
        thread.save()
        return "consent", [_prompt(thread)]
    return _answer(thread=thread, user=user, word=word, text=text)


def _answer(*, thread: SmsThread, user: User, word: str, text: str) -> tuple[str, list[str]]:
    questions = _questions(thread)
    if not text and word not in SKIP_WORDS:
        # An empty message (a picture, a slip of the thumb) is never an answer, nor a skip: on
        # the last question it would send her input for her.
        return "not_understood", [_prompt(thread)]
    answers: dict[str, str] = json.loads(thread.answers) if thread.answers else {}
    if word not in SKIP_WORDS and thread.question < len(questions):
        answers[questions[thread.question][0]] = text
    thread.question += 1
    thread.answers = json.dumps(answers)
    if thread.question < len(questions):
        thread.save()
        return "answer", [_prompt(thread)]
    try:
        with transaction.atomic():
            contribution_submit(
                actor=user,
                invitation=thread.invitation,
                answers=answers,
                attribution=thread.attribution or Attribution.NOT_QUOTED,
                # One contribution per conversation, however often the last answer arrives.
                idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"seat-sms:{thread.pk}"),
                channel=ContributionChannel.SMS,
            )
    except LoopError as error:
        if answers:
            raise  # the consultation no longer takes input: _converse says why
        # Every question skipped: nothing to save, so she starts the questions again.
        thread.question = 0
        thread.answers = ""
        thread.save()
        return "nothing_answered", [str(error.args[0]), _prompt(thread)]
    thread.step = Step.DONE
    thread.answers = ""  # her answers now live in her contribution, and only there
    thread.save()
    return "contribution", [texts.saved(ref=thread.ref)]


def _reason(thread: SmsThread) -> str:
    contribution = Contribution.objects.filter(invitation=thread.invitation).first()
    response = getattr(contribution, "response", None) if contribution is not None else None
    if response is None or response.shared_at is None:
        return texts.no_reason(ref=thread.ref)
    reason = response.reason.strip()
    if len(reason) > REASON_MAX_CHARS:
        reason = reason[: REASON_MAX_CHARS - 1].rstrip() + "…"
    return texts.reason(ref=thread.ref, text=reason)


def sms_receive(*, message: InboundSms) -> list[str]:
    """Handle one incoming message, from the webhook or the simulator; returns the replies
    (they are also sent). A message already handled returns no reply."""
    try:
        with transaction.atomic():
            inbound = SmsInbound.objects.create(
                provider=message.provider, message_id=message.message_id
            )
            index = phone_index(message.sender)
            contact = (
                SmsContact.objects.select_for_update(of=("self",))
                .select_related("expert__user")
                .filter(phone_index=index)
                .first()
                if index
                else None
            )
            if contact is None:
                # The same few words whoever writes: nothing says whether anyone is known.
                with translation.override(settings.LANGUAGE_CODE):
                    replies = [texts.not_recognised()]
                outcome = "unknown_sender"
                to = message.sender
            else:
                with translation.override(_language(contact.language)):
                    outcome, replies = _converse_safely(contact, message.body, inbound.pk)
                to = ""
            SmsInbound.objects.filter(pk=inbound.pk).update(contact=contact, outcome=outcome)
            for number, reply in enumerate(replies):
                _queue(contact=contact, key=f"reply:{inbound.pk}:{number}", body=reply, to=to)
            logger.info("sms %s from %s: %s", inbound.pk, message.provider, outcome)
            return replies
    except IntegrityError:
        # The provider delivered it again (or twice at once): handled by the first copy.
        return []


# Telling her what happened --------------------------------------------------------------


def _object_id(notification: Notification) -> str:
    """The id a notification's key names (``invitation.sent:<id>``, ``payment.paid:<id>:<n>``)."""
    parts = notification.key.split(":")
    return parts[1] if len(parts) > 1 else ""


def sms_relay_notifications(notifications: list[Notification]) -> set[Any]:
    """Registered with ``notifications.services.notify``: an invitation, an answer to her input
    and a payment reach a person who takes part by text message as a message that says what
    happened (she has no link to follow). Returns the ids of those it carried."""
    relayed = {
        Event.INVITATION_SENT,
        Event.DEADLINE_REMINDER,
        Event.CONSULTATION_CLOSED,
        Event.CONSULTATION_CANCELLED,
        Event.RESPONSE_RECORDED,
        Event.PAYMENT_PAID,
    }
    wanted = [n for n in notifications if n.event in relayed]
    if not wanted:
        return set()
    contacts = {
        contact.expert.user_id: contact
        for contact in SmsContact.objects.filter(
            expert__user_id__in=[n.recipient_id for n in wanted], stopped_at__isnull=True
        ).select_related("expert")
    }
    carried: set[Any] = set()
    for notification in wanted:
        contact = contacts.get(notification.recipient_id)
        if contact is None:
            continue
        with translation.override(_language(contact.language)):
            body = _relay_body(contact, notification)
        if body:
            _queue(contact=contact, key=f"notification:{notification.pk}", body=body)
            carried.add(notification.pk)
    return carried


def _relay_body(contact: SmsContact, notification: Notification) -> str:
    object_id = _object_id(notification)
    if notification.event == Event.INVITATION_SENT:
        invitation = (
            Invitation.objects.filter(pk=object_id, expert=contact.expert)
            .select_related("consultation")
            .first()
        )
        if invitation is None:
            return ""
        thread = _thread_for(contact=contact, invitation=invitation, step=Step.INVITED)
        consultation = invitation.consultation
        pay = consultation.expected_pay
        return texts.invitation(
            ref=thread.ref,
            deadline=format_day(consultation.deadline),
            amount=format_money(pay, consultation.currency) if pay else "",
        )
    if notification.event == Event.DEADLINE_REMINDER:
        return _reminder_body(contact, object_id)
    if notification.event in (Event.CONSULTATION_CLOSED, Event.CONSULTATION_CANCELLED):
        return _ended_body(
            contact, object_id, cancelled=notification.event == Event.CONSULTATION_CANCELLED
        )
    if notification.event == Event.RESPONSE_RECORDED:
        contribution = (
            Contribution.objects.filter(pk=object_id, expert=contact.expert)
            .select_related("invitation", "response")
            .first()
        )
        response = getattr(contribution, "response", None)
        if contribution is None or contribution.invitation is None or response is None:
            return ""
        thread = _thread_for(contact=contact, invitation=contribution.invitation, step=Step.DONE)
        return texts.response(ref=thread.ref, outcome=str(response.get_outcome_display()))
    return _paid_body(contact, object_id)


def _reminder_body(contact: SmsContact, invitation_id: str) -> str:
    thread = (
        SmsThread.objects.filter(contact=contact, invitation_id=invitation_id)
        .select_related("invitation__consultation")
        .first()
    )
    if thread is None or thread.step not in OPEN_STEPS:
        return ""
    return texts.reminder(
        ref=thread.ref, deadline=format_day(thread.invitation.consultation.deadline)
    )


def _ended_body(contact: SmsContact, consultation_id: str, *, cancelled: bool) -> str:
    """A consultation closed or was cancelled: a conversation still going ends (what she had
    written cannot be saved any more); one whose input is in hears only of a cancellation."""
    thread = SmsThread.objects.filter(
        contact=contact, invitation__consultation_id=consultation_id
    ).first()
    if thread is None or thread.step == Step.DECLINED:
        return ""
    if thread.step not in OPEN_STEPS and not cancelled:
        return ""
    if thread.step in OPEN_STEPS:
        SmsThread.objects.filter(pk=thread.pk).update(step=Step.CLOSED, answers="")
    return texts.cancelled(ref=thread.ref) if cancelled else texts.closed(ref=thread.ref)


def _paid_body(contact: SmsContact, payment_id: str) -> str:
    from seat.compensation.selectors import payments_of_expert

    line = next(
        (p for p in payments_of_expert(expert=contact.expert) if str(p.pk) == payment_id), None
    )
    if line is None:
        return ""
    invitation = line.contribution.invitation if line.contribution is not None else None
    ref = (
        _thread_for(contact=contact, invitation=invitation, step=Step.DONE).ref
        if invitation is not None
        else ""
    )
    return texts.paid(ref=ref, amount=format_money(line.amount, line.currency))
