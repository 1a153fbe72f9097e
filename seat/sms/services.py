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
import hmac
import json
import logging
import secrets
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
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
from seat.core.privacy.digest import keyed_digest
from seat.core.retries import MAX_ATTEMPTS, due_again, stranded_since
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.notifications.sms import sms_backend
from seat.people.enums import ConsentChannel
from seat.people.models import ExpertProfile
from seat.people.rules import is_self, keeps_her_profile
from seat.people.services import expert_sms_account_create, identity_read, identity_update
from seat.sms import texts
from seat.sms.enums import OPEN_STEPS, OutboundStatus, Step
from seat.sms.gateways import InboundSms
from seat.sms.models import SmsClaim, SmsContact, SmsInbound, SmsOutbound, SmsThread
from seat.sms.phone import phone_index, phone_normalise

logger = logging.getLogger(__name__)

# Her words for yes, no, stop, start and help in each language Seat's messages are in (and the
# Latin spellings people type on phones without her script), besides the English keywords every
# message names, which work whatever her language. Upper case, as `_words` gives them.
KEYWORDS: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        "yes": frozenset({"YES", "Y", "OK"}),
        "no": frozenset({"NO", "N"}),
        "stop": frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}),
        "start": frozenset({"START", "UNSTOP"}),
        "help": frozenset({"HELP", "INFO", "?"}),
    },
    "es": {
        "yes": frozenset({"SI", "SÍ"}),
        "no": frozenset({"NO"}),
        "stop": frozenset({"PARAR", "ALTO"}),
        "start": frozenset({"COMENZAR"}),
        "help": frozenset({"AYUDA"}),
    },
    "bn": {
        "yes": frozenset({"হ্যাঁ", "হ্যা", "HA", "HAN", "HAAN"}),
        "no": frozenset({"না", "NA"}),
        "stop": frozenset({"থামুন", "বন্ধ"}),
        "help": frozenset({"সাহায্য"}),
    },
    "hi": {
        "yes": frozenset({"हाँ", "हां", "हा", "जी"}),
        "no": frozenset({"नहीं", "नही", "NAHI", "NAHIN"}),
        "stop": frozenset({"रोकें", "रोको", "बंद"}),
        "help": frozenset({"मदद"}),
    },
    "ne": {
        "yes": frozenset({"हो", "हुन्छ", "HUNCHHA"}),
        "no": frozenset({"होइन", "हुँदैन", "HOINA"}),
        "stop": frozenset({"रोक", "बन्द"}),
        "help": frozenset({"सहयोग"}),
    },
    "id": {
        "yes": frozenset({"YA", "IYA"}),
        "no": frozenset({"TIDAK", "GAK", "NGGAK", "ENGGAK"}),
        "stop": frozenset({"BERHENTI"}),
        "start": frozenset({"MULAI"}),
        "help": frozenset({"BANTUAN"}),
    },
    "km": {
        "yes": frozenset({"បាទ", "ចាស", "បាទ/ចាស", "BAT", "CHAS"}),
        "no": frozenset({"ទេ", "TE"}),
        "stop": frozenset({"ឈប់"}),
        "help": frozenset({"ជំនួយ"}),
    },
    "tl": {
        "yes": frozenset({"OO", "OPO", "OPO."}),
        "no": frozenset({"HINDI", "AYAW"}),
        "stop": frozenset({"TIGIL", "HINTO"}),
        "help": frozenset({"TULONG"}),
    },
    "fr": {
        "yes": frozenset({"OUI"}),
        "no": frozenset({"NON"}),
        "stop": frozenset({"ARRET", "ARRÊT", "ARRÊTER"}),
        "start": frozenset({"DEMARRER"}),
        "help": frozenset({"AIDE"}),
    },
    "ar": {
        "yes": frozenset({"نعم", "أجل", "اجل", "NAAM"}),
        "no": frozenset({"لا", "LA"}),
        "stop": frozenset({"توقف", "إيقاف", "ايقاف"}),
        "start": frozenset({"ابدأ", "ابدا"}),
        "help": frozenset({"مساعدة", "؟"}),
    },
}


def _keywords(kind: str) -> frozenset[str]:
    return frozenset().union(*(words.get(kind, frozenset()) for words in KEYWORDS.values()))


