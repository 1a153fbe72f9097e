"""Forwarding a host's request to members, answers heard in person, and the host withdrawing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from seat.consultations import corrections
from seat.consultations import services as loop
from seat.consultations.enums import ConsultationStatus, InvitationStatus
from seat.consultations.models import Invitation
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.partners.enums import CollectivePay, PartnerRequestStatus
from seat.partners.services import (
    PartnerError,
    invitation_answer_for_member,
    invitation_forward,
    partner_request_create,
    partner_request_withdraw,
)
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ConsentRecord


def forward(partners, *experts):
    return invitation_forward(
        actor=partners.facilitator, request=partners.request, experts=list(experts)
    )


def test_forwarding_invites_each_member_once_through_the_partner(world, partners):
    sent = forward(partners, partners.device_less, partners.member)
    assert sorted(i.expert.pseudonym for i in sent) == ["Mina", "Nadia"]
    for invitation in sent:
        invitation.refresh_from_db()
        assert invitation.via_id == partners.request.pk
        assert invitation.invited_by == partners.facilitator
        # The consultation is open and its day has come: it went out, as the host's do.
        assert invitation.sent_at is not None
    # Nadia has an account and hears of it as any invitation; Mina is told in person.
    told = Notification.objects.filter(event=Event.INVITATION_SENT, key__contains=str(sent[0].pk))
    told |= Notification.objects.filter(event=Event.INVITATION_SENT, key__contains=str(sent[1].pk))
    assert [n.recipient for n in told] == [partners.member.user]
    # Again, and with one more: nothing twice.
    assert forward(partners, partners.device_less, partners.member) == []
    assert Invitation.objects.filter(via=partners.request).count() == 2


def test_before_its_day_a_forwarded_invitation_waits_like_the_hosts(world, partners):
    import datetime

    from django.utils import timezone

    later = timezone.localdate() + datetime.timedelta(days=3)
    world.consultation.opens_on = later
    world.consultation.save(update_fields=["opens_on"])
    (invitation,) = forward(partners, partners.member)
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    assert not Notification.objects.filter(recipient=partners.member.user).exists()
    assert loop.invitations_due_send(today=later) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_only_the_partners_own_members_are_forwarded_to(world, partners):
    for outsider in (partners.other_member, world.expert):
        with pytest.raises(PartnerError) as refused:
            forward(partners, partners.member, outsider)
        assert str(refused.value) == (
            "Only members of Collective C can be sent this invitation. Nothing was sent."
        )
    assert not Invitation.objects.filter(via__isnull=False).exists()


def test_only_the_partners_facilitators_forward(world, partners):
    for outsider in (partners.other_facilitator, world.staff_a, world.admin_a):
        with pytest.raises(PermissionDenied):
            invitation_forward(actor=outsider, request=partners.request, experts=[partners.member])
    assert not Invitation.objects.filter(via__isnull=False).exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("pending", "Accept the request before you send it to members."),
        ("withdrawn", "The host withdrew this request. Nothing was sent."),
        ("closed", "This consultation is closed. Nothing was sent."),
        ("cancelled", "This consultation was cancelled. Nothing was sent."),
    ],
)
def test_nothing_is_forwarded_when_it_cannot_be(world, partners, state, message):
    request = partners.request
    if state == "pending":
        request = partner_request_create(
            actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
        )
        with pytest.raises(PartnerError) as refused:
            invitation_forward(
                actor=partners.other_facilitator, request=request, experts=[partners.other_member]
            )
        assert str(refused.value) == message
        return
    if state == "withdrawn":
        partner_request_withdraw(actor=world.staff_a, request=request)
    elif state == "closed":
        loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    else:
        corrections.consultation_cancel(
            actor=world.staff_a, consultation=world.consultation, message="Funding ended."
        )
    with pytest.raises(PartnerError) as refused:
        forward(partners, partners.member)
    assert str(refused.value) == message
    assert not Invitation.objects.filter(via__isnull=False).exists()


@pytest.mark.parametrize("who", ["device_less", "member"])
def test_a_facilitator_records_an_answer_said_aloud(world, partners, who):
    expert = getattr(partners, who)
    (invitation,) = forward(partners, expert)
    answered = invitation_answer_for_member(
        actor=partners.facilitator,
        invitation=invitation,
        accept=True,
        language="bn",
        channel=ConsentChannel.VERBAL,
    )
    assert (answered.status, answered.answered_by) == (
        InvitationStatus.ACCEPTED,
        partners.facilitator,
    )
    consent = ConsentRecord.objects.get(expert=expert, purpose=ConsentPurpose.PARTICIPATE)
    assert (consent.given, consent.channel, consent.witness, consent.language) == (
        True,
        ConsentChannel.VERBAL,
        partners.facilitator,
        "bn",
    )
    # Said twice (or sent twice): one answer, one consent.
    again = invitation_answer_for_member(
        actor=partners.facilitator,
        invitation=invitation,
        accept=False,
        language="bn",
        channel=ConsentChannel.PHONE,
    )
    assert again.status == InvitationStatus.ACCEPTED
    assert ConsentRecord.objects.filter(expert=expert).count() == 1


def test_a_no_on_the_phone_records_no_consent(world, partners):
    (invitation,) = forward(partners, partners.device_less)
    answered = invitation_answer_for_member(
        actor=partners.facilitator,
        invitation=invitation,
        accept=False,
        language="bn",
        channel=ConsentChannel.PHONE,
    )
    assert (answered.status, answered.answered_by) == (
        InvitationStatus.DECLINED,
        partners.facilitator,
    )
    assert not ConsentRecord.objects.filter(expert=partners.device_less).exists()


def test_a_member_answering_herself_is_not_recorded_as_answered_for(world, partners):
    (invitation,) = forward(partners, partners.member)
    answered = loop.invitation_answer(
        actor=partners.member.user, invitation=invitation, accept=True
    )
    assert (answered.status, answered.answered_by) == (InvitationStatus.ACCEPTED, None)
    consent = ConsentRecord.objects.get(expert=partners.member)
    assert (consent.channel, consent.witness, consent.language) == (ConsentChannel.WEB, None, "")


def test_only_her_partners_facilitator_answers_for_her(world, partners):
    (invitation,) = forward(partners, partners.member)
    for outsider in (partners.other_facilitator, world.staff_a):
        with pytest.raises(PermissionDenied):
            invitation_answer_for_member(
                actor=outsider,
                invitation=invitation,
                accept=True,
                language="bn",
                channel=ConsentChannel.VERBAL,
            )
    # Nor for an invitation the host sent directly.
    with pytest.raises(PermissionDenied):
        invitation_answer_for_member(
            actor=partners.facilitator,
            invitation=world.invitation,
            accept=True,
            language="bn",
            channel=ConsentChannel.VERBAL,
        )
    with pytest.raises(PartnerError):
        invitation_answer_for_member(
            actor=partners.facilitator,
            invitation=invitation,
            accept=True,
            language="bn",
            channel=ConsentChannel.WEB,
        )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_withdrawing_keeps_what_was_forwarded_and_stops_the_rest(world, partners):
    (invitation,) = forward(partners, partners.member)
    with pytest.raises(PermissionDenied):
        partner_request_withdraw(actor=partners.facilitator, request=partners.request)
    withdrawn = partner_request_withdraw(actor=world.staff_a, request=partners.request)
    assert withdrawn.status == PartnerRequestStatus.WITHDRAWN
    assert (
        partner_request_withdraw(actor=world.staff_a, request=partners.request).pk == withdrawn.pk
    )
    invitation.refresh_from_db()
    assert (invitation.via_id, invitation.status) == (partners.request.pk, InvitationStatus.PENDING)
    with pytest.raises(PartnerError):
        forward(partners, partners.device_less)
    # She may still answer the invitation she has, herself.
    loop.invitation_answer(actor=partners.member.user, invitation=invitation, accept=True)


def test_the_partners_facilitators_hear_of_a_request_once(world, partners):
    def heard():
        return list(
            Notification.objects.filter(event=Event.PARTNER_REQUEST).values_list(
                "recipient__username", "url"
            )
        )

    Notification.objects.filter(event=Event.PARTNER_REQUEST).delete()
    request = partner_request_create(
        actor=world.staff_a,
        consultation=world.consultation,
        partner=partners.other_collective,
        collective_pay=CollectivePay.TO_COLLECTIVE,
    )
    assert heard() == [("facilitator-d", f"/partners/requests/{request.pk}/")]
    partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
    )
    assert len(heard()) == 1
    assert Notification.objects.get(event=Event.PARTNER_REQUEST).context == {
        "organisation": "Organisation A",
        "partner": "Collective D",
        "title": world.consultation.title,
        "deadline": world.consultation.deadline.isoformat(),
    }


def test_a_closed_consultations_requests_stay_as_they_were(world, partners):
    loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    assert world.consultation.status == ConsultationStatus.CLOSED
    with pytest.raises(PartnerError):
        partner_request_withdraw(actor=world.staff_a, request=partners.request)


def test_a_request_is_told_outside_seat_without_naming_anything(
    client, world, partners, django_capture_on_commit_callbacks
):
    from django.core import mail

    from seat.notifications import sms
    from seat.notifications.services import contact_choice_update

    contact_choice_update(
        user=partners.other_facilitator,
        by_email=True,
        by_sms=True,
        email="d@example.org",
        phone="+880 1711 222 333",
    )
    with django_capture_on_commit_callbacks(execute=True):
        partner_request_create(
            actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
        )
    outside = [m.subject for m in mail.outbox] + [m.body for m in mail.outbox]
    outside += [body for _to, body in sms.outbox]
    assert len(mail.outbox) == len(sms.outbox) == 1
    for secret in ("Organisation A", "Collective D", world.consultation.title):
        assert not [text for text in outside if secret in text], secret
    client.force_login(partners.other_facilitator)
    inbox = client.get("/me/inbox/").content.decode()
    assert (
        "Organisation A asks Collective D to bring “What should the sessions cover?” to its "
        "members." in inbox
    )
