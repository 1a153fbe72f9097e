"""Conversations that go wrong the ways text messages do: copies, messages out of order,
replies that do not fit, an unknown number, a no, STOP and HELP."""

from __future__ import annotations

import itertools
import logging
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.consultations import services as loop
from seat.consultations.enums import InvitationStatus
from seat.consultations.models import Contribution
from seat.notifications import sms
from seat.people.enums import ConsentPurpose
from seat.people.models import ConsentRecord, ExpertIdentity
from seat.sms import texts
from seat.sms.models import SmsContact, SmsInbound, SmsOutbound, SmsThread
from seat.sms.phone import phone_index
from seat.sms.services import SmsError, sms_contact_enrol
from seat.sms.tests.conftest import NUMBER, PHONE, sent_to
from seat.tests.personas import make_consultation


def bn(function, **kwargs):  # type: ignore[no-untyped-def]
    with translation.override("bn"):
        return function(**kwargs)


def _participate_consents(expert) -> int:  # type: ignore[no-untyped-def]
    return ConsentRecord.objects.filter(expert=expert, purpose=ConsentPurpose.PARTICIPATE).count()


def test_her_number_is_kept_once_encrypted_and_found_by_its_keyed_digest(world, contact):
    identity = ExpertIdentity.objects.get(profile=world.expert)
    assert identity.phone == NUMBER
    assert contact.phone_index == phone_index("+880-1711-999-111") != NUMBER
    assert not hasattr(contact, "phone")
    # Stored encrypted: the column holds no digit of the number in clear.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone FROM people_expertidentity WHERE profile_id = %s",
            [world.expert.pk.hex if connection.vendor == "sqlite" else world.expert.pk],
        )
        (stored,) = cursor.fetchone()
    assert "1711999111" not in stored


def test_only_she_enrols_her_number_and_one_that_is_not_a_number_is_refused(world, contact):
    with pytest.raises(PermissionDenied):
        sms_contact_enrol(actor=world.staff_a, expert=world.expert, phone=PHONE, language="bn")
    with pytest.raises(SmsError):
        sms_contact_enrol(
            actor=world.other_expert.user, expert=world.other_expert, phone="12", language="es"
        )


def test_a_message_delivered_twice_is_handled_once(invited, text):
    invitation, ref = invited
    assert text(f"YES {ref}", message_id="SM-dup") == [bn(texts.consent_ask, ref=ref)]
    assert text(f"YES {ref}", message_id="SM-dup") == []
    assert SmsInbound.objects.filter(message_id="SM-dup").count() == 1
    assert SmsOutbound.objects.filter(key__startswith="reply:").count() == 1


def test_a_repeated_yes_is_never_a_choice_an_answer_or_a_second_contribution(world, invited, text):
    invitation, ref = invited
    consents = _participate_consents(world.expert)
    text(f"YES {ref}")
    question_1 = bn(
        texts.question, ref=ref, number=1, total=2, text="[bn] Which warning signs matter most?"
    )
    # At the choice about quoting, and during the questions, YES again only says where she is.
    assert text("YES") == [bn(texts.already_accepted, ref=ref), bn(texts.consent_again, ref=ref)]
    assert text("2") == [question_1]
    assert text("yes") == [bn(texts.already_accepted, ref=ref), question_1]
    text("Fees")
    text("SKIP")
    assert text(f"YES {ref}") == [bn(texts.already_saved, ref=ref)]
    contribution = Contribution.objects.get(invitation=invitation)
    assert [a.text for a in contribution.answers.all()] == ["Fees"]
    assert contribution.attribution == "not_quoted"
    assert _participate_consents(world.expert) == consents + 1


def test_a_no_that_arrives_after_her_yes_changes_nothing(invited, text):
    invitation, ref = invited
    text(f"YES {ref}")
    assert text(f"NO {ref}") == [
        bn(texts.already_accepted, ref=ref),
        bn(texts.consent_again, ref=ref),
    ]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_she_declines_and_a_late_yes_does_not_undo_it(world, invited, text):
    invitation, ref = invited
    consents = _participate_consents(world.expert)
    assert text(f"না {ref}") == [bn(texts.declined, ref=ref)]
    assert text(f"YES {ref}") == [bn(texts.already_declined, ref=ref)]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert _participate_consents(world.expert) == consents
    assert not Contribution.objects.filter(invitation=invitation).exists()


def test_a_reply_that_does_not_fit_gets_a_short_help(invited, text):
    _invitation, ref = invited
    assert text("hello?") == [bn(texts.invitation_again, ref=ref)]
    text(f"YES {ref}")
    assert text("3") == [bn(texts.consent_first, ref=ref)]