YES_WORDS = _keywords("yes")
NO_WORDS = _keywords("no")
# A message whose first word is one of these stops every message, whatever follows ("STOP
# please", "stop. no more") and whatever is open: it is never saved as an answer. Yes and no
# are not read that way: "No, because…" is an answer when a question is open.
STOP_WORDS = _keywords("stop")
START_WORDS = _keywords("start")
HELP_WORDS = _keywords("help")
SKIP_WORDS = frozenset({"SKIP"})
WHY_WORDS = frozenset({"WHY"})
# A message that is one of these alone is a command, never the rest of an answer.
COMMAND_WORDS = (
    YES_WORDS | NO_WORDS | STOP_WORDS | START_WORDS | HELP_WORDS | SKIP_WORDS | WHY_WORDS
)

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


# A code she asks for on her page is good this long, for this many tries; she may ask for this
# many codes an hour, and one number gets at most this many codes an hour whoever asks (so Seat
# cannot be used to flood someone's phone).
CODE_VALID = datetime.timedelta(minutes=15)
CODE_TRIES = 5
CODES_PER_HOUR = 5
CODES_PER_NUMBER_PER_HOUR = 3
_CODE_PURPOSE = b"seat.sms.confirm-code.v1"


class SmsThrottled(SmsError):
    """She asked for too many codes, or tried too many wrong ones: she waits."""


def _normal_phone(phone: str) -> str:
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
    return normal


def _code_digest(claim_id: Any, code: str) -> str:
    return keyed_digest(_CODE_PURPOSE, f"{claim_id}:{code}")


def _may_enrol(actor: User, expert: ExpertProfile) -> bool:
    """She herself, or, for a member with no login of her own, a facilitator of the collective
    that keeps her profile (``people.rules.keeps_her_profile``): she reads the code sent to her
    phone back to the facilitator, in person or on a call. A member with her own account
    enrols her number herself: nobody else does."""
    return is_self(actor, expert) or keeps_her_profile(actor, expert)


@transaction.atomic
def sms_contact_request(*, actor: User, expert: ExpertProfile, phone: str, language: str) -> bool:
    """She gives a number on her page: a code goes to it, and the number is hers only once she
    types the code back (``sms_contact_confirm``). Returns True when a code is on its way,
    False when the number is hers already and only the language changed (saved at once).

    Whether anyone else uses the number changes nothing here, neither the answer, nor the work
    done, nor the message sent: nobody can find out from this page whose a number is, or claim
    one she does not hold. A number that had its codes for the hour gets no more, silently, for
    the same reason; only her own count of codes is said to her (SmsThrottled).

    For a member whose profile a collective keeps, its facilitator gives the number for her
    (``_may_enrol``), and the page the facilitator sees answers the same way."""
    if not _may_enrol(actor, expert):
        raise PermissionDenied
    normal = _normal_phone(phone)
    index = phone_index(normal)
    language = _language(language)
    contact = SmsContact.objects.select_for_update().filter(expert=expert).first()
    if contact is not None and contact.phone_index == index:
        # Her own number, confirmed already: its language changes, and messages start again if
        # she had stopped them.
        SmsContact.objects.filter(pk=contact.pk).update(language=language, stopped_at=None)
        audit_record(actor=actor, verb="sms.enrol", target=expert)
        return False
    now = timezone.now()
    claim = SmsClaim.objects.select_for_update().filter(expert=expert).first()
    if claim is None:
        claim = SmsClaim(expert=expert, window_start=now)
    if claim.window_start <= now - datetime.timedelta(hours=1):
        claim.window_start, claim.sends = now, 0
    if claim.sends >= CODES_PER_HOUR:
        raise SmsThrottled(_("You asked for many codes. Please wait an hour and try again."))
    number_sends = (
        SmsClaim.objects.filter(
            phone_index=index, window_start__gt=now - datetime.timedelta(hours=1)
        )
        .exclude(pk=claim.pk)
        .aggregate(total=Sum("sends"))["total"]
        or 0
    ) + (claim.sends if claim.phone_index == index else 0)
    code = f"{secrets.randbelow(10**6):06d}"
    claim.phone, claim.phone_index, claim.language = normal, index, language
    claim.code_digest = _code_digest(claim.pk, code)
    claim.expires_at, claim.tries = now + CODE_VALID, 0
    claim.sends += 1
    claim.save()
    if number_sends < CODES_PER_NUMBER_PER_HOUR:
        with translation.override(language):
            body = texts.confirm_code(code=code)
        _queue(contact=None, key=f"confirm:{uuid.uuid4()}", body=body, to=normal)
    audit_record(actor=actor, verb="sms.code", target=expert)
    return True


