"""The notification service: once per person, event and channel; failures stay contained; the
outside texts say nothing; the recipient's language; nothing leaves a rolled-back transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone, translation

from seat.accountability.services import response_record
from seat.accounts.enums import Role
from seat.compensation.services import payment_approve, payment_pay, payment_record
from seat.consultations import services as loop
from seat.core.retries import MAX_ATTEMPTS
from seat.notifications import sms
from seat.notifications.enums import Channel, DeliveryStatus, Event
from seat.notifications.models import Delivery, Notification
from seat.notifications.services import (
    contact_choice_update,
    deliveries_retry,
    deliveries_send,
    notify,
)
from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_member,
)


class FailingSms:
    """An SMS provider that is down."""

    def send(self, *, to: str, body: str) -> None:
        raise ConnectionError("gateway unreachable")


def wants_everything(user, email="her@example.org", phone="+880 1711 222 333"):
    return contact_choice_update(user=user, by_email=True, by_sms=True, email=email, phone=phone)


@pytest.mark.django_db
def test_replaying_an_event_delivers_once_per_channel(django_capture_on_commit_callbacks):
    user = make_member("shirin", make_expert("x", "X").represented_by or _org(), Role.FINANCE)
    wants_everything(user)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            notify(event=Event.PAYMENT_RECORDED, recipients=[user, user], key="payment.recorded:1")
    # A retry sweep and a second run of the same task change nothing either.
    notification = Notification.objects.get(recipient=user)
    deliveries_send(notification_ids=[str(notification.pk)])
    Delivery.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    deliveries_retry()
    assert Notification.objects.filter(recipient=user).count() == 1
    assert sorted(Delivery.objects.values_list("channel", "status", "attempts")) == [
        ("email", "sent", 1),
        ("sms", "sent", 1),
    ]
    assert [m.to for m in mail.outbox] == [["her@example.org"]]
    assert [to for to, _body in sms.outbox] == ["+880 1711 222 333"]


def _org():
    from seat.tests.personas import make_org

    return make_org("Organisation A")


@pytest.mark.django_db
@override_settings(SEAT_SMS_BACKEND="seat.notifications.tests.test_notify.FailingSms")
def test_a_failing_sms_is_recorded_and_email_and_inbox_still_arrive(
    client, world, django_capture_on_commit_callbacks
):
    expert = world.other_expert
    invitation = make_invitation(world.staff_a, world.consultation, expert, accept=True)
    contribution = make_contribution(invitation)
    wants_everything(expert.user)
    client.force_login(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/input/{contribution.pk}/",
            {"outcome": "adopted", "reason": "We will add it to the sessions."},
        )
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=expert.user, event=Event.RESPONSE_RECORDED)
    assert dict(notification.deliveries.values_list("channel", "status")) == {
        Channel.EMAIL: DeliveryStatus.SENT,
        Channel.SMS: DeliveryStatus.FAILED,
    }
    assert notification.deliveries.get(channel=Channel.SMS).error == "ConnectionError"
    assert [m.to for m in mail.outbox] == [["her@example.org"]]
    # A retry tries the failed channel again, and only that one, a few times at most.
    for _ in range(MAX_ATTEMPTS + 2):
        Delivery.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
        deliveries_retry()
    assert notification.deliveries.get(channel=Channel.SMS).attempts == MAX_ATTEMPTS
    assert len(mail.outbox) == 1
    client.force_login(expert.user)
    inbox = client.get("/me/inbox/").content.decode()
    assert "Organisation A has told you what it did with your input" in inbox


@pytest.mark.django_db
def test_subjects_and_texts_name_nobody_and_nothing(world, django_capture_on_commit_callbacks):
    """Every event of the loop, as the expert would be told outside Seat."""
    from seat.assessment.services import advisor_ask

    expert = world.other_expert
    wants_everything(expert.user)
    finance = world.finance_a
    wants_everything(finance, email="finance@example.org", phone="+1 555 0100")
    with django_capture_on_commit_callbacks(execute=True):
        consultation = make_consultation(
            world.staff_a, world.project, title="Safe recruitment in Sylhet"
        )
        invitation = make_invitation(world.staff_a, consultation, expert, accept=True)
        loop.deadline_reminders_send(today=consultation.deadline - datetime.timedelta(days=1))
        contribution = make_contribution(invitation)
        response_record(
            actor=world.staff_a, contribution=contribution, outcome="adopted", reason="Yes."
        )
        line = payment_record(
            actor=world.staff_a,
            contribution=contribution,
            units=Decimal(2),
            unit="hour",
            rate=Decimal("37.50"),
            expenses_travel=Decimal(0),
            currency="USD",
            due_on=timezone.localdate(),
        )
        line = payment_approve(actor=world.admin_a, payment=line)
        payment_pay(actor=world.finance_a, payment=line, method="bank", reference="T-1")
        loop.consultation_close(actor=world.staff_a, consultation=consultation)
        advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=expert)
    events = set(Notification.objects.values_list("event", flat=True))
    assert events >= {
        Event.INVITATION_SENT,
        Event.DEADLINE_REMINDER,
        Event.RESPONSE_RECORDED,
        Event.PAYMENT_RECORDED,
        Event.PAYMENT_APPROVED,
        Event.PAYMENT_PAID,
        Event.CONSULTATION_CLOSED,
        Event.ADVISOR_ASKED,
    }
    outside = [m.subject for m in mail.outbox] + [m.body for m in mail.outbox]
    outside += [str(m.alternatives[0][0]) for m in mail.outbox] + [b for _to, b in sms.outbox]
    assert len(mail.outbox) == len(sms.outbox) == 8  # 7 to her, 1 to finance
    secrets = [
        "Rosa",
        "other-expert",
        "Safe recruitment",
        "Sylhet",
        "Organisation A",
        "75",
        "37.50",
        "USD",
        "dollar",
        "finance-a",
        str(consultation.pk),
        str(invitation.pk),
    ]
    leaks = [(secret, text) for text in outside for secret in secrets if secret in text]
    assert leaks == []
    assert {m.subject for m in mail.outbox} == {"You have a new message on Seat"}


@pytest.mark.django_db
def test_the_message_is_in_the_recipients_language(world, django_capture_on_commit_callbacks):
    expert = world.other_expert
    expert.user.language = "bn"
    expert.user.save()
    wants_everything(expert.user)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        make_invitation(world.staff_a, world.consultation, expert)
    with translation.override("bn"):
        subject = translation.gettext("You have a new message on Seat")
        sms_start = translation.gettext("Seat: you have a new message. Log in to read it: %(link)s")
    assert subject != "You have a new message on Seat"
    assert [m.subject for m in mail.outbox] == [subject]
    assert sms.outbox[0][1].startswith(sms_start.split("%(link)s")[0])


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing():
    user = make_member("shirin", _org(), Role.FINANCE)
    wants_everything(user)

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        notify(event=Event.PAYMENT_RECORDED, recipients=[user], key="payment.recorded:1")
        raise Refused
    assert Notification.objects.count() == 0
    assert (mail.outbox, sms.outbox) == ([], [])
    # The same call committed does send, at once (the immediate backend of the embedded default).
    notify(event=Event.PAYMENT_RECORDED, recipients=[user], key="payment.recorded:1")
    assert len(mail.outbox) == len(sms.outbox) == 1


@pytest.mark.django_db
def test_an_unknown_event_is_refused(world):
    with pytest.raises(ValueError):
        notify(event="something.new", recipients=[world.staff_a], key="k")


@pytest.mark.django_db
def test_reminders_go_once_per_invitation_to_those_who_have_not_answered(world):
    waiting = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    deadline = world.consultation.deadline
    assert loop.deadline_reminders_send(today=deadline - datetime.timedelta(days=10)) == 0
    assert loop.deadline_reminders_send(today=deadline - datetime.timedelta(days=2)) == 1
    assert loop.deadline_reminders_send(today=deadline - datetime.timedelta(days=1)) == 0
    reminded = Notification.objects.get(event=Event.DEADLINE_REMINDER)
    # The expert of `world` has sent her input already: only the other one is reminded.
    assert (reminded.recipient, reminded.key) == (
        world.other_expert.user,
        f"invitation.reminder:{waiting.pk}",
    )


@pytest.mark.django_db
def test_contact_addresses_are_encrypted_and_an_experts_are_her_private_details(world):
    from seat.notifications.models import ContactChoice
    from seat.people.services import identity_read

    wants_everything(world.staff_a, email="nadia.private@example.org", phone="+44 7700 900123")
    wants_everything(world.expert.user, email="tara.private@example.org", phone="+880 1711 999 111")
    # The expert's addresses are her private details: one copy, not two.
    identity = identity_read(actor=world.expert.user, expert=world.expert)
    assert (identity.email, identity.phone) == ("tara.private@example.org", "+880 1711 999 111")
    assert ContactChoice.objects.get(user=world.expert.user).email == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, phone FROM notifications_contactchoice")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert "nadia" not in stored and "7700" not in stored and "tara" not in stored


@pytest.mark.django_db
def test_a_delivery_whose_worker_stopped_mid_send_is_sent_by_the_sweep_with_the_same_id(settings):
    """A worker killed between claiming a delivery and recording it leaves it "sending": after
    SEAT_STRANDED_SECONDS the sweep sends it, under the same Message-ID as the lost try."""
    settings.SEAT_STRANDED_SECONDS = 60
    user = make_member("shirin", _org(), Role.FINANCE)
    contact_choice_update(user=user, by_email=True, by_sms=False, email="s@example.org", phone="")
    notify(event=Event.PAYMENT_RECORDED, recipients=[user], key="payment.recorded:2")
    delivery = Delivery.objects.get(notification__recipient=user)
    # As the stopped worker left it: claimed, tried once, never recorded.
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, attempts=1)
    assert deliveries_retry() == 0, "a send in progress is left alone"
    assert deliveries_send(notification_ids=[str(delivery.notification_id)]) == 0
    Delivery.objects.filter(pk=delivery.pk).update(
        updated_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    assert deliveries_retry() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == f"<{delivery.pk}@127.0.0.1>"
    assert deliveries_retry() == 0