def test_skipping_every_question_saves_nothing_and_starts_again(invited, text):
    invitation, ref = invited
    text(f"YES {ref}")
    text("1")
    text("SKIP")
    replies = text("SKIP")
    assert replies[1] == bn(
        texts.question, ref=ref, number=1, total=2, text="[bn] Which warning signs matter most?"
    )
    assert not Contribution.objects.filter(invitation=invitation).exists()


def test_an_unknown_number_learns_nothing(world, contact, invited, text, caplog):
    stranger = "+44 7700 900123"
    caplog.set_level(logging.INFO)
    replies = [text(body, sender=stranger) for body in ("YES", "HELP", "WHY ABCD", "Tara")]
    with translation.override("en"):
        assert replies == [[texts.not_recognised()]] * 4
    assert [to for to, _body in sms.outbox[-4:]] == [stranger] * 4
    assert SmsInbound.objects.filter(contact__isnull=True).count() == 4
    assert SmsThread.objects.count() == 1  # hers only
    # No number in the log, hers or the stranger's.
    assert "7700" not in caplog.text and "1711" not in caplog.text


def test_stop_silences_everything_until_start(
    world, invited, text, django_capture_on_commit_callbacks
):
    invitation, ref = invited
    text(f"YES {ref}")
    text("1")
    text("One")
    text("Two")
    assert text("STOP") == [bn(texts.stopped)]
    assert SmsContact.objects.get().stopped_at is not None
    before = len(sent_to())
    with django_capture_on_commit_callbacks(execute=True):
        response_record(
            actor=world.staff_a,
            contribution=Contribution.objects.get(invitation=invitation),
            outcome=Outcome.ADOPTED,
            reason="Added.",
        )
    assert len(sent_to()) == before  # nothing, not even the answer to her input
    assert text(f"WHY {ref}") == []  # no answer at all until START
    assert len(sent_to()) == before
    assert text("START") == [bn(texts.started)]
    assert text(f"WHY {ref}") == [bn(texts.reason, ref=ref, text="Added.")]


def test_help_says_what_to_do_and_what_is_waiting(invited, text):
    _invitation, ref = invited
    assert text("HELP") == [bn(texts.help_text), bn(texts.invitation_again, ref=ref)]


def test_a_closed_consultation_is_told_plainly_never_an_error(world, invited, text):
    invitation, ref = invited
    text(f"YES {ref}")
    text("1")
    loop.consultation_close(actor=world.staff_a, consultation=invitation.consultation)
    text("One")
    replies = text("Two")
    assert len(replies) == 1 and replies[0]
    assert not Contribution.objects.filter(invitation=invitation).exists()
    assert text("Three") == [bn(texts.nothing_waiting)]


def test_a_reminder_reaches_her_while_she_has_not_answered(
    world, invited, text, django_capture_on_commit_callbacks
):
    import datetime

    from seat.core.formats import format_day

    invitation, ref = invited
    text(f"YES {ref}")
    deadline = invitation.consultation.deadline
    with django_capture_on_commit_callbacks(execute=True):
        loop.deadline_reminders_send(today=deadline - datetime.timedelta(days=1))
    with translation.override("bn"):
        assert sent_to()[-1] == texts.reminder(ref=ref, deadline=format_day(deadline))


def test_a_cancelled_consultation_is_told_and_ends_the_conversation(
    world, invited, text, django_capture_on_commit_callbacks
):
    from seat.consultations.corrections import consultation_cancel

    invitation, ref = invited
    text(f"YES {ref}")
    text("1")
    text("One")  # an answer waiting, encrypted
    with django_capture_on_commit_callbacks(execute=True):
        consultation_cancel(
            actor=world.staff_a, consultation=invitation.consultation, message="Funding ended."
        )
    assert sent_to()[-1] == bn(texts.cancelled, ref=ref)
    thread = SmsThread.objects.get(invitation=invitation)
    assert (thread.step, thread.answers) == ("closed", "")
    assert "Funding" not in sent_to()[-1]
    assert text("Two") == [bn(texts.nothing_waiting)]
    assert not Contribution.objects.filter(invitation=invitation).exists()