def sms_claim_waiting(*, expert: ExpertProfile) -> bool:
    """Whether a code she asked for can still be typed (her page then asks for it)."""
    return SmsClaim.objects.filter(
        expert=expert, expires_at__gt=timezone.now(), tries__lt=CODE_TRIES
    ).exists()


def sms_contact_confirm(*, actor: User, expert: ExpertProfile, code: str) -> SmsContact:
    """She types the code sent to the number she gave: from now on it is hers for text
    messages. A wrong code, an old one, or too many tries: SmsError, the same words each time.
    (Or the facilitator of the collective that keeps her profile types the code she read back:
    ``_may_enrol``.)"""
    if not _may_enrol(actor, expert):
        raise PermissionDenied
    wrong = _("That code is not right or is too old. Check it, or ask for a new one.")
    code = "".join(
        str(unicodedata.digit(c)) for c in code if unicodedata.digit(c, None) is not None
    )
    with transaction.atomic():
        claim = SmsClaim.objects.select_for_update().filter(expert=expert).first()
        if claim is None or claim.expires_at <= timezone.now() or claim.tries >= CODE_TRIES:
            raise SmsError(wrong)
        if not hmac.compare_digest(claim.code_digest, _code_digest(claim.pk, code)):
            SmsClaim.objects.filter(pk=claim.pk).update(tries=F("tries") + 1)
            audit_record(actor=actor, verb="sms.code_wrong", target=expert)
            wrong_code = True  # raised once this try is counted and committed
        else:
            wrong_code = False
    if wrong_code:
        raise SmsError(wrong)
    with transaction.atomic():
        confirmed = SmsClaim.objects.select_for_update().filter(pk=claim.pk).first()
        if confirmed is None:
            # The same code typed twice at once (a double tap): the first confirmed it.
            done = SmsContact.objects.filter(expert=expert, phone_index=claim.phone_index).first()
            if done is None:
                raise SmsError(wrong)
            return done
        contact = sms_contact_enrol(
            actor=actor, expert=expert, phone=confirmed.phone, language=confirmed.language
        )
        confirmed.delete()
    return contact


@transaction.atomic
def sms_contact_enrol(
    *, actor: User, expert: ExpertProfile, phone: str, language: str
) -> SmsContact:
    """Her number, once she has shown she holds it (``sms_contact_confirm``; demo data and
    tests call it directly), is hers for text messages, in ``language``. Only she does this
    (staff never see or type her number), or for a member with no login of her own the
    facilitator of the collective that keeps her profile, who types it once and never sees it
    again. The number is kept once, in her private details; here only its keyed digest.

    Whoever holds a number decides: if another person had it (a number passed on, a phone
    handed over), that person's text messages stop, with nothing said to either about the
    other.

    A member whose profile a collective keeps is enrolled by its facilitator (``_may_enrol``):
    if she has no account yet, she gets one for text messages only
    (``people.services.expert_sms_account_create``), in this same transaction, so that every
    message about her invitations reaches her as it reaches anyone else."""
    if not _may_enrol(actor, expert):
        raise PermissionDenied
    normal = _normal_phone(phone)
    if expert.user_id is None:
        expert.user = expert_sms_account_create(
            actor=actor, expert=expert, language=_language(language)
        )
        expert.sms_only = True
    index = phone_index(normal)
    previous = (
        SmsContact.objects.select_for_update().filter(phone_index=index).exclude(expert=expert)
    )
    for other in previous:
        SmsContact.objects.filter(pk=other.pk).update(
            phone_index=None, stopped_at=other.stopped_at or timezone.now()
        )
        audit_record(actor=None, verb="sms.number_moved", target=other.expert)
    identity_update(actor=actor, expert=expert, phone=normal)
    contact, _created = SmsContact.objects.update_or_create(
        expert=expert,
        defaults={"phone_index": index, "language": _language(language), "stopped_at": None},
    )
    audit_record(actor=actor, verb="sms.enrol", target=expert)
    return contact


