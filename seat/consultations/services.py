"""Writes for the engagement loop: plan, ask, invite, contribute."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.models import Organisation, User
from seat.accounts.rules import can_manage_members
from seat.compensation.services import payment_owed_for_contribution
from seat.consultations.enums import (
    Attribution,
    ConsultationStatus,
    ContributionChannel,
    InvitationStatus,
)
from seat.consultations.limits import text_problems
from seat.consultations.models import (
    ANSWER_MAX_CHARS,
    Answer,
    Consultation,
    ConsultationCheck,
    Contribution,
    Invitation,
    KeptAnswer,
    Project,
    Question,
)
from seat.consultations.offer import offer_problems
from seat.consultations.quality import CheckResult
from seat.core.bounds import (
    PAY_WITHIN_DAYS_DEFAULT,
    date_problem,
    expected_hours_problem,
    money_problem,
)
from seat.core.formats import format_number
from seat.core.phone import phone_normalise
from seat.core.privacy.audit import audit_record
from seat.core.support import support_problem
from seat.notifications.enums import Event
from seat.notifications.selectors import keys_notified
from seat.notifications.services import notify
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ExpertProfile
from seat.people.selectors import experts_linked_to
from seat.people.services import WITNESSED_CHANNELS, consent_grant, not_linked_message


class LoopError(Exception):
    """A step of the loop that cannot happen now; the message is safe to show."""


def consultation_has_ended(consultation: Consultation) -> bool:
    """Input is taken until the end of the last day, in the server's time zone."""
    return timezone.localdate() > consultation.deadline


@transaction.atomic
def project_create(
    *, actor: User, organisation: Organisation, title: str, summary: str, stage: str
) -> Project:
    project = Project.objects.create(
        organisation=organisation, title=title, summary=summary, stage=stage, created_by=actor
    )
    audit_record(actor=actor, verb="project.create", target=project)
    return project


def consultation_problem(
    *,
    opens_on: datetime.date,
    deadline: datetime.date,
    pay_rate: Decimal | None,
    currency: str,
    pay_within_days: int,
    pay_method: str,
    expenses_covered: bool,
    expenses_how: str,
    support_phone: str,
    support_hours: str,
    expected_hours: Decimal | None = None,
) -> str | None:
    """The first reason a consultation's terms cannot be saved, in words for staff; None if
    they can. Creating and correcting a consultation ask the same question."""
    problem = (
        date_problem(opens_on)
        or expected_hours_problem(expected_hours)
        or date_problem(deadline)
        or (money_problem(pay_rate, currency) if pay_rate is not None and pay_rate > 0 else None)
    )
    if problem:
        return problem
    if support := support_problem(phone=support_phone, hours=support_hours):
        return support[1]
    if offer := offer_problems(
        pay_rate=pay_rate,
        pay_within_days=pay_within_days,
        pay_method=pay_method,
        expenses_covered=expenses_covered,
        expenses_how=expenses_how,
    ):
        return next(iter(offer.values()))
    if deadline < opens_on:
        return _("The last day must come after invitations go out.")
    if pay_rate is not None and pay_rate < 0:
        return _("Pay cannot be negative.")
    return None


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    project: Project,
    questions: list[str],
    title: str,
    purpose: str,
    stage: str,
    material_state: str,
    influence: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    expected_hours: Decimal,
    pay_rate: Decimal | None,
    pay_unit: str,
    currency: str,
    expenses_covered: bool,
    languages: str,
    interpretation: bool,
    pay_within_days: int = PAY_WITHIN_DAYS_DEFAULT,
    pay_method: str = "",
    expenses_how: str = "",
    support_name: str = "",
    support_phone: str = "",
    support_hours: str = "",
    content_note: str = "",
    text_language: str = "",
    plain_summary: str = "",
) -> Consultation:
    # Unsaid, the text is taken to be in the first language offered (as the form does).
    text_language = text_language or languages.split(",")[0]
    if text_language not in languages.split(","):
        raise LoopError(_("Offer the language the consultation is written in."))
    if too_long := text_problems(
        values={
            "title": title,
            "purpose": purpose,
            "plain_summary": plain_summary.strip(),
            "content_note": content_note.strip(),
        },
        questions=questions,
    ):
        raise LoopError(" ".join(too_long.values()))
    if problem := consultation_problem(
        opens_on=opens_on,
        deadline=deadline,
        pay_rate=pay_rate,
        currency=currency,
        pay_within_days=pay_within_days,
        pay_method=pay_method,
        expenses_covered=expenses_covered,
        expenses_how=expenses_how,
        support_phone=support_phone,
        support_hours=support_hours,
        expected_hours=expected_hours,
    ):
        raise LoopError(problem)
    consultation = Consultation.objects.create(
        project=project,
        title=title,
        purpose=purpose,
        plain_summary=plain_summary.strip(),
        content_note=content_note.strip(),
        stage=stage,
        material_state=material_state,
        influence=influence,
        opens_on=opens_on,
        deadline=deadline,
        expected_hours=expected_hours,
        pay_rate=pay_rate,
        pay_unit=pay_unit,
        currency=currency,
        expenses_covered=expenses_covered,
        pay_within_days=pay_within_days,
        pay_method=pay_method,
        expenses_how=expenses_how.strip(),
        languages=languages,
        text_language=text_language,
        interpretation=interpretation,
        support_name=support_name.strip(),
        support_phone=phone_normalise(support_phone),
        support_hours=support_hours.strip(),
    )
    Question.objects.bulk_create(
        Question(consultation=consultation, position=position, text=text)
        for position, text in enumerate(questions, start=1)
    )
    audit_record(actor=actor, verb="consultation.create", target=consultation)
    return consultation