def test_closing_tells_her_while_she_is_answering_and_not_once_her_input_is_in(
    world, invited, text, django_capture_on_commit_callbacks
):
    invitation, ref = invited
    text(f"YES {ref}")
    text("2")
    text("One")
    text("Two")  # her input is in
    before = len(sent_to())
    with django_capture_on_commit_callbacks(execute=True):
        loop.consultation_close(actor=world.staff_a, consultation=invitation.consultation)
    assert len(sent_to()) == before

    later = make_consultation(world.staff_a, world.project, title="Third round")
    with django_capture_on_commit_callbacks(execute=True):
        loop.invitations_send(actor=world.staff_a, consultation=later, experts=[world.expert])
    ref = re.search(r"\(([A-Z0-9]{4})\)", sent_to()[-1]).group(1)  # type: ignore[union-attr]
    text(f"YES {ref}")
    with django_capture_on_commit_callbacks(execute=True):
        loop.consultation_close(actor=world.staff_a, consultation=later)
    assert sent_to()[-1] == bn(texts.closed, ref=ref)


def test_with_text_messages_also_chosen_for_notifications_she_gets_one_sms_not_two(
    world, contact, django_capture_on_commit_callbacks
):
    from django.core import mail

    from seat.notifications.models import Delivery
    from seat.notifications.services import contact_choice_update

    contact_choice_update(
        user=world.expert.user, by_email=True, by_sms=True, email="t@example.org", phone=NUMBER
    )
    consultation = make_consultation(world.staff_a, world.project, title="Fourth round")
    with django_capture_on_commit_callbacks(execute=True):
        loop.invitations_send(
            actor=world.staff_a, consultation=consultation, experts=[world.expert]
        )
    (invited,) = sent_to()
    assert invited.startswith("Seat: আপনাকে মতামত দিতে আমন্ত্রণ")
    assert list(Delivery.objects.values_list("channel", "status")) == [("email", "sent")]
    assert len(mail.outbox) == 1


def test_anything_unforeseen_gets_her_the_help_text_and_keeps_nothing(
    invited, text, monkeypatch, caplog
):
    from seat.sms import services

    invitation, ref = invited

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug, with her words: secret answer")

    monkeypatch.setattr(services, "_step", broken)
    assert text("secret answer") == [bn(texts.help_text)]
    assert SmsInbound.objects.get(message_id__startswith="SM", outcome="error")
    assert "secret" not in caplog.text and "RuntimeError" in caplog.text
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


@pytest.mark.parametrize(
    ("reply", "accepted"),
    [
        ("হ্যাঁ", True), ("हाँ", True), ("हुन्छ", True), ("iya", True), ("បាទ", True),
        ("opo", True), ("oui", True), ("نعم", True), ("sí", True),
        ("नहीं", False), ("होइन", False), ("tidak", False), ("ទេ", False), ("hindi", False),
        ("non", False), ("لا", False),
    ],
)  # fmt: skip
def test_she_says_yes_or_no_in_any_of_seats_languages(invited, text, reply, accepted):
    invitation, ref = invited
    text(f"{reply} {ref}")
    invitation.refresh_from_db()
    assert invitation.status == ("accepted" if accepted else "declined")


def test_the_keywords_of_every_language_never_mean_two_things():
    from seat.sms import services

    sets = [
        services.YES_WORDS,
        services.NO_WORDS,
        services.STOP_WORDS,
        services.START_WORDS,
        services.HELP_WORDS,
        services.SKIP_WORDS,
        services.WHY_WORDS,
    ]
    for first, second in itertools.combinations(sets, 2):
        assert first.isdisjoint(second), first & second


def test_a_number_without_its_country_code_is_refused(world):
    with pytest.raises(SmsError, match="starting with \\+"):
        sms_contact_enrol(
            actor=world.other_expert.user,
            expert=world.other_expert,
            phone="01711 555013",
            language="bn",
        )


def test_an_empty_message_is_never_an_answer_or_a_send(world, invited, text):
    invitation, ref = invited
    text(f"YES {ref}")
    text("2")
    text("Fees")
    question_2 = bn(
        texts.question, ref=ref, number=2, total=2, text="[bn] Who should run the sessions?"
    )
    assert text("") == [question_2]
    assert text("   ") == [question_2]
    assert not Contribution.objects.filter(invitation=invitation).exists()
    text("Peer trainers")
    answers = [a.text for a in Contribution.objects.get(invitation=invitation).answers.all()]
    assert answers == ["Fees", "Peer trainers"]


def test_a_new_invitation_between_two_answers_does_not_take_the_next_one(
    world, invited, text, django_capture_on_commit_callbacks
):
    invitation, ref = invited
    text(f"YES {ref}")
    text("2")
    text("Fees")
    later = make_consultation(world.staff_a, world.project, title="Third round")
    with django_capture_on_commit_callbacks(execute=True):
        loop.invitations_send(actor=world.staff_a, consultation=later, experts=[world.expert])
    text("Peer trainers")
    answers = [a.text for a in Contribution.objects.get(invitation=invitation).answers.all()]
    assert answers == ["Fees", "Peer trainers"]
