"""Issue 9 item 5: an invitation tells the truth. Before accepting she reads who asks and why,
where the work is, what her input can change, how she takes part and in which language, the
content note, whether a question touches on what happened to her, and who reads her words; each
said only when the consultation's data supports it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings

from seat.consultations.models import Consultation
from seat.core.formats import format_day
from seat.tests.personas import make_consultation, make_invitation

STORY = "Please describe the abuse you suffered."
NO_SITE_SUPPORT = {"SEAT_SUPPORT_NAME": "", "SEAT_SUPPORT_PHONE": "", "SEAT_SUPPORT_HOURS": ""}


def invitation_page(client, world, **fields: Any) -> tuple[str, Consultation]:
    consultation = make_consultation(
        world.staff_a, world.project, override_by=world.admin_a, **fields
    )
    invitation = make_invitation(world.staff_a, consultation, world.other_expert)
    client.force_login(world.other_expert.user)
    response = client.get(f"/me/invitations/{invitation.pk}/")
    assert response.status_code == 200
    return response.content.decode(), consultation


def text(html: str) -> str:
    """The page's words, as a screen reader reads them in order."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def fact(body: str, name: str) -> str:
    found = re.search(rf"<dt>{re.escape(name)}</dt><dd[^>]*>(.*?)</dd>", body, re.S)
    assert found, name
    return text(found.group(1))


@pytest.mark.django_db
def test_a_good_invitation_says_everything_before_she_accepts(client, world):
    body, consultation = invitation_page(
        client,
        world,
        purpose="We are writing the rules for recruitment agencies and want your advice.",
        content_note="The questions mention forced work and debt.",
    )
    words = text(body)
    assert "Why they ask We are writing the rules for recruitment agencies" in words
    assert fact(body, "Who asks") == "Organisation A (Non-governmental organisation)"
    assert fact(body, "Where the work is") == (
        "The project is being planned. They are asking about an idea, so your input can shape "
        "it from the start."
    )
    assert fact(body, "What your input can change") == (
        "They decide together with you, and follow your advice as far as they can. They aim to "
        f"tell you what they did with your input by {format_day(consultation.response_due_on)}."
    )
    assert fact(body, "Last day") == format_day(consultation.deadline)
    assert fact(body, "How you take part") == (
        "You write your answers to 2 questions here on Seat, at any time before the last day."
    )
    assert fact(body, "Languages") == "English, বাংলা. An interpreter is provided."
    assert fact(body, "When you are paid") == "Within 30 days of sending your input"
    # The content note comes before the questions.
    assert words.index("Content note: The questions mention forced work and debt.") < words.index(
        "Which warning signs"
    )
    promises = text(re.search(r'<p class="note" id="promises">(.*?)</p>', body, re.S).group(1))
    assert promises == (
        "Nobody will ask you to tell what happened to you. "
        "You can skip any question, as long as you answer at least one."
    )
    assert "(asks about what you went through)" not in words
    readers = text(re.search(r'<p id="readers">(.*?)</p>', body, re.S).group(1))
    assert readers.startswith(
        "3 people at Organisation A can read what you write. If you let them quote you under "
        "your chosen name, they read your words as soon as you send them."
    )
    assert "only if at least 3 people give input without a name" in readers


@pytest.mark.django_db
def test_a_story_question_opened_over_the_check_is_marked_and_the_promise_is_not_made(
    client, world
):
    body, _consultation = invitation_page(
        client, world, questions=["Which services helped you most?", STORY]
    )
    words = text(body)
    assert "Nobody will ask you to tell what happened to you" not in words
    assert (
        "Some questions ask about what you went through: they are marked. You never have to "
        "answer them." in words
    )
    assert re.findall(r"<li>(.*?)</li>", body) == [
        "Which services helped you most?",
        f"{STORY} <strong>(asks about what you went through)</strong>",
    ]
    assert 'id="content-note"' not in body


@pytest.mark.django_db
def test_what_is_not_offered_is_not_promised(client, world):
    body, _consultation = invitation_page(
        client,
        world,
        pay_rate=None,
        pay_unit="",
        interpretation=False,
        questions=["Which services helped you most?"],
    )
    words = text(body)
    assert fact(body, "Pay") == "Not paid"
    assert "When you are paid" not in words and "How you are paid" not in words
    assert fact(body, "Languages") == "English, বাংলা"
    assert "interpreter" not in words
    # One question: skipping it is not taking part, so no "skip any question".
    assert "You can skip any question" not in words
    assert fact(body, "How you take part") == (
        "You write your answer to 1 question here on Seat, at any time before the last day."
    )


