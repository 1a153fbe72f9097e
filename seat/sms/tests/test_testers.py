"""What testers found, each kept from coming back: STOP with more words, the language of a
reply to an unknown number, silence after STOP, and a long message the carrier split."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from seat.consultations import services as loop
from seat.consultations.models import Contribution
from seat.sms import services, texts
from seat.sms.models import SmsContact, SmsInbound, SmsOutbound, SmsThread
from seat.sms.tests.conftest import sent_to
from seat.tests.personas import make_consultation

STRANGER = "+44 7700 900123"
Q1 = "[bn] Which warning signs matter most?"
Q2 = "[bn] Who should run the sessions?"


def bn(function, **kwargs):  # type: ignore[no-untyped-def]
    with translation.override("bn"):
        return function(**kwargs)


def _age_held(seconds: int = 120) -> None:
    """Time passes since her last message."""
    SmsThread.objects.update(last_part_at=timezone.now() - datetime.timedelta(seconds=seconds))


def _answers(invitation) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text for a in Contribution.objects.get(invitation=invitation).answers.all()]


@pytest.fixture
def asked(invited, text):  # type: ignore[no-untyped-def]
    """She said yes and chose; question 1 is open."""
    invitation, ref = invited
    text(f"YES {ref}")
    text("2")
    return invitation, ref


# 2. A stop word first stops, whatever follows -----------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["STOP please", "stop. no more", "Stop!!! I do not want this", "থামুন দয়া করে", "ARRÊT svp"],
)
def test_a_stop_word_first_stops_and_is_never_an_answer(asked, text, body):
    invitation, _ref = asked
    assert text(body) == [bn(texts.stopped)]
    assert SmsContact.objects.get().stopped_at is not None
    thread = SmsThread.objects.get(invitation=invitation)
    assert (thread.question, thread.answers) == (0, "")
    assert not Contribution.objects.filter(invitation=invitation).exists()


def test_no_first_is_an_answer_when_a_question_is_open(asked, text):
    invitation, ref = asked
    assert text("No training helps, because fees are high") == [
        bn(texts.question, ref=ref, number=2, total=2, text=Q2)
    ]
    text("Cancel is not a stop word here? It is: this one stops.")
    assert SmsContact.objects.get().stopped_at is not None
    thread = SmsThread.objects.get(invitation=invitation)
    assert thread.question == 1 and "No training helps" in thread.answers


def test_start_first_starts_again_only_when_stopped(asked, text):
    invitation, ref = asked
    text("STOP")
    assert text("START please, I am back") == [bn(texts.started)]
    # Not stopped: a message that begins with START is an answer like any other.
    text("Start with the fees")
    text("Peer trainers")
    assert _answers(invitation) == ["Start with the fees", "Peer trainers"]


# 3. The reply to a number Seat does not know ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("হ্যাঁ", "bn"),
        ("হ্যাঁ K7QD", "bn"),
        ("আমি কে?", "bn"),  # Bengali script, no keyword
        ("हाँ", "hi"),
        ("होइन", "ne"),
        ("OUI", "fr"),
        ("SI", "es"),
        ("TIDAK", "id"),
        ("បាទ", "km"),
        ("نعم", "ar"),
        ("YES", "en"),  # the English keywords work in every language: they say nothing
        ("Hello there", "en"),
        ("नमस्ते", "en"),  # Hindi or Nepali: not told apart by script alone
    ],
)
@override_settings(LANGUAGE_CODE="en")
def test_an_unknown_number_is_answered_in_the_language_its_words_show(
    contact, text, body, language
):
    with translation.override(language):
        expected = texts.not_recognised()
    assert text(body, sender=STRANGER) == [expected]
    assert services.sender_language(body) == language
    assert SmsInbound.objects.get(contact__isnull=True).outcome == "unknown_sender"


def test_the_site_language_is_the_fallback(settings):
    settings.LANGUAGE_CODE = "es"
    assert services.sender_language("Hello") == "es"


# 4. After STOP: one message saying so, then nothing until START -----------------------------


def test_after_stop_exactly_one_message_then_nothing_until_start(
    world, asked, text, django_capture_on_commit_callbacks
):
    invitation, ref = asked
    before = len(sent_to())
    assert text("STOP") == [bn(texts.stopped)]
    assert len(sent_to()) == before + 1
    # STOP again, HELP, an answer, WHY: no answer at all.
    for body in ("STOP", "stop please", "HELP", "Fees", f"WHY {ref}"):
        assert text(body) == []
    # A new invitation, a reminder: nothing reaches her.
    later = make_consultation(world.staff_a, world.project, title="Third round")
    with django_capture_on_commit_callbacks(execute=True):
        loop.invitations_send(actor=world.staff_a, consultation=later, experts=[world.expert])
    assert len(sent_to()) == before + 1
    assert SmsThread.objects.get(invitation=invitation).question == 0
    assert text("START") == [bn(texts.started)]
    assert len(sent_to()) == before + 2


def test_a_message_written_before_stop_is_not_sent_after_it(
    contact, text, django_capture_on_commit_callbacks
):
    earlier = SmsOutbound.objects.create(
        contact=contact, key="notification:x", body="Seat: hello", status="failed", attempts=1
    )
    text("STOP")
    SmsOutbound.objects.filter(pk=earlier.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    before = len(sent_to())
    assert services.sms_outbound_retry() == 0
    assert len(sent_to()) == before
    earlier.refresh_from_db()
    assert (earlier.error, earlier.body) == ("stopped", "")


def test_the_stop_message_itself_is_tried_again_when_the_provider_fails(contact, text, monkeypatch):
    from seat.notifications import sms

    class Failing:
        def send(self, *, to: str, body: str) -> None:
            raise RuntimeError

    monkeypatch.setattr(services, "sms_backend", lambda: Failing())
    text("STOP")
    stop = SmsOutbound.objects.get(key__startswith=services.STOP_KEY)
    assert stop.status == "failed" and stop.body
    monkeypatch.setattr(services, "sms_backend", sms.sms_backend)
    SmsOutbound.objects.filter(pk=stop.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.sms_outbound_retry() == 1
    assert sent_to()[-1] == bn(texts.stopped)


# 5. A long message split by the carrier is one answer -----------------------------------------

PART_1 = ("The fees the agents ask for are the first warning sign, and the promise " * 3)[:153]
PART_2 = "of a job that pays far more than any other job in the village."
BN_PART_1 = ("দালালের ফি প্রথম সতর্কতা সংকেত এবং বেশি বেতনের প্রতিশ্রুতি " * 3)[:67]
BN_PART_2 = "দ্বিতীয় সংকেত।"


def test_the_parts_of_a_split_answer_become_one_answer(asked, text):
    invitation, ref = asked
    assert len(PART_1) == 153
    assert text(PART_1) == [bn(texts.question, ref=ref, number=2, total=2, text=Q2)]
    assert text(PART_2) == []  # joined to her answer; the next question went out already
    text("Peer trainers")
    assert _answers(invitation) == [PART_1 + PART_2, "Peer trainers"]


def test_a_split_last_answer_is_saved_once_whole(asked, text):
    invitation, ref = asked
    text("Fees")
    _age_held(30)  # she reads question 2 and writes a long answer
    assert text(PART_1) == []  # held: more may follow
    assert not Contribution.objects.filter(invitation=invitation).exists()
    assert text(PART_2) == [bn(texts.saved, ref=ref)]
    assert _answers(invitation) == ["Fees", PART_1 + PART_2]


def test_bengali_parts_are_joined_too(asked, text):
    invitation, _ref = asked
    assert services._full_part(BN_PART_1)
    text(BN_PART_1)
    text(BN_PART_2)
    text("SKIP")
    assert _answers(invitation) == [BN_PART_1 + BN_PART_2]


def test_parts_out_of_order_and_copies_still_make_one_answer(asked, text):
    invitation, _ref = asked
    # The end arrives first, then the beginning, then a copy of the beginning.
    text(PART_2)
    assert text(PART_1, message_id="SM-part-1") == []
    assert text(PART_1, message_id="SM-part-1") == []  # the copy: handled once
    text("Peer trainers")
    assert _answers(invitation) == [PART_1 + PART_2, "Peer trainers"]


def test_two_short_messages_in_a_row_are_two_answers(asked, text):
    invitation, _ref = asked
    text("Fees")
    text("Peer trainers")
    assert _answers(invitation) == ["Fees", "Peer trainers"]


def test_a_long_answer_written_after_a_short_one_is_the_next_answer(asked, text):
    invitation, _ref = asked
    text("Fees")
    _age_held(20)  # past the seconds in which a carrier's parts come out of order
    text(PART_1)
    _age_held()
    text("more")
    assert _answers(invitation) == ["Fees", PART_1.strip()]


def test_a_keyword_is_never_taken_for_the_rest_of_an_answer(asked, text):
    invitation, ref = asked
    text(PART_1)
    assert text("HELP") == [
        bn(texts.help_text),
        bn(texts.question, ref=ref, number=2, total=2, text=Q2),
    ]
    text("SKIP")
    assert _answers(invitation) == [PART_1.strip()]


@override_settings(SEAT_SMS_JOIN_SECONDS=0)
def test_the_window_is_a_setting(asked, text):
    invitation, _ref = asked
    text(PART_1)
    text(PART_2)  # too late to join: the answer to question 2
    assert _answers(invitation) == [PART_1.strip(), PART_2]


def test_a_held_last_answer_nothing_followed_is_saved_by_the_periodic_task(
    asked, text, django_capture_on_commit_callbacks
):
    invitation, ref = asked
    text("Fees")
    _age_held(30)
    text(PART_1)
    assert services.sms_finish_held() == 0  # its window is still open
    _age_held()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sms_finish_held() == 1
    assert _answers(invitation) == ["Fees", PART_1.strip()]
    assert sent_to()[-1] == bn(texts.saved, ref=ref)
    assert services.sms_finish_held() == 0


def test_a_held_last_answer_is_saved_before_her_next_late_message(asked, text):
    invitation, ref = asked
    text("Fees")
    _age_held(30)
    text(PART_1)
    _age_held()
    assert text("Thank you") == [bn(texts.saved, ref=ref), bn(texts.already_saved, ref=ref)]
    assert _answers(invitation) == ["Fees", PART_1.strip()]


def test_a_consultation_that_closes_while_an_answer_is_held_is_told_plainly(world, asked, text):
    invitation, _ref = asked
    text("Fees")
    _age_held(30)
    text(PART_1)
    loop.consultation_close(actor=world.staff_a, consultation=invitation.consultation)
    replies = text(PART_2)
    assert replies and replies != [bn(texts.help_text)]
    assert SmsInbound.objects.order_by("-created_at").first().outcome != "error"  # type: ignore[union-attr]
    assert not Contribution.objects.filter(invitation=invitation).exists()


# 6. Tester, second round ---------------------------------------------------------------------


@pytest.mark.parametrize("body", ["The fees were too high, and nobody told us.", "SKIP", "3"])
def test_a_message_before_she_chose_1_or_2_is_not_kept_and_she_is_told(invited, text, body):
    invitation, ref = invited
    text(f"YES {ref}")
    assert text(body) == [bn(texts.consent_first, ref=ref)]
    thread = SmsThread.objects.get(invitation=invitation)
    assert (thread.step, thread.question, thread.answers) == ("consent", 0, "")
    assert text("2") == [bn(texts.question, ref=ref, number=1, total=2, text=Q1)]


def test_a_message_after_her_input_is_sent_is_told_it_was_not_added_to_it(
    world, asked, text, django_capture_on_commit_callbacks
):
    invitation, ref = asked
    later = make_consultation(world.staff_a, world.project, title="Third round")
    with django_capture_on_commit_callbacks(execute=True):
        (other,) = loop.invitations_send(
            actor=world.staff_a, consultation=later, experts=[world.expert]
        )
    other_ref = SmsThread.objects.get(invitation=other).ref
    text("Fees")
    assert text("Peer trainers") == [bn(texts.saved, ref=ref)]
    # The other invitation is open and waits for a yes or no: the reply names both, plainly.
    assert text("And one more thing.") == [bn(texts.sent_already, done=ref, ref=other_ref)]
    assert _answers(invitation) == ["Fees", "Peer trainers"]
    assert SmsThread.objects.get(invitation=other).step == "invited"
    assert text(f"YES {other_ref}") == [bn(texts.consent_ask, ref=other_ref)]


def test_long_after_her_input_a_stray_message_only_asks_about_the_open_invitation(
    world, asked, text, django_capture_on_commit_callbacks
):
    invitation, ref = asked
    text("Fees")
    text("Peer trainers")
    SmsThread.objects.filter(invitation=invitation).update(
        updated_at=timezone.now() - services.SENT_RECENTLY - datetime.timedelta(minutes=1)
    )
    later = make_consultation(world.staff_a, world.project, title="Third round")
    with django_capture_on_commit_callbacks(execute=True):
        (other,) = loop.invitations_send(
            actor=world.staff_a, consultation=later, experts=[world.expert]
        )
    other_ref = SmsThread.objects.get(invitation=other).ref
    assert text("Hello") == [bn(texts.invitation_again, ref=other_ref)]


@pytest.mark.parametrize("body", ["STOP", "stop please", "থামুন", "ឈប់", "ARRÊT", "Unsubscribe"])
def test_a_stop_word_from_an_unknown_number_gets_no_reply(contact, text, body):
    assert text(body, sender=STRANGER) == []
    assert sent_to(STRANGER) == []
    assert SmsInbound.objects.get(contact__isnull=True).outcome == "unknown_stop"
    assert not SmsOutbound.objects.exists()


def test_any_other_message_from_an_unknown_number_still_gets_its_reply(contact, text):
    with translation.override("en"):
        assert text("Please stop", sender=STRANGER) == [texts.not_recognised()]
    assert len(sent_to(STRANGER)) == 1
