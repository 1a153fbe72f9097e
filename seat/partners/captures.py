"""Writes for in-person sessions: a partner's facilitator writes down a focus group or a village
meeting, each participant's consent said aloud and her input per question.

One capture is stored once, however often it arrives: a form sent twice on a flaky connection,
an offline queue replayed, a hundred copies at once. Its idempotency key finds the first copy,
and the digest of what was sent tells a true replay (answered with the first result, nothing
new stored) from a changed one (refused, nothing changed). Everything of a capture is written in
one transaction, or nothing is.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import User
from seat.compensation.services import payment_owed_for_contribution
from seat.consultations.enums import (
    Attribution,
    ConsultationStatus,
    ContributionChannel,
    InvitationStatus,
)
from seat.consultations.models import (
    ANSWER_MAX_CHARS,
    Answer,
    Consultation,
    Contribution,
    Invitation,
)
from seat.consultations.services import consultation_has_ended
from seat.core.formats import format_number
from seat.core.languages import LANGUAGE_NAMES
from seat.core.privacy.audit import audit_record
from seat.partners.enums import PartnerRequestStatus, SessionKind
from seat.partners.models import Capture, PartnerRequest
from seat.partners.rules import can_act_for_members
from seat.partners.selectors import partner_members
from seat.partners.services import PartnerError
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ExpertProfile
from seat.people.selectors import consent_states
from seat.people.services import consent_grant, consent_withdraw

# The most people one capture writes down. A focus group or a village meeting where each person
# is heard fits; a bigger gathering is better written down as several sessions.
MAX_PARTICIPANTS = 12
PLACE_MAX_CHARS = 80

# The quoting consent an attribution needs, from her ledger or said in the session.
QUOTE_CONSENT: dict[str, str] = {
    Attribution.ANONYMOUS: ConsentPurpose.QUOTE_ANONYMOUSLY,
    Attribution.PSEUDONYM: ConsentPurpose.QUOTE_PSEUDONYM,
}


class CaptureError(PartnerError):
    """A capture that cannot be stored; nothing of it was. The message is safe to show."""


class CaptureConflict(CaptureError):
    """The idempotency key was used for a capture with different content (tampered, or a key
    reused by mistake). The first capture stands unchanged."""


@dataclass(frozen=True)
class ParticipantInput:
    """One participant of a session as the facilitator wrote it down.

    ``consents``: each purpose she was asked about in this session, True for yes and False for
    no; purposes not asked keep what her ledger says. ``language``: the language the consent
    wording was read aloud in. ``answers``: question id to her input (empty ones are skipped).
    """

    expert_id: Any
    attribution: str
    answers: Mapping[str, str]
    consents: Mapping[str, bool] = field(default_factory=dict)
    language: str = ""


@dataclass(frozen=True)
class CaptureResult:
    capture: Capture
    created: bool
    contributions: int


def _clean(text: str) -> str:
    # A browser sends each line break as two characters; count it as the one she typed.
    return text.replace("\r\n", "\n").strip()


def _uuid_text(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        # Not an id at all: kept as sent, so the digest still covers it; it matches nobody.
        return str(value)


def capture_digest(
    *,
    request: PartnerRequest,
    kind: str,
    held_on: datetime.date,
    place: str,
    participants: Sequence[ParticipantInput],
) -> str:
    """sha256 of a canonical JSON of what was sent: keys sorted, participants by id, empty
    answers left out, text trimmed. The same capture sent again gives the same digest, however
    its parts were ordered."""
    body = {
        "request": str(request.pk),
        "kind": kind,
        "held_on": held_on.isoformat(),
        "place": " ".join(place.split()),
        "participants": sorted(
            (
                {
                    "expert": _uuid_text(p.expert_id),
                    "attribution": p.attribution,
                    "language": p.language,
                    "consents": {str(k): bool(v) for k, v in p.consents.items()},
                    "answers": {
                        _uuid_text(k): _clean(v) for k, v in p.answers.items() if v and _clean(v)
                    },
                }
                for p in participants
            ),
            key=lambda part: json.dumps(part, sort_keys=True),
        ),
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _earlier(key: uuid.UUID, digest: str) -> CaptureResult | None:
    """The capture first stored under ``key``, if any; a different content is a conflict."""
    capture = Capture.objects.filter(idempotency_key=key).first()
    if capture is None:
        return None
    if capture.content_digest != digest:
        raise CaptureConflict(
            _(
                "This capture was already sent with different content, so it was refused. "
                "Nothing was changed: the first one stands. If this is a new session, start a "
                "new capture."
            )
        )
    return CaptureResult(capture, False, capture.contributions.count())


def capture_record(
    *,
    actor: User,
    request: PartnerRequest,
    idempotency_key: uuid.UUID,
    kind: str,
    held_on: datetime.date,
    place: str,
    participants: Sequence[ParticipantInput],
) -> CaptureResult:
    """Store an in-person session for an accepted request: for each participant her consent
    said in the session (verbal, witnessed by ``actor``), an invitation through the request (or
    the one she has), and one contribution with her answers. Returns the capture, whether it is
    new, and how many contributions it holds.

    Raises ``PermissionDenied`` for anyone but the partner's facilitators and admins,
    ``CaptureConflict`` when the key was used for different content, and ``CaptureError`` with
    a message to show for everything else; nothing is stored then."""
    if not can_act_for_members(actor, request.partner):
        raise PermissionDenied
    digest = capture_digest(
        request=request, kind=kind, held_on=held_on, place=place, participants=participants
    )
    if (earlier := _earlier(idempotency_key, digest)) is not None:
        return earlier
    try:
        with transaction.atomic():
            return _capture_create(
                actor=actor,
                request=request,
                idempotency_key=idempotency_key,
                digest=digest,
                kind=kind,
                held_on=held_on,
                place=" ".join(place.split()),
                participants=participants,
            )
    except IntegrityError:
        # Another copy of the same capture won the race: answer with it.
        if (earlier := _earlier(idempotency_key, digest)) is not None:
            return earlier
        # Someone's input was stored by another capture at the same moment.
        raise CaptureError(
            _("Someone in this session gave input to this consultation already. Nothing was saved.")
        ) from None


def _session_problem(
    *, request: PartnerRequest, consultation: Consultation, kind: str, held_on: datetime.date
) -> str | None:
    if request.status == PartnerRequestStatus.WITHDRAWN:
        return _("The host withdrew this request. Nothing was saved.")
    if request.status != PartnerRequestStatus.ACCEPTED:
        return _("Accept the request before you write down a session for it. Nothing was saved.")
    if consultation.status == ConsultationStatus.CANCELLED:
        return _("This consultation was cancelled. Nothing was saved.")
    if consultation.status != ConsultationStatus.OPEN or consultation_has_ended(consultation):
        return _("This consultation is closed: it takes no more input. Nothing was saved.")
    if kind not in SessionKind.values:
        return _("Choose what kind of session it was.")
    if held_on > timezone.localdate():
        return _("The session cannot be in the future. Check the date.")
    if held_on < consultation.opens_on:
        return _("The session was before this consultation opened. Check the date.")
    return None


def _participant_problem(
    part: ParticipantInput,
    *,
    pseudonym: str,
    ledger: dict[str, bool],
    question_ids: set[str],
) -> str | None:
    """Why this participant's part cannot be stored, naming her by pseudonym; None if it can."""
    if set(part.consents) - set(ConsentPurpose.values):
        return _("A consent purpose for %(name)s is not one Seat knows.") % {"name": pseudonym}
    if part.consents and part.language not in LANGUAGE_NAMES:
        return _("Say which language the consent wording was read aloud to %(name)s in.") % {
            "name": pseudonym
        }
    state = {**ledger, **{k: bool(v) for k, v in part.consents.items()}}
    if not state[ConsentPurpose.PARTICIPATE]:
        return _(
            "%(name)s has not consented to take part. Ask her, and record her answer, before "
            "writing down her input."
        ) % {"name": pseudonym}
    if part.attribution not in Attribution.values:
        return _("Choose how the words of %(name)s may be quoted.") % {"name": pseudonym}
    needed = QUOTE_CONSENT.get(part.attribution)
    if needed is not None and not state[needed]:
        return _(
            "%(name)s has not consented to be quoted this way. Record her consent, or choose "
            "not to quote her words."
        ) % {"name": pseudonym}
    kept = {_uuid_text(k): _clean(v) for k, v in part.answers.items() if v and _clean(v)}
    if not kept:
        return _("Write down at least one answer from %(name)s.") % {"name": pseudonym}
    if set(kept) - question_ids:
        return _("An answer from %(name)s does not belong to this consultation.") % {
            "name": pseudonym
        }
    if any(len(text) > ANSWER_MAX_CHARS for text in kept.values()):
        # Refused whole, never shortened: a cut answer would say less than she meant.
        return _(
            "An answer from %(name)s is longer than %(limit)s characters. Nothing was saved."
        ) % {"name": pseudonym, "limit": format_number(ANSWER_MAX_CHARS)}
    return None