@transaction.atomic
def sms_contact_stop(*, actor: User, expert: ExpertProfile) -> None:
    """She stops text messages from her own page (as replying STOP does), or the facilitator
    of the collective that keeps her profile stops them for her (``_may_enrol``)."""
    if not _may_enrol(actor, expert):
        raise PermissionDenied
    if SmsContact.objects.filter(expert=expert, stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    ):
        audit_record(actor=actor, verb="sms.stop", target=expert)


# Sending --------------------------------------------------------------------------------


# The key of the one message that may reach her after she stopped: the one saying she did.
STOP_KEY = "stop:"


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
        Q(status__in=[OutboundStatus.PENDING, OutboundStatus.FAILED])
        | Q(status=OutboundStatus.SENDING, updated_at__lte=stranded_since()),
        pk=outbound_id,
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return False
    outbound = SmsOutbound.objects.select_related("contact__expert__user").get(pk=outbound_id)
    error = ""
    try:
        contact = outbound.contact
        # After STOP nothing goes to her but the one message saying so, until START: not a
        # message written before it, nor one tried again; nor to a number now someone else's.
        if (
            contact is not None
            and not outbound.key.startswith(STOP_KEY)
            and (contact.stopped_at is not None or contact.phone_index is None)
        ):
            raise SmsError("stopped")
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
    done = not error or outbound.contact is None or error in ("no_address", "stopped")
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
    """Periodic: messages a provider refused (a few times, each wait longer:
    seat.core.retries) and ones whose moment was lost; returns how many went out."""
    due = SmsOutbound.objects.filter(
        Q(due_again(now=timezone.now()), status=OutboundStatus.FAILED)
        | Q(
            status__in=[OutboundStatus.PENDING, OutboundStatus.SENDING],
            updated_at__lte=stranded_since(),
        ),
        contact__isnull=False,
    )
    return sum(
        _deliver(outbound_id=outbound.pk, body=outbound.body, to="") for outbound in due[:500]
    )