class QualityBlocked(LoopError):
    """The quality check found blockers and nobody recorded a reason to open it anyway."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(
            ngettext(
                "The quality check found %(count)s problem that stops this consultation from "
                "opening. Fix it and open it again.",
                "The quality check found %(count)s problems that stop this consultation from "
                "opening. Fix them and open it again.",
                len(result.blockers),
            )
            % {"count": format_number(len(result.blockers))}
        )
        self.result = result


# An admin's reason to open a consultation despite blockers: long enough to say why.
OVERRIDE_REASON_MIN = 20
OVERRIDE_REASON_MAX = 2000


def override_reason_problem(reason: str) -> str | None:
    reason = reason.strip()
    if len(reason) < OVERRIDE_REASON_MIN:
        return _("Say why it should open despite the problems, in at least %(min)s characters.") % {
            "min": format_number(OVERRIDE_REASON_MIN)
        }
    if len(reason) > OVERRIDE_REASON_MAX:
        return _("Keep the reason under %(max)s characters.") % {
            "max": format_number(OVERRIDE_REASON_MAX)
        }
    return None


def consultation_check_record(
    *,
    actor: User,
    consultation: Consultation,
    result: CheckResult,
    trigger: str,
    override_reason: str = "",
) -> ConsultationCheck:
    """Keep a quality check's result with the version it was run on (call inside the
    transaction that opens or corrects the consultation)."""
    from seat.consultations.selectors import consultation_draft_values

    check = ConsultationCheck.objects.create(
        consultation=consultation,
        trigger=trigger,
        score=result.score,
        findings=[finding.as_dict() for finding in result.findings],
        blockers=len(result.blockers),
        checked_fields=consultation_draft_values(consultation=consultation),
        override_reason=override_reason,
        override_by=actor if override_reason else None,
        checked_by=actor,
    )
    if override_reason:
        audit_record(
            actor=actor,
            verb="consultation.check_override",
            target=consultation,
            check=str(check.pk),
            codes=sorted({finding.code for finding in result.blockers}),
        )
    return check


@transaction.atomic
def consultation_publish(
    *, actor: User, consultation: Consultation, override_reason: str = ""
) -> Consultation:
    """Open a draft: its quality check runs again and is kept with it. Blockers stop it
    (``QualityBlocked``) unless an organisation admin gives ``override_reason``, which is kept
    with the check, audited and counted; staff who are not admins cannot give one."""
    from seat.consultations.selectors import consultation_check

    if consultation.status != ConsultationStatus.DRAFT:
        raise LoopError(_("Only a draft can be opened."))
    reason = override_reason.strip()
    if reason:
        if not can_manage_members(actor, consultation.project.organisation):
            raise PermissionDenied
        if problem := override_reason_problem(reason):
            raise LoopError(problem)
    result = consultation_check(consultation=consultation)
    if result.has_blockers and not reason:
        raise QualityBlocked(result)
    consultation.status = ConsultationStatus.OPEN
    consultation.save(update_fields=["status"])
    check = consultation_check_record(
        actor=actor,
        consultation=consultation,
        result=result,
        trigger=ConsultationCheck.Trigger.PUBLISH,
        override_reason=reason if result.has_blockers else "",
    )
    audit_record(actor=actor, verb="consultation.publish", target=consultation, check=str(check.pk))
    # Invitations saved while it was a draft reach people now, or on their day if it is later.
    invitations_tell(
        consultation=consultation,
        invitations=list(consultation.invitations.select_related("expert__user")),
    )
    return consultation


def _consultation_context(consultation: Consultation) -> dict[str, str]:
    return {
        "organisation": consultation.project.organisation.name,
        "title": consultation.title,
        "deadline": consultation.deadline.isoformat(),
    }


def invitations_tell(
    *,
    consultation: Consultation,
    invitations: list[Invitation],
    today: datetime.date | None = None,
) -> int:
    """Send each invitation once, if the consultation is open and its "invitations go out on"
    day has come; otherwise nothing reaches anyone yet, and ``invitations_due_send`` sends them
    on that day. Returns how many were sent now. The one sending path: a host's invitations and
    those a partner forwards go out alike (a member without an account is told in person by
    her partner, so only the day is recorded for her). Call it inside the caller's
    transaction."""
    today = today or timezone.localdate()
    if consultation.status != ConsultationStatus.OPEN or consultation.opens_on > today:
        return 0
    context = _consultation_context(consultation)
    sent = 0
    for invitation in invitations:
        # Claiming the row first means two workers (or a worker and a request) never both send.
        now = timezone.now()
        if not Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=now
        ):
            continue
        invitation.sent_at = now
        notify(
            event=Event.INVITATION_SENT,
            recipients=[invitation.expert.user],
            key=f"invitation.sent:{invitation.pk}",
            url=reverse("portal:invitation", args=[invitation.pk]),
            context=context,
        )
        sent += 1
    return sent


def invitations_due_send(*, today: datetime.date | None = None) -> int:
    """Send the invitations whose day has come (periodic): those of open consultations whose
    "invitations go out on" day is today or past and whose last day is not. Each is sent once,
    however often this runs. Returns how many."""
    today = today or timezone.localdate()
    due = Invitation.objects.filter(
        sent_at__isnull=True,
        consultation__status=ConsultationStatus.OPEN,
        consultation__opens_on__lte=today,
        consultation__deadline__gte=today,
    ).select_related("consultation__project__organisation", "expert__user")
    by_consultation: dict[Any, list[Invitation]] = {}
    for invitation in due:
        by_consultation.setdefault(invitation.consultation, []).append(invitation)
    return sum(
        invitations_tell(consultation=consultation, invitations=invitations, today=today)
        for consultation, invitations in by_consultation.items()
    )


@transaction.atomic
def consultation_close(*, actor: User, consultation: Consultation) -> Consultation:
    """Stop taking input. What was given stays, and still needs its response and payment."""
    if consultation.status != ConsultationStatus.OPEN:
        raise LoopError(_("Only an open consultation can be closed."))
    consultation.status = ConsultationStatus.CLOSED
    consultation.save(update_fields=["status"])
    audit_record(actor=actor, verb="consultation.close", target=consultation)
    # Those who said yes hear that it no longer takes input.
    notify(
        event=Event.CONSULTATION_CLOSED,
        recipients=[
            invitation.expert.user
            for invitation in consultation.invitations.filter(
                status=InvitationStatus.ACCEPTED
            ).select_related("expert__user")
        ],
        key=f"consultation.closed:{consultation.pk}",
        url=reverse("portal:home"),
        context=_consultation_context(consultation),
    )
    return consultation


@transaction.atomic
def invitations_send(
    *, actor: User, consultation: Consultation, experts: list[ExpertProfile]
) -> list[Invitation]:
    """Invite each expert once; inviting someone twice changes nothing."""
    if consultation.status == ConsultationStatus.CLOSED:
        raise LoopError(_("This consultation is closed."))
    if consultation.status == ConsultationStatus.CANCELLED:
        raise LoopError(_("This consultation was cancelled."))
    organisation = consultation.project.organisation
    linked = set(
        experts_linked_to(organisation=organisation)
        .filter(pk__in=[e.pk for e in experts])
        .values_list("pk", flat=True)
    )
    if any(expert.pk not in linked for expert in experts):
        # An organisation knows only the experts it brought in with a joining code.
        raise LoopError(not_linked_message())
    created = []
    for expert in experts:
        invitation, is_new = Invitation.objects.get_or_create(
            consultation=consultation, expert=expert, defaults={"invited_by": actor}
        )
        if is_new:
            audit_record(actor=actor, verb="invitation.send", target=invitation)
            created.append(invitation)
    invitations_tell(consultation=consultation, invitations=created)
    return created


@transaction.atomic
def invitation_answer(
    *,
    actor: User,
    invitation: Invitation,
    accept: bool,
    channel: str = ConsentChannel.WEB,
    language: str = "",
) -> Invitation:
    """Accepting records consent to take part, in the person's own hands (``channel`` WEB,
    ``actor`` is she). A partner's facilitator who heard her answer in person or on the phone
    records it with that ``channel`` and the ``language`` the invitation was read to her in:
    the facilitator is then the witness of her consent and is kept as who recorded the answer
    (``Invitation.answered_by``). Whether ``actor`` may answer is the caller's check."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        return invitation
    if invitation.sent_at is None:
        # Nobody can answer what has not reached them (its day has not come).
        raise LoopError(_("This invitation has not been sent yet."))
    if accept and invitation.consultation.status == ConsultationStatus.CANCELLED:
        raise LoopError(_("This consultation was cancelled. Nothing more is needed."))
    if accept and consultation_has_ended(invitation.consultation):
        raise LoopError(_("The last day to take part has passed."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    witnessed = channel in WITNESSED_CHANNELS
    invitation.answered_by = actor if witnessed else None
    invitation.save(update_fields=["status", "responded_at", "answered_by"])
    if accept:
        consent_grant(
            actor=actor,
            expert=invitation.expert,
            purpose=ConsentPurpose.PARTICIPATE,
            channel=channel,
            language=language if witnessed else "",
        )
    audit_record(actor=actor, verb=f"invitation.{invitation.status}", target=invitation)
    return invitation


_QUOTE_CONSENT: dict[str, str] = {
    Attribution.ANONYMOUS: ConsentPurpose.QUOTE_ANONYMOUSLY,
    Attribution.PSEUDONYM: ConsentPurpose.QUOTE_PSEUDONYM,
}


def consultation_held_for_input(*, consultation_id: Any) -> Consultation:
    """The consultation read afresh and held (``select_for_update``) for the rest of the
    transaction, or a LoopError saying why it takes no input: it may have closed, been cancelled
    or had its pay or questions corrected since the form was shown (corrections hold it too)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if consultation.status == ConsultationStatus.CANCELLED:
        raise LoopError(_("This consultation was cancelled. Nothing was sent."))
    if consultation.status != ConsultationStatus.OPEN:
        raise LoopError(_("This consultation is not open for input."))
    if consultation_has_ended(consultation):
        raise LoopError(_("The last day to take part has passed."))
    return consultation


def contribution_submit(
    *,
    actor: User,
    invitation: Invitation,
    answers: dict[Any, str],
    attribution: str,
    idempotency_key: uuid.UUID,
    channel: str = ContributionChannel.WEB,
) -> Contribution:
    """Save a contribution once, however many times the form arrives.

    ``answers`` maps question ids to text; empty answers are skipped (every question may be).
    ``channel`` is how she gave it herself: online (WEB) or by text message (SMS).
    """
    if channel not in (ContributionChannel.WEB, ContributionChannel.SMS):
        raise ValueError(channel)
    existing = Contribution.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.expert_id != invitation.expert_id:
            raise LoopError(_("This form has already been used."))
        return existing
    existing = Contribution.objects.filter(invitation=invitation).first()
    if existing is not None:
        return existing
    if invitation.status != InvitationStatus.ACCEPTED:
        raise LoopError(_("Accept the invitation before you give your input."))
    try:
        with transaction.atomic():
            consultation_held_for_input(consultation_id=invitation.consultation_id)
            return _contribution_create(
                actor=actor,
                invitation=invitation,
                answers=answers,
                attribution=attribution,
                idempotency_key=idempotency_key,
                channel=channel,
            )
    except IntegrityError:
        # A second copy of the same form won the race: hand back the one that was saved.
        winner = Contribution.objects.filter(invitation=invitation).first()
        if winner is None:
            raise
        return winner


def answers_clean(*, questions: dict[str, Question], answers: dict[Any, str]) -> dict[str, str]:
    """The answers worth keeping, by question id (``questions`` maps each of the consultation's
    question ids to its question): empty ones are dropped, the rest kept whole. Raises LoopError
    when none is left, when one belongs to another consultation or is over the limit. Every way
    input enters (online, in person, from a collective) asks this."""
    kept = {str(key): text.strip() for key, text in answers.items() if text and text.strip()}
    if not kept:
        raise LoopError(_("Answer at least one question. You may skip any of the others."))
    if set(kept) - set(questions):
        raise LoopError(_("An answer does not belong to this consultation."))
    if any(len(text) > ANSWER_MAX_CHARS for text in kept.values()):
        # Refused whole, never shortened: a cut answer would say less than she meant.
        raise LoopError(
            _("An answer is longer than %(limit)s characters. Nothing was saved.")
            % {"limit": format_number(ANSWER_MAX_CHARS)}
        )
    return kept


def _contribution_create(
    *,
    actor: User,
    invitation: Invitation,
    answers: dict[Any, str],
    attribution: str,
    idempotency_key: uuid.UUID,
    channel: str,
) -> Contribution:
    questions = {str(q.pk): q for q in invitation.consultation.questions.all()}
    kept = answers_clean(questions=questions, answers=answers)
    contribution = Contribution.objects.create(
        consultation=invitation.consultation,
        invitation=invitation,
        expert=invitation.expert,
        channel=channel,
        attribution=attribution,
        idempotency_key=idempotency_key,
    )
    Answer.objects.bulk_create(
        Answer(contribution=contribution, question=questions[key], text=text)
        for key, text in kept.items()
    )
    # A copy kept after a logout has done its job once the answer is in.
    KeptAnswer.objects.filter(invitation=invitation).delete()
    if attribution in _QUOTE_CONSENT:
        consent_grant(
            actor=actor,
            expert=invitation.expert,
            purpose=_QUOTE_CONSENT[attribution],
            channel=ConsentChannel.SMS
            if channel == ContributionChannel.SMS
            else ConsentChannel.WEB,
        )
    audit_record(actor=actor, verb="contribution.submit", target=contribution)
    payment_owed_for_contribution(contribution=contribution)
    return contribution


# How long an answer sent after the idle logout waits for its author to log in again.
KEPT_ANSWER_HOURS = 24
# Enough for every question at its limit; anything bigger is not an answer typed by a person.
KEPT_ANSWER_MAX_CHARACTERS = 200_000


def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each person who said yes and has not sent input, SEAT_REMINDER_DAYS before the
    last day; once per invitation, however often it runs (periodic). Returns how many."""
    today = today or timezone.localdate()
    due = Invitation.objects.filter(
        status=InvitationStatus.ACCEPTED,
        contribution__isnull=True,
        expert__user__isnull=False,
        consultation__status=ConsultationStatus.OPEN,
        consultation__deadline__gte=today,
        consultation__deadline__lte=today + datetime.timedelta(days=settings.SEAT_REMINDER_DAYS),
    ).select_related("consultation__project__organisation", "expert__user")
    by_key = {f"invitation.reminder:{invitation.pk}": invitation for invitation in due}
    sent = 0
    for key in sorted(set(by_key) - keys_notified(keys=list(by_key))):
        invitation = by_key[key]
        sent += len(
            notify(
                event=Event.DEADLINE_REMINDER,
                recipients=[invitation.expert.user],
                key=key,
                url=reverse("portal:contribute", args=[invitation.pk]),
                context=_consultation_context(invitation.consultation),
            )
        )
    return sent


def kept_answers_purge() -> int:
    """Delete every kept answer past its lifetime; returns how many."""
    deleted, _by_model = KeptAnswer.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


# The answer form carries a signed ticket naming its invitation and its expert: an answer that
# arrives without a login is kept only with it, so nobody who merely learns an invitation's
# address can put words in front of her. A day is longer than anyone keeps a form open.
_KEEP_SALT = "seat.consultations.kept-answer"
KEEP_TICKET_MAX_AGE = 24 * 3600


def kept_answer_ticket(*, invitation: Invitation) -> str:
    return signing.dumps(
        {"i": str(invitation.pk), "u": str(invitation.expert.user_id)}, salt=_KEEP_SALT
    )


def _keep_ticket_fits(ticket: str, invitation: Invitation) -> bool:
    try:
        data = signing.loads(ticket, salt=_KEEP_SALT, max_age=KEEP_TICKET_MAX_AGE)
    except signing.BadSignature:
        return False
    return data == {"i": str(invitation.pk), "u": str(invitation.expert.user_id)}


def kept_answer_save(*, invitation_id: Any, fields: dict[str, str]) -> bool:
    """Keep what was typed for an invitation that still waits for input, when the form arrived
    after its sender's session had ended. Only the form's own fields are kept (answers ``q_<id>``
    of the invitation's questions, ``attribution``, ``idempotency_key``), and only when the form
    carries the ticket its page was given (``kept_answer_ticket``). Returns whether it was
    kept. It needs no login, so it writes nothing anyone but the invitation's expert can read,
    and never more than one answer per invitation."""
    kept_answers_purge()
    invitation = (
        Invitation.objects.filter(
            pk=invitation_id,
            status=InvitationStatus.ACCEPTED,
            consultation__status=ConsultationStatus.OPEN,
        )
        .filter(contribution__isnull=True)
        .select_related("expert")
        .first()
    )
    if invitation is None or not _keep_ticket_fits(fields.get("keep", ""), invitation):
        return False
    allowed = {f"q_{pk}" for pk in invitation.consultation.questions.values_list("pk", flat=True)}
    allowed |= {"attribution", "idempotency_key"}
    kept = {name: value for name, value in fields.items() if name in allowed}
    if not any(value.strip() for name, value in kept.items() if name.startswith("q_")):
        return False
    if sum(len(value) for value in kept.values()) > KEPT_ANSWER_MAX_CHARACTERS:
        return False
    KeptAnswer.objects.update_or_create(
        invitation=invitation,
        defaults={
            "fields": json.dumps(kept),
            "expires_at": timezone.now() + datetime.timedelta(hours=KEPT_ANSWER_HOURS),
        },
    )
    return True


def kept_answer_discard(*, invitation: Invitation) -> None:
    KeptAnswer.objects.filter(invitation=invitation).delete()