def _said_at(held_on: datetime.date) -> datetime.datetime:
    """When consent said in the session was given: the session's day is known, not its hour."""
    noon = timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(12)))
    return min(noon, timezone.now())


def _capture_create(
    *,
    actor: User,
    request: PartnerRequest,
    idempotency_key: uuid.UUID,
    digest: str,
    kind: str,
    held_on: datetime.date,
    place: str,
    participants: Sequence[ParticipantInput],
) -> CaptureResult:
    # Hold the request and its consultation: either may change (withdrawn, closed) meanwhile,
    # and captures of one consultation are stored one after another.
    request = (
        PartnerRequest.objects.select_for_update().select_related("partner").get(pk=request.pk)
    )
    consultation = Consultation.objects.select_for_update().get(pk=request.consultation_id)
    # A copy of this capture may have been stored while this one waited for the lock.
    if (earlier := _earlier(idempotency_key, digest)) is not None:
        return earlier
    if problem := _session_problem(
        request=request, consultation=consultation, kind=kind, held_on=held_on
    ):
        raise CaptureError(problem)
    if not place.strip():
        raise CaptureError(_("Say where the session was held: a district or a town."))
    if len(place) > PLACE_MAX_CHARS:
        raise CaptureError(
            _("Keep the place under %(max)s characters: a district or a town is enough.")
            % {"max": format_number(PLACE_MAX_CHARS)}
        )
    if not participants:
        raise CaptureError(_("Choose at least one participant."))
    if len(participants) > MAX_PARTICIPANTS:
        raise CaptureError(
            _("Write down at most %(max)s people in one session; split a bigger one in two.")
            % {"max": format_number(MAX_PARTICIPANTS)}
        )
    ids = [_uuid_text(p.expert_id) for p in participants]
    if len(set(ids)) != len(ids):
        raise CaptureError(_("Someone is listed twice. Write down each participant once."))
    members = {
        str(e.pk): e
        for e in partner_members(partner=request.partner).filter(
            pk__in=[i for i in ids if _is_uuid(i)]
        )
    }
    if len(members) != len(ids):
        raise CaptureError(
            _("Someone listed is not a member of %(partner)s. Nothing was saved.")
            % {"partner": request.partner.name}
        )
    already = set(
        Contribution.objects.filter(
            consultation=consultation, expert_id__in=list(members.values())
        ).values_list("expert__pseudonym", flat=True)
    )
    if already:
        raise CaptureError(
            _("%(names)s already gave input to this consultation. Nothing was saved.")
            % {"names": ", ".join(sorted(already))}
        )
    questions = {str(q.pk): q for q in consultation.questions.all()}
    ledgers = consent_states(expert_ids=[e.pk for e in members.values()])
    for part, expert_id in zip(participants, ids, strict=True):
        expert = members[expert_id]
        if problem := _participant_problem(
            part, pseudonym=expert.pseudonym, ledger=ledgers[expert.pk], question_ids=set(questions)
        ):
            raise CaptureError(problem)

    capture = Capture.objects.create(
        consultation=consultation,
        partner=request.partner,
        partner_request=request,
        captured_by=actor,
        kind=kind,
        held_on=held_on,
        place=place,
        idempotency_key=idempotency_key,
        content_digest=digest,
    )
    invitations = {
        str(i.expert_id): i
        for i in Invitation.objects.select_for_update().filter(
            consultation=consultation, expert_id__in=list(members.values())
        )
    }
    said_at = _said_at(held_on)
    now = timezone.now()
    for part, expert_id in zip(participants, ids, strict=True):
        expert = members[expert_id]
        for purpose, given in sorted(part.consents.items()):
            record = consent_grant if given else consent_withdraw
            record(
                actor=actor,
                expert=expert,
                purpose=purpose,
                channel=ConsentChannel.VERBAL,
                language=part.language,
                given_at=said_at,
            )
        invitation = _invitation_for(
            actor=actor,
            request=request,
            expert=expert,
            invitation=invitations.get(expert_id),
            now=now,
        )
        contribution = Contribution.objects.create(
            consultation=consultation,
            invitation=invitation,
            expert=expert,
            capture=capture,
            channel=ContributionChannel.FACILITATOR,
            captured_by=actor,
            attribution=part.attribution,
            idempotency_key=uuid.uuid5(idempotency_key, expert_id),
        )
        Answer.objects.bulk_create(
            Answer(
                contribution=contribution, question=questions[_uuid_text(key)], text=_clean(text)
            )
            for key, text in part.answers.items()
            if text and _clean(text)
        )
        audit_record(actor=actor, verb="contribution.capture", target=contribution)
        payment_owed_for_contribution(contribution=contribution)
    audit_record(
        actor=actor,
        verb="capture.record",
        target=capture,
        request=str(request.pk),
        participants=len(participants),
    )
    return CaptureResult(capture, True, len(participants))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _invitation_for(
    *,
    actor: User,
    request: PartnerRequest,
    expert: ExpertProfile,
    invitation: Invitation | None,
    now: datetime.datetime,
) -> Invitation:
    """Her invitation, accepted in person: the one she has, or a new one through the request."""
    if invitation is None:
        invitation = Invitation.objects.create(
            consultation_id=request.consultation_id,
            expert=expert,
            via=request,
            invited_by=actor,
            status=InvitationStatus.ACCEPTED,
            answered_by=actor,
            responded_at=now,
            # She took part in the room: no message about it is sent to her afterwards.
            sent_at=now,
        )
        audit_record(actor=actor, verb="invitation.accepted_in_person", target=invitation)
        return invitation
    if invitation.status != InvitationStatus.ACCEPTED or invitation.sent_at is None:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.answered_by = actor
        invitation.responded_at = now
        invitation.sent_at = invitation.sent_at or now
        invitation.save(update_fields=["status", "answered_by", "responded_at", "sent_at"])
        audit_record(actor=actor, verb="invitation.accepted_in_person", target=invitation)
    return invitation