def sms_log_purge(*, older_than_days: int) -> int:
    """Periodic: forget messages in and out older than the retention period (ids and outcomes;
    a provider delivers a copy again within hours, not months), and numbers given but never
    confirmed. Conversations stay: they hold only where each invitation stands. Returns how
    many rows went."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    inbound, _by_model = SmsInbound.objects.filter(created_at__lt=cutoff).delete()
    outbound, _by_model = SmsOutbound.objects.filter(
        created_at__lt=cutoff, status__in=[OutboundStatus.SENT, OutboundStatus.FAILED]
    ).delete()
    # A number she gave but never confirmed is not kept past its code and the hour its
    # throttle counts.
    claims, _by_model = SmsClaim.objects.filter(
        expires_at__lt=timezone.now() - datetime.timedelta(hours=1)
    ).delete()
    return inbound + outbound + claims


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


# How long after her input is sent a message that fits nothing is still read as more of it.
SENT_RECENTLY = datetime.timedelta(days=1)


class _Reading:
    """One message read against her conversations: its keyword (if it is one) and the
    conversation it is about."""

    def __init__(self, contact: SmsContact, text: str) -> None:
        self.raw = text  # as it came: a part of a long message is joined to the next as it is
        self.text = text.strip()
        words = _words(self.text)
        self.first = words[0] if words else ""
        threads = list(
            contact.threads.select_related("invitation__consultation", "invitation__contribution")
        )
        for thread in threads:
            _settle(thread)
        by_ref = {thread.ref: thread for thread in threads}
        named = [by_ref[word] for word in words if word in by_ref]
        self.named = bool(named)
        # Her input sent lately: a message after it that lands on another invitation is told
        # it was not added to that input (``texts.sent_already``).
        recent = timezone.now() - SENT_RECENTLY
        done = [t for t in threads if t.step == Step.DONE and t.updated_at >= recent]
        self.done: SmsThread | None = max(done, key=lambda t: t.updated_at) if done else None
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
    word, first, thread = reading.keyword, reading.first, reading.thread
    if contact.stopped_at is not None:
        # Stopped: only START (first word, whatever follows; nothing she writes now is saved)
        # gets an answer. Anything else, STOP again included, gets none.
        if first not in START_WORDS:
            return "stopped", []
        SmsContact.objects.filter(pk=contact.pk).update(stopped_at=None)
        audit_record(actor=contact.expert.user, verb="sms.start", target=contact.expert)
        return "start", [texts.started()]
    if first in STOP_WORDS:
        # A stop word first stops, whatever follows and whatever is open (see STOP_WORDS).
        SmsContact.objects.filter(pk=contact.pk).update(stopped_at=timezone.now())
        audit_record(actor=contact.expert.user, verb="sms.stop", target=contact.expert)
        return "stop", [texts.stopped()]
    if word in START_WORDS:
        return "start", [texts.started()]
    user = contact.expert.user
    finished: list[str] = []
    joining = False
    if thread is not None and user is not None and user.is_active:
        joining = word not in COMMAND_WORDS and _joins(thread, reading.raw)
        if not joining:
            finished = _finish_held(thread=thread, user=user)
    if word in HELP_WORDS:
        open_thread = thread if thread is not None and thread.step in OPEN_STEPS else None
        prompt = [_prompt(open_thread)] if open_thread else []
        return "help", finished + [texts.help_text()] + prompt
    if thread is None:
        return "nothing_waiting", [texts.nothing_waiting()]
    if word in WHY_WORDS:
        return "why", finished + [_reason(thread)]
    if user is None or not user.is_active:
        return "no_account", [texts.nothing_waiting()]
    if finished:
        # Her held last answer is saved now (see _joins): this message comes after it.
        outcome, replies = _step(thread=thread, user=user, word=word, reading=reading)
        return outcome, finished + replies
    try:
        with transaction.atomic():
            if joining:
                return _join(thread=thread, user=user, raw=reading.raw)
            return _step(thread=thread, user=user, word=word, reading=reading)
    except LoopError as error:
        # The consultation closed, was cancelled or its last day passed: she is told why.
        # What she had written goes with it: it can no longer be saved anywhere.
        SmsThread.objects.filter(pk=thread.pk).update(step=Step.CLOSED, answers="")
        return "closed", [str(error.args[0]) if error.args else texts.nothing_waiting()]


# A long message is sent as parts of at most this many characters (GSM-7 septets, or UTF-16
# units for any other script), and every part but the last is full: a message this long, give
# or take a character that did not fit, may well go on in the next one.
PART_GSM = 153
PART_UCS2 = 67
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def _full_part(raw: str) -> bool:
    """Whether ``raw`` is as long as a part of a split message (so more of it may follow)."""
    if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in raw):
        size = sum(2 if c in _GSM_EXTENDED else 1 for c in raw)
        return PART_GSM - 2 <= size <= PART_GSM
    size = len(raw.encode("utf-16-le")) // 2
    return PART_UCS2 - 2 <= size <= PART_UCS2


# Parts a carrier delivers out of order arrive within seconds of each other; nobody reads a
# question and writes a full part's worth of answer that fast.
REORDER_WINDOW = datetime.timedelta(seconds=15)


def _join_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "SEAT_SMS_JOIN_SECONDS", 60))


def _joins(thread: SmsThread, raw: str) -> bool:
    """Whether this message is another part of her last answer (the carrier split a long one):
    it came within the window after that answer, the questions are still open, and one of the
    two filled a whole part. Either order: when this one is full and the last was not, this is
    the earlier part arriving late. Two short messages in a row are two answers."""
    if thread.step != Step.QUESTIONS or thread.last_part_at is None or not thread.answers:
        return False
    since = timezone.now() - thread.last_part_at
    if since > _join_window():
        return False
    if thread.last_part_full:
        return True
    # A full part after a short answer is the beginning delivered late only within seconds:
    # later, it is her answer to the question that answer brought.
    return _full_part(raw) and since <= min(REORDER_WINDOW, _join_window())


def _join(*, thread: SmsThread, user: User, raw: str) -> tuple[str, list[str]]:
    questions = _questions(thread)
    answers: dict[str, str] = json.loads(thread.answers)
    question_id = questions[min(thread.question, len(questions)) - 1][0]
    earlier = answers.get(question_id, "")
    full = _full_part(raw)
    # Parts in order: after a full part comes the rest; a full part after a short one is the
    # beginning, delivered late.
    answers[question_id] = earlier + raw if thread.last_part_full else raw + earlier
    thread.answers = json.dumps(answers)
    thread.last_part_at = timezone.now()
    thread.last_part_full = thread.last_part_full and full
    thread.save()
    if thread.question >= len(questions) and not thread.last_part_full:
        # Her last answer is whole now: it is saved.
        return _submit(thread=thread, user=user, answers=answers)
    return "answer_part", []


def _finish_held(*, thread: SmsThread, user: User) -> list[str]:
    """Her last answer, held in case more of it followed (see _answer), is saved once its
    window has passed; the replies saying so ([] when nothing was held)."""
    if (
        thread.step != Step.QUESTIONS
        or not thread.last_part_full
        or thread.last_part_at is None
        or timezone.now() - thread.last_part_at <= _join_window()
    ):
        return []
    thread.last_part_full = False
    if thread.question < len(_questions(thread)):
        SmsThread.objects.filter(pk=thread.pk).update(last_part_full=False)
        return []
    answers: dict[str, str] = json.loads(thread.answers) if thread.answers else {}
    try:
        with transaction.atomic():
            _outcome, replies = _submit(thread=thread, user=user, answers=answers)
    except LoopError as error:
        SmsThread.objects.filter(pk=thread.pk).update(step=Step.CLOSED, answers="")
        thread.step, thread.answers = Step.CLOSED, ""
        return [str(error.args[0]) if error.args else texts.nothing_waiting()]
    return replies


def sms_finish_held() -> int:
    """Periodic: last answers held for a part that did not come are saved, and she is told.
    Returns how many were saved."""
    cutoff = timezone.now() - _join_window()
    saved = 0
    held = SmsThread.objects.filter(
        step=Step.QUESTIONS, last_part_full=True, last_part_at__lt=cutoff
    ).select_related("contact__expert__user", "invitation__consultation")
    for thread in held[:500]:
        with transaction.atomic():
            thread = (
                SmsThread.objects.select_for_update(of=("self",))
                .select_related("contact__expert__user", "invitation__consultation")
                .get(pk=thread.pk)
            )
            contact, user = thread.contact, thread.contact.expert.user
            if user is None or not user.is_active:
                continue
            with translation.override(_language(contact.language)):
                _settle(thread)
                replies = _finish_held(thread=thread, user=user)
            for number, reply in enumerate(replies):
                _queue(contact=contact, key=f"held:{thread.pk}:{number}", body=reply)
            saved += thread.step == Step.DONE
    return saved


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


def _step(*, thread: SmsThread, user: User, word: str, reading: _Reading) -> tuple[str, list[str]]:
    if thread.step == Step.INVITED:
        if word not in YES_WORDS | NO_WORDS:
            if reading.done is not None and not reading.named and word not in COMMAND_WORDS:
                # Most likely more of the input she just sent, not an answer to this invitation.
                return "after_the_end", [texts.sent_already(done=reading.done.ref, ref=thread.ref)]
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
            # Whatever she wrote (an answer, SKIP) is not kept before she chose: she is told.
            return "not_understood", [texts.consent_first(ref=thread.ref)]
        thread.attribution = choice
        thread.step = Step.QUESTIONS
        thread.question = 0
        thread.answers = ""
        thread.save()
        return "consent", [_prompt(thread)]
    return _answer(thread=thread, user=user, word=word, reading=reading)


def _answer(
    *, thread: SmsThread, user: User, word: str, reading: _Reading
) -> tuple[str, list[str]]:
    questions = _questions(thread)
    text = reading.text
    if not text and word not in SKIP_WORDS:
        # An empty message (a picture, a slip of the thumb) is never an answer, nor a skip: on
        # the last question it would send her input for her.
        return "not_understood", [_prompt(thread)]
    answers: dict[str, str] = json.loads(thread.answers) if thread.answers else {}
    skipped = word in SKIP_WORDS
    full = not skipped and _full_part(reading.raw)
    if not skipped and thread.question < len(questions):
        # A part that more may follow is kept as it came, so that the next joins it exactly.
        answers[questions[thread.question][0]] = reading.raw if full else text
    thread.question += 1
    thread.answers = json.dumps(answers)
    thread.last_part_at = None if skipped else timezone.now()
    thread.last_part_full = full
    if thread.question < len(questions):
        thread.save()
        return "answer", [_prompt(thread)]
    if full:
        # Her last answer may go on in the next message: it is saved when that comes, or when
        # the window has passed (sms_finish_held, or her next message).
        thread.save()
        return "answer_held", []
    return _submit(thread=thread, user=user, answers=answers)


def _submit(*, thread: SmsThread, user: User, answers: dict[str, str]) -> tuple[str, list[str]]:
    """Her input, every question answered or skipped, goes to the consultation."""
    answers = {key: value.strip() for key, value in answers.items()}
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
        if any(answers.values()):
            raise  # the consultation no longer takes input: _converse says why
        # Every question skipped: nothing to save, so she starts the questions again.
        thread.question = 0
        thread.answers = ""
        thread.last_part_at, thread.last_part_full = None, False
        thread.save()
        return "nothing_answered", [str(error.args[0]), _prompt(thread)]
    thread.step = Step.DONE
    thread.answers = ""  # her answers now live in her contribution, and only there
    thread.last_part_at, thread.last_part_full = None, False
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


# Scripts only one of Seat's languages is written in.
_SCRIPTS = (("bn", 0x0980, 0x09FF), ("km", 0x1780, 0x17FF), ("ar", 0x0600, 0x06FF))


def sender_language(text: str) -> str:
    """The language to answer a number Seat does not know in, from her message alone: the one
    language whose own keywords she used (the English ones work in every language, and say
    nothing), else the one language written in her message's script, else the site's."""
    words = [word for word in _words(text) if word not in KEYWORDS["en"]][:5]
    found: set[str] | None = None
    for word in words:
        languages = {
            code for code, kinds in KEYWORDS.items() if any(word in w for w in kinds.values())
        }
        if languages:
            found = languages if found is None else found & languages
    offered = dict(settings.LANGUAGES)
    if found and len(found) == 1 and next(iter(found)) in offered:
        return next(iter(found))
    scripts = {code for c in text for code, low, high in _SCRIPTS if low <= ord(c) <= high}
    if len(scripts) == 1 and next(iter(scripts)) in offered:
        return next(iter(scripts))
    return settings.LANGUAGE_CODE


def _first_word(text: str) -> str:
    words = _words(text)
    return words[0] if words else ""


def sms_receive(*, message: InboundSms) -> list[str]:
    """Handle one incoming message, from the webhook or the simulator; returns the replies
    (they are also sent). A message already handled returns no reply."""
    _outcome, replies = sms_receive_outcome(message=message)
    return replies


# The outcome of a message the provider delivered again: handled by its first copy.
DUPLICATE = "duplicate"


def sms_receive_outcome(*, message: InboundSms) -> tuple[str, list[str]]:
    """``sms_receive``, and what Seat did with the message (``SmsInbound.outcome``, or
    ``DUPLICATE``): the simulator says why no reply went."""
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
            if contact is None and _first_word(message.body) in STOP_WORDS:
                # A stop word from a number Seat does not know gets no reply at all (carriers'
                # rules: a reply to STOP is a message sent after STOP).
                replies, outcome, to = [], "unknown_stop", ""
            elif contact is None:
                # The same few words whoever writes: nothing says whether anyone is known. In
                # the language her own words show, if they do (sender_language).
                with translation.override(sender_language(message.body)):
                    replies = [texts.not_recognised()]
                outcome = "unknown_sender"
                to = message.sender
            else:
                with translation.override(_language(contact.language)):
                    outcome, replies = _converse_safely(contact, message.body, inbound.pk)
                to = ""
            SmsInbound.objects.filter(pk=inbound.pk).update(contact=contact, outcome=outcome)
            prefix = STOP_KEY if outcome == "stop" else "reply:"
            for number, reply in enumerate(replies):
                _queue(contact=contact, key=f"{prefix}{inbound.pk}:{number}", body=reply, to=to)
            logger.info("sms %s from %s: %s", inbound.pk, message.provider, outcome)
            return outcome, replies
    except IntegrityError:
        # The provider delivered it again (or twice at once): handled by the first copy.
        return DUPLICATE, []


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
            expert__user_id__in=[n.recipient_id for n in wanted],
            stopped_at__isnull=True,
            phone_index__isnull=False,
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
