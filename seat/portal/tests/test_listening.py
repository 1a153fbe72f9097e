"""Her invitation in plain words and read aloud (issue 14 item 3): the summary comes first, the
recordings say what the page says, in the language she reads it in, and only she can fetch them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seat.consultations.translations import translation_save
from seat.core import speech
from seat.core.tests.test_speech import needs_speech
from seat.portal import listening
from seat.tests.personas import make_consultation, make_invitation

BENGALI = {
    "title": "সেশনগুলোতে কী থাকা উচিত?",
    "purpose": "আপনার মতামতেই বিষয়গুলো ঠিক হবে।",
    "plain_summary": "আমরা জানতে চাই প্রশিক্ষণে কী শেখানো উচিত। আপনার সময়ের জন্য টাকা পাবেন।",
    "content_note": "",
    "questions": ["কোন সতর্ক-সংকেতগুলো সবচেয়ে জরুরি?", "কারা সেশনগুলো চালাবেন?"],
}


pytestmark = pytest.mark.usefixtures("audio_dir")


def url(invitation, part: str) -> str:
    return f"/me/invitations/{invitation.pk}/listen/{part}.opus"


@pytest.mark.django_db
def test_the_plain_summary_is_the_first_thing_she_reads(client, world):
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    summary = world.consultation.plain_summary
    assert f'<p class="summary" id="plain-summary" lang="en" dir="ltr">{summary}</p>' in body
    assert body.index(summary) < body.index("Why they ask") < body.index(world.consultation.purpose)


@needs_speech
@pytest.mark.django_db
def test_her_page_offers_three_recordings_that_load_only_when_she_presses_play(client, world):
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    for part, label in (
        ("about", "Listen to what it is about"),
        ("offer", "Listen to what you are offered"),
        ("questions", "Listen to the questions"),
    ):
        # Named in words beside the player, for those who see it, and on it, for screen readers.
        assert (
            f'<p class="listen">{label}<br><audio controls preload="none" '
            f'src="{url(world.invitation, part)}" aria-label="{label}">'
        ) in body
    assert "unspoken" not in body and "(English)" not in body


@needs_speech
@pytest.mark.django_db
def test_a_recording_is_opus_with_its_digest_as_etag_and_is_not_sent_twice(client, world):
    client.force_login(world.expert.user)
    response = client.get(url(world.invitation, "about"))
    assert response.status_code == 200 and response["Content-Type"] == "audio/ogg"
    audio = response.content
    assert audio[:4] == b"OggS" and response["Accept-Ranges"] == "bytes"
    # Seeking (and Safari, before it plays at all) asks for a range: exactly those bytes.
    ranged = client.get(url(world.invitation, "about"), headers={"range": "bytes=0-1"})
    assert ranged.status_code == 206 and ranged.content == b"Og"
    assert ranged["Content-Range"] == f"bytes 0-1/{len(audio)}"
    etag = response["ETag"]
    again = client.get(url(world.invitation, "about"), headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    # The words change: a new recording, under a new tag.
    world.consultation.plain_summary = "We ask which warning signs matter most."
    world.consultation.save()
    changed = client.get(url(world.invitation, "about"), headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.django_db
def test_the_about_recording_reads_the_title_and_the_summary_else_the_purpose(world):
    words, language = listening.words_to_hear(
        invitation=world.invitation, part=listening.ABOUT, language="en"
    )
    assert language == "en"
    consultation = world.invitation.consultation
    assert words == f"{consultation.title}\n{consultation.plain_summary}"  # it ends with "?"
    consultation.plain_summary = ""
    consultation.save()
    words, _language = listening.words_to_hear(
        invitation=world.invitation, part=listening.ABOUT, language="en"
    )
    assert words == f"{consultation.title}\n{consultation.purpose}"


@pytest.mark.django_db
def test_the_questions_recording_reads_the_content_note_first_then_each_numbered(world):
    consultation = make_consultation(
        world.staff_a,
        world.project,
        content_note="The questions mention forced work and debt.",
        questions=["Which warning signs matter most?", "Who should run the sessions?"],
    )
    invitation = make_invitation(world.staff_a, consultation, world.expert)
    words, _language = listening.words_to_hear(
        invitation=invitation, part=listening.QUESTIONS, language="en"
    )
    assert words == (
        "The questions mention forced work and debt.\n"
        "1. Which warning signs matter most?\n"
        "2. Who should run the sessions?"
    )


@pytest.mark.django_db
def test_the_offer_recording_says_what_the_page_promises_from_the_consultations_settings(world):
    consultation = make_consultation(
        world.staff_a,
        world.project,
        pay_rate=Decimal("400.00"),
        pay_unit="session",
        currency="BDT",
        expected_hours=Decimal("2"),
    )
    invitation = make_invitation(world.staff_a, consultation, world.expert)
    words, language = listening.words_to_hear(
        invitation=invitation, part=listening.OFFER, language="en"
    )
    words = words.replace("\xa0", " ")  # money is formatted with a no-break space
    assert language == "en"
    assert "Who asks: Organisation A" in words
    # The amount as the page's screen-reader text says it: the currency named in words.
    assert "Pay: You will be paid 400.00 Bangladeshi takas in all for about 2 hours." in words
    assert "Nobody will ask you to tell what happened to you." in words
    assert "can read what you write." in words
    assert "<" not in words and ". ." not in words
    # The pay changes: so does what she hears.
    consultation.pay_rate = Decimal("500.00")
    consultation.save()
    words, _language = listening.words_to_hear(
        invitation=invitation, part=listening.OFFER, language="en"
    )
    assert "You will be paid 500.00 Bangladeshi takas in all" in words.replace("\xa0", " ")


@pytest.mark.django_db
def test_she_hears_her_translation_and_her_own_language(world):
    translation_save(actor=world.staff_a, consultation=world.consultation, language="bn", **BENGALI)
    words, language = listening.words_to_hear(
        invitation=world.invitation, part=listening.ABOUT, language="bn"
    )
    assert (words, language) == (f"{BENGALI['title']}\n{BENGALI['plain_summary']}", "bn")
    words, language = listening.words_to_hear(
        invitation=world.invitation, part=listening.OFFER, language="bn"
    )
    assert language == "bn" and "Who asks" not in words and "Organisation A" in words


@needs_speech
@pytest.mark.django_db
def test_a_language_seat_cannot_speak_is_named_and_offered_no_recording(client, world):
    consultation = make_consultation(
        world.staff_a, world.project, languages="km", text_language="km", title="សួស្តី"
    )
    invitation = make_invitation(world.staff_a, consultation, world.expert)
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert body.count("Seat cannot read ខ្មែរ aloud yet.") == 1
    assert url(invitation, "about") not in body and url(invitation, "questions") not in body
    # Her own language (English) can be spoken: what she is offered still can be heard.
    assert url(invitation, "offer") in body
    assert client.get(url(invitation, "about")).status_code == 404


@needs_speech
@pytest.mark.django_db
def test_on_her_khmer_page_an_english_text_is_heard_in_english_and_says_so(client, world):
    world.expert.user.language = "km"
    world.expert.user.save()
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    # The text (English) is read, named as English; what she is offered would be read in
    # Khmer, which Seat cannot speak: said once, where that recording would be.
    assert body.count('<span lang="en" dir="ltr">(English)</span>') == 2
    assert url(world.invitation, "about") in body and url(world.invitation, "offer") not in body
    assert body.count('class="meta unspoken"') == 1
    assert body.index(url(world.invitation, "about")) < body.index('class="meta unspoken"')


@pytest.mark.django_db
def test_only_she_can_fetch_her_recordings(client, world):
    assert client.get(url(world.invitation, "about")).status_code == 302  # log in first
    client.force_login(world.other_expert.user)
    assert client.get(url(world.invitation, "about")).status_code == 404
    client.force_login(world.staff_a)
    assert client.get(url(world.invitation, "about")).status_code == 404
    client.force_login(world.expert.user)
    assert client.get(url(world.invitation, "story")).status_code == 404
    assert client.post(url(world.invitation, "about")).status_code == 405


@needs_speech
@pytest.mark.django_db
def test_a_synthesiser_failure_is_a_clear_503_not_an_error(client, world, monkeypatch):
    def broken(words, language):
        raise speech.SpeechUnavailable(language)

    monkeypatch.setattr(speech, "recording", broken)
    client.force_login(world.expert.user)
    response = client.get(url(world.invitation, "about"))
    assert response.status_code == 503
    assert "cannot be read aloud just now" in response.content.decode()
