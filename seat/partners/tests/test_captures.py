"""Writing down an in-person session: all of it once, or nothing."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from seat.accounts.enums import Role
from seat.consultations.enums import (
    Attribution,
    ConsultationStatus,
    ContributionChannel,
    InvitationStatus,
)
from seat.consultations.models import Answer, Contribution, Invitation
from seat.consultations.services import consultation_close
from seat.core.models import AuditEvent
from seat.partners.captures import (
    CaptureConflict,
    CaptureError,
    ParticipantInput,
    capture_record,
)
from seat.partners.enums import PartnerRequestStatus, SessionKind
from seat.partners.models import Capture
from seat.partners.services import partner_request_create
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ConsentRecord
from seat.people.selectors import consent_state
from seat.people.services import consent_grant, expert_create, expert_link_record
from seat.tests.personas import make_member


def questions(world):
    return [str(q.pk) for q in world.consultation.questions.all()]


def participant(expert, world, *, consents=None, attribution=Attribution.NOT_QUOTED, answers=None):
    first, second = questions(world)
    return ParticipantInput(
        expert_id=expert.pk,
        attribution=attribution,
        answers=answers
        if answers is not None
        else {first: f"{expert.pseudonym}: fees", second: ""},
        consents={ConsentPurpose.PARTICIPATE: True} if consents is None else consents,
        language="bn",
    )


def record(partners, world, people=None, *, key=None, actor=None, **overrides):
    fields = {
        "kind": SessionKind.FOCUS_GROUP,
        "held_on": timezone.localdate(),
        "place": "Jessore district",
    }
    fields.update(overrides)
    return capture_record(
        actor=actor or partners.facilitator,
        request=partners.request,
        idempotency_key=key or uuid.uuid4(),
        participants=people
        if people is not None
        else [participant(partners.device_less, world), participant(partners.member, world)],
        **fields,
    )


def test_a_session_stores_one_contribution_per_participant_with_consent_said_aloud(world, partners):
    key = uuid.uuid4()
    people = [
        participant(
            partners.device_less,
            world,
            consents={ConsentPurpose.PARTICIPATE: True, ConsentPurpose.QUOTE_ANONYMOUSLY: True},
            attribution=Attribution.ANONYMOUS,
        ),
        participant(partners.member, world),
    ]
    result = record(partners, world, people, key=key)

    assert (result.created, result.contributions) == (True, 2)
    capture = result.capture
    assert (capture.partner, capture.partner_request, capture.captured_by) == (
        partners.collective,
        partners.request,
        partners.facilitator,
    )
    assert (capture.kind, capture.place, capture.held_on) == (
        SessionKind.FOCUS_GROUP,
        "Jessore district",
        timezone.localdate(),
    )
    contributions = {c.expert.pseudonym: c for c in capture.contributions.select_related("expert")}
    assert sorted(contributions) == ["Mina", "Nadia"]
    mina = contributions["Mina"]
    assert (mina.channel, mina.captured_by, mina.attribution) == (
        ContributionChannel.FACILITATOR,
        partners.facilitator,
        Attribution.ANONYMOUS,
    )
    assert mina.idempotency_key == uuid.uuid5(key, str(partners.device_less.pk))
    assert list(Answer.objects.filter(contribution=mina).values_list("text", flat=True)) == [
        "Mina: fees"
    ]
    # Her invitation came through the request, accepted in person by the facilitator.
    invitation = mina.invitation
    assert (invitation.via, invitation.status, invitation.answered_by) == (
        partners.request,
        InvitationStatus.ACCEPTED,
        partners.facilitator,
    )
    # Consent said aloud: verbal, witnessed by the facilitator, in the language read aloud.
    said = ConsentRecord.objects.filter(expert=partners.device_less).order_by("purpose")
    assert [(r.purpose, r.given, r.channel, r.witness, r.language) for r in said] == [
        (ConsentPurpose.PARTICIPATE, True, ConsentChannel.VERBAL, partners.facilitator, "bn"),
        (ConsentPurpose.QUOTE_ANONYMOUSLY, True, ConsentChannel.VERBAL, partners.facilitator, "bn"),
    ]
    assert said[0].given_at.date() == timezone.localdate()
    verbs = list(
        AuditEvent.objects.filter(verb__in=["capture.record", "contribution.capture"])
        .order_by("verb")
        .values_list("verb", flat=True)
    )
    assert verbs == ["capture.record", "contribution.capture", "contribution.capture"]


def test_the_same_capture_twice_is_stored_once(world, partners):
    key = uuid.uuid4()
    first = record(partners, world, key=key)
    counts = (
        Contribution.objects.count(),
        ConsentRecord.objects.count(),
        AuditEvent.objects.count(),
    )
    again = record(partners, world, key=key)
    assert (again.capture, again.created, again.contributions) == (first.capture, False, 2)
    assert (
        Contribution.objects.count(),
        ConsentRecord.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_the_same_capture_with_its_participants_reordered_is_the_same_capture(world, partners):
    key = uuid.uuid4()
    first = record(partners, world, key=key)
    people = [participant(partners.member, world), participant(partners.device_less, world)]
    again = record(partners, world, people, key=key)
    assert (again.capture, again.created) == (first.capture, False)


def test_the_same_key_with_changed_content_is_refused_and_changes_nothing(world, partners):
    key = uuid.uuid4()
    first = record(partners, world, key=key)
    answers = list(Answer.objects.order_by("text").values_list("text", flat=True))
    with pytest.raises(CaptureConflict, match="different content"):
        record(partners, world, key=key, place="Khulna")
    tampered = [
        participant(partners.device_less, world, answers={questions(world)[0]: "Other words"}),
        participant(partners.member, world),
    ]
    with pytest.raises(CaptureConflict):
        record(partners, world, tampered, key=key)
    assert list(Capture.objects.all()) == [first.capture]
    assert list(Answer.objects.order_by("text").values_list("text", flat=True)) == answers
    assert Capture.objects.get().place == "Jessore district"


def nothing_stored(world) -> None:
    assert Capture.objects.count() == 0
    # Only the world's own contributions: Tara's to A and Rosa's to B.
    assert Contribution.objects.count() == 2
    assert not ConsentRecord.objects.filter(channel=ConsentChannel.VERBAL).exists()
    assert not Invitation.objects.filter(via__isnull=False).exists()


def test_a_participant_without_consent_to_take_part_is_refused_with_nothing_stored(world, partners):
    people = [
        participant(partners.member, world),
        participant(partners.device_less, world, consents={ConsentPurpose.RESEARCH: True}),
    ]
    with pytest.raises(CaptureError, match="Mina has not consented to take part"):
        record(partners, world, people)
    nothing_stored(world)
    # Consent to take part said "no" in the session is refused the same way.
    said_no = [participant(partners.device_less, world, consents={"participate": False})]
    with pytest.raises(CaptureError, match="Mina has not consented to take part"):
        record(partners, world, said_no)
    nothing_stored(world)


def test_consent_already_in_her_ledger_is_enough(world, partners):
    consent_grant(
        actor=partners.facilitator,
        expert=partners.device_less,
        purpose=ConsentPurpose.PARTICIPATE,
        channel=ConsentChannel.VERBAL,
        language="bn",
    )
    result = record(partners, world, [participant(partners.device_less, world, consents={})])
    assert result.contributions == 1
    assert ConsentRecord.objects.filter(expert=partners.device_less).count() == 1


def test_a_quoting_choice_needs_her_quoting_consent(world, partners):
    people = [participant(partners.device_less, world, attribution=Attribution.PSEUDONYM)]
    with pytest.raises(CaptureError, match="Mina has not consented to be quoted this way"):
        record(partners, world, people)
    nothing_stored(world)


def test_a_withdrawal_said_in_the_session_is_recorded(world, partners):
    consent_grant(actor=partners.member.user, expert=partners.member, purpose="media")
    people = [
        participant(partners.member, world, consents={"participate": True, "media": False}),
    ]
    record(partners, world, people)
    state = consent_state(expert=partners.member)
    assert (state["participate"], state["media"]) == (True, False)


def test_someone_who_is_not_a_member_is_refused(world, partners):
    for stranger in (partners.other_member, world.expert):
        people = [participant(partners.member, world), participant(stranger, world)]
        with pytest.raises(CaptureError, match="not a member of Collective C"):
            record(partners, world, people)
    garbage = ParticipantInput(expert_id="not-an-id", attribution="not_quoted", answers={})
    with pytest.raises(CaptureError, match="not a member"):
        record(partners, world, [garbage])
    nothing_stored(world)


def test_someone_who_already_gave_input_is_refused(world, partners):
    record(partners, world, [participant(partners.member, world)])
    with pytest.raises(CaptureError, match="Nadia already gave input"):
        record(partners, world)
    assert Capture.objects.count() == 1


def test_a_closed_or_ended_consultation_takes_no_capture(world, partners):
    consultation_close(actor=world.staff_a, consultation=world.consultation)
    with pytest.raises(CaptureError, match="closed"):
        record(partners, world)
    world.consultation.status = ConsultationStatus.CANCELLED
    world.consultation.save()
    with pytest.raises(CaptureError, match="cancelled"):
        record(partners, world)
    world.consultation.status = ConsultationStatus.OPEN
    world.consultation.deadline = timezone.localdate() - datetime.timedelta(days=1)
    world.consultation.opens_on = world.consultation.deadline - datetime.timedelta(days=20)
    world.consultation.save()
    with pytest.raises(CaptureError, match="closed"):
        record(partners, world, held_on=world.consultation.opens_on)
    nothing_stored(world)


def test_a_request_not_accepted_or_withdrawn_takes_no_capture(world, partners):
    for status, words in (
        (PartnerRequestStatus.PENDING, "Accept the request"),
        (PartnerRequestStatus.DECLINED, "Accept the request"),
        (PartnerRequestStatus.WITHDRAWN, "withdrew"),
    ):
        partners.request.status = status
        partners.request.save()
        with pytest.raises(CaptureError, match=words):
            record(partners, world)
    nothing_stored(world)


def test_the_session_day_is_not_in_the_future_nor_before_the_consultation_opened(world, partners):
    today = timezone.localdate()
    with pytest.raises(CaptureError, match="future"):
        record(partners, world, held_on=today + datetime.timedelta(days=1))
    with pytest.raises(CaptureError, match="before this consultation opened"):
        record(partners, world, held_on=today - datetime.timedelta(days=1))
    with pytest.raises(CaptureError, match="district or a town"):
        record(partners, world, place="  ")
    with pytest.raises(CaptureError, match="80"):
        record(partners, world, place="x" * 81)
    nothing_stored(world)


def test_answers_are_checked_as_online_input_is(world, partners):
    first, _second = questions(world)
    for answers, words in (
        ({first: "  "}, "at least one answer from Mina"),
        ({str(uuid.uuid4()): "Words"}, "does not belong"),
        ({first: "x" * 5001}, "longer than 5,000"),
    ):
        with pytest.raises(CaptureError, match=words):
            record(partners, world, [participant(partners.device_less, world, answers=answers)])
    nothing_stored(world)


def test_her_existing_invitation_is_used(world, partners):
    from seat.consultations.services import invitations_send

    # The host invited Nadia directly too; she declined online, then took part in person.
    link_staff = make_member("linker", world.org_a, Role.STAFF)
    from seat.tests.personas import make_link

    make_link(link_staff, partners.member, world.org_a)
    (invitation,) = invitations_send(
        actor=world.staff_a, consultation=world.consultation, experts=[partners.member]
    )
    result = record(partners, world, [participant(partners.member, world)])
    contribution = result.capture.contributions.get()
    assert contribution.invitation == invitation
    invitation.refresh_from_db()
    assert (invitation.via, invitation.status, invitation.answered_by) == (
        None,
        InvitationStatus.ACCEPTED,
        partners.facilitator,
    )


def test_only_the_partners_facilitators_and_admins_capture(world, partners):
    viewer = make_member("viewer-c", partners.collective, Role.VIEWER)
    for outsider in (world.staff_a, world.admin_a, partners.other_facilitator, viewer):
        with pytest.raises(PermissionDenied):
            record(partners, world, actor=outsider)
    admin = make_member("admin-c", partners.collective, Role.ADMIN)
    assert record(partners, world, actor=admin).contributions == 2


def test_a_member_without_a_device_joined_after_the_request_can_be_captured(world, partners):
    late = expert_create(user=None, pseudonym="Rupa", languages="bn", represented_by=None)
    expert_link_record(actor=partners.facilitator, expert=late, organisation=partners.collective)
    assert record(partners, world, [participant(late, world)]).contributions == 1


def test_a_request_to_another_partner_is_not_this_partners(world, partners):
    other = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
    )
    with pytest.raises(PermissionDenied):
        capture_record(
            actor=partners.facilitator,
            request=other,
            idempotency_key=uuid.uuid4(),
            kind=SessionKind.FOCUS_GROUP,
            held_on=timezone.localdate(),
            place="Jessore",
            participants=[participant(partners.member, world)],
        )