@pytest.mark.django_db
@override_settings(**NO_SITE_SUPPORT)
def test_without_a_support_contact_none_is_promised(client, world):
    consultation = make_consultation(
        world.staff_a,
        world.project,
        override_by=world.admin_a,
        support_name="",
        support_phone="",
        support_hours="",
    )
    # Saved before the offer had to say how people are paid.
    Consultation.objects.filter(pk=consultation.pk).update(pay_method="")
    invitation = make_invitation(world.staff_a, consultation, world.other_expert)
    client.force_login(world.other_expert.user)
    body = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert fact(body, "How you are paid") == "Not said yet."
    assert "support contact below" not in body
    assert fact(body, "Support") == "No support phone line has been set up."


@pytest.mark.django_db
def test_she_reads_the_invitation_in_bengali(client, world):
    world.other_expert.user.language = "bn"
    world.other_expert.user.save()
    body, _consultation = invitation_page(
        client, world, questions=["Which services helped you most?", STORY]
    )
    words = text(body)
    assert "কিছু প্রশ্নে জানতে চাওয়া হয়েছে আপনি যা পার হয়ে এসেছেন, সে বিষয়ে: সেগুলো চিহ্ন দেওয়া আছে।" in words
    assert "কে জানতে চাইছে" in words and "আপনার কথা কে পড়বে" in words
    assert "Some questions ask" not in words and "Who reads your words" not in words


@pytest.mark.django_db
def test_the_welcome_page_promises_what_every_invitation_keeps(client):
    words = text(client.get("/").content.decode())
    assert "Nobody will ask you to tell what happened to you" not in words
    assert (
        "You never have to tell what happened to you. Before you accept an invitation, it tells "
        "you if any question touches on it." in words
    )


@pytest.mark.django_db
def test_the_content_note_comes_before_the_questions_she_answers_too(client, world):
    consultation = make_consultation(
        world.staff_a,
        world.project,
        content_note="The questions mention forced work and debt.",
    )
    invitation = make_invitation(world.staff_a, consultation, world.other_expert, accept=True)
    client.force_login(world.other_expert.user)
    words = text(client.get(f"/me/invitations/{invitation.pk}/contribute/").content.decode())
    note = words.index("Content note: The questions mention forced work and debt.")
    assert note < words.index("Which warning signs matter most?")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("questions", "min_answers", "said"),
    [
        (2, 1, "You can skip any question, as long as you answer at least one."),
        (3, 2, "You can skip any question, as long as you answer at least 2."),
        (1, 1, None),
    ],
)
def test_the_answer_page_promises_what_sending_needs(
    client, world, monkeypatch, questions, min_answers, said
):
    """Her page to answer on says the same as her invitation, from the form's own rule
    (ContributionForm.MIN_ANSWERS): never "every question can be left empty"."""
    from seat.consultations.forms import ContributionForm

    monkeypatch.setattr(ContributionForm, "MIN_ANSWERS", min_answers)
    consultation = make_consultation(
        world.staff_a, world.project, questions=[f"Question {n}?" for n in range(questions)]
    )
    invitation = make_invitation(world.staff_a, consultation, world.other_expert, accept=True)
    client.force_login(world.other_expert.user)
    answer_page = text(client.get(f"/me/invitations/{invitation.pk}/contribute/").content.decode())
    invitation_words = text(client.get(f"/me/invitations/{invitation.pk}/").content.decode())
    assert "left empty" not in answer_page
    for words in (answer_page, invitation_words):
        if said:
            assert said in words
        else:
            assert "You can skip any question" not in words
    if said:
        empty = {f"q_{q.pk}": "" for q in consultation.questions.all()}
        empty["attribution"] = "not_quoted"
        empty["idempotency_key"] = "8f0e9a52-40a8-4b3c-9df1-59a3c11a2b66"
        sent = client.post(f"/me/invitations/{invitation.pk}/contribute/", empty)
        assert sent.status_code == 200 and not consultation.contributions.exists()


@pytest.mark.django_db
def test_no_promise_about_stories_where_seat_cannot_read_the_questions(client, world, monkeypatch):
    from seat.language import questions as detector

    readable = tuple(code for code in detector.question_languages() if code != "en")
    monkeypatch.setattr(detector, "question_languages", lambda: readable)
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    assert "Nobody will ask you to tell what happened to you." not in body
    assert "Some questions may ask about what you went through." in body
