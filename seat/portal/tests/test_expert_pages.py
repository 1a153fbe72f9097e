from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from seat.accountability.services import response_record
from seat.compensation.services import payment_record
from seat.core.formats import format_day
from seat.people.selectors import consent_state
from seat.tests.personas import make_consultation, make_contribution, make_invitation


@pytest.mark.django_db
def test_home_shows_invitations_then_input_then_pay_in_that_order(client, world):
    response_record(
        actor=world.staff_a,
        contribution=world.contribution,
        outcome="partly_adopted",
        reason="Added to module 2.",
    )
    payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal(2),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal("5.00"),
        currency="USD",
        due_on=world.consultation.deadline,
    )
    second = make_consultation(world.staff_a, world.project, title="Design the complaints line")
    make_invitation(world.staff_a, second, world.expert)
    client.force_login(world.expert.user)
    body = client.get("/").content.decode()
    positions = [
        body.index(s)
        for s in ["Invitations waiting for you", "What happened to my input", "What I am owed"]
    ]
    assert positions == sorted(positions)
    assert "Design the complaints line" in body
    assert "Partly adopted" in body
    assert "55.00 US dollars" in body


@pytest.mark.django_db
def test_contribution_page_shows_response_reason_and_payment(client, world):
    response_record(
        actor=world.staff_a,
        contribution=world.contribution,
        outcome="adopted",
        reason="It is in the new leaflet.",
    )
    client.force_login(world.expert.user)
    body = client.get(f"/me/input/{world.contribution.pk}/").content.decode()
    assert "Adopted" in body and "It is in the new leaflet." in body
    # Her input made its payment line as it was saved: owed, the consultation's offer.
    assert '<strong>50.00 US dollars</strong> · <span class="badge ">Owed</span>' in body


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_items(client, world):
    client.force_login(world.expert.user)
    client.get("/")  # the first page after login writes the session's idle mark
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(3):
        consultation = make_consultation(world.staff_a, world.project, title=f"More {n}")
        make_contribution(make_invitation(world.staff_a, consultation, world.expert, accept=True))
    with CaptureQueriesContext(connection) as several:
        client.get("/")
    assert len(several) == len(one)


@pytest.mark.django_db
def test_the_person_changes_consent_themselves(client, world):
    client.force_login(world.expert.user)
    client.post("/me/consent/", {"purpose": "media", "given": "1"})
    assert consent_state(expert=world.expert)["media"] is True
    client.post("/me/consent/", {"purpose": "media", "given": "0"})
    assert consent_state(expert=world.expert)["media"] is False
    response = client.post("/me/consent/", {"purpose": "sell-my-data", "given": "1"}, follow=True)
    assert "could not be saved" in response.content.decode()


@pytest.mark.django_db
def test_private_details_are_saved_encrypted_and_shown_only_to_the_person(client, world):
    client.force_login(world.expert.user)
    client.post(
        "/me/private-details/",
        {"legal_name": "Nusrat Jahan", "email": "", "phone": "", "payment_details": "bKash 017"},
    )
    page = client.get("/me/private-details/").content.decode()
    assert "Nusrat Jahan" in page
    bad = client.post("/me/private-details/", {"email": "not-an-email"})
    assert "Enter a valid email address." in bad.content.decode()


def _contribution_form(consultation, attribution="pseudonym", key=None):
    import uuid

    question = consultation.questions.first()
    return {
        f"q_{question.pk}": "Teach the legal fee limits.",
        "attribution": attribution,
        "idempotency_key": str(key or uuid.uuid4()),
    }


@pytest.mark.django_db
def test_sending_the_same_form_again_still_says_thank_you(client, world):
    """The first answer can be lost on a bad link (or a double tap cancels it): the retry must
    confirm, not land silently on the contribution page."""
    consultation = make_consultation(world.staff_a, world.project, title="Second round")
    invitation = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    client.force_login(world.expert.user)
    url = f"/me/invitations/{invitation.pk}/contribute/"
    form = _contribution_form(consultation)
    first = client.post(url, form)
    # The browser never received this answer, so its message cookie is dropped too.
    client.cookies.pop("messages", None)
    again = client.post(url, form, follow=True)
    assert first.url == again.redirect_chain[-1][0]
    assert [str(m) for m in again.context["messages"]] == ["Thank you. Your input has been sent."]
    # Another copy of the form (another tab) is told what happened, and nothing new is saved.
    other = client.post(url, _contribution_form(consultation, "not_quoted"), follow=True)
    assert [str(m) for m in other.context["messages"]] == [
        "You had already sent your input for this invitation. This is what was sent."
    ]
    assert invitation.expert.contributions.filter(consultation=consultation).count() == 1


@pytest.mark.django_db
def test_invitation_stops_offering_input_once_it_is_given(client, world):
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    assert "Give my input" not in body
    with translation.override("en"):
        date = format_day(world.contribution.created_at)
    assert f"You sent your input on {date}." in body
    assert f'href="/me/input/{world.contribution.pk}/"' in body
    page = client.get(f"/me/input/{world.contribution.pk}/").content.decode()
    assert f"You sent your input on {date}. <bdi>Organisation A</bdi> has it." in page


# 6,001 characters, ending one letter into a word: what a long paste looks like.
LONG_ANSWER = " ".join(["recruitment"] * 600)[:6001]


@pytest.mark.django_db
def test_the_answer_limit_is_shown_before_typing_and_nothing_is_cut(client, world):
    consultation = make_consultation(world.staff_a, world.project, title="Second round")
    invitation = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    client.force_login(world.expert.user)
    url = f"/me/invitations/{invitation.pk}/contribute/"
    page = client.get(url).content.decode()
    assert "Up to 5,000 characters (letters, spaces and signs), about two pages." in page
    # A maxlength attribute makes the browser cut a pasted answer without a word.
    assert "maxlength" not in page

    form = _contribution_form(consultation)
    question = consultation.questions.first()
    form[f"q_{question.pk}"] = LONG_ANSWER
    response = client.post(url, form)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "This answer is 6,001 characters long; the most is 5,000. Please make it 1,001 "
        "characters shorter. Nothing has been sent yet, and what you wrote is still here."
    ) in body
    assert response.context["form"][f"q_{question.pk}"].value() == LONG_ANSWER
    assert not invitation.expert.contributions.filter(consultation=consultation).exists()

    # Line breaks count once each, however the browser sends them.
    form[f"q_{question.pk}"] = "a\r\n" * 2500
    assert client.post(url, form).status_code == 302
    saved = invitation.expert.contributions.get(consultation=consultation).answers.get()
    assert saved.text == ("a\n" * 2500).strip()


@pytest.mark.django_db
def test_a_late_payment_says_overdue_in_its_badge_on_her_pages(client, world):
    """Late is what she most needs to see: the badge says it, not only the small print."""
    import datetime

    from django.utils import timezone

    from seat.compensation.models import PaymentLine

    line = PaymentLine.objects.get(contribution=world.contribution)
    PaymentLine.objects.filter(pk=line.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    client.force_login(world.expert.user)
    for url in ["/", f"/me/input/{world.contribution.pk}/"]:
        assert '<span class="badge bad">Owed · Overdue</span>' in client.get(url).content.decode()


def tables_read(client, user, path: str) -> list[str]:
    """The table each query of one page reads first, in order (the page must answer 200)."""
    client.force_login(user)
    client.get("/me/")  # the first page after login writes the session's idle mark
    with CaptureQueriesContext(connection) as page:
        assert client.get(path).status_code == 200
    return [q["sql"].split(" FROM ", 1)[1].split()[0] for q in page if " FROM " in q["sql"]]


@pytest.mark.django_db
def test_her_contribution_page_reads_her_answers_and_her_ledger_once(client, world):
    tables = tables_read(client, world.expert.user, f"/me/input/{world.contribution.pk}/")
    assert tables.count('"consultations_answer"') == 1, tables
    assert tables.count('"people_consentrecord"') == 1, tables


@pytest.mark.django_db
def test_her_invitation_page_reads_the_questions_once(client, world):
    tables = tables_read(client, world.expert.user, f"/me/invitations/{world.invitation.pk}/")
    assert tables.count('"consultations_question"') == 1, tables


@pytest.mark.django_db
def test_her_choices_speak_her_words_and_programs_wait_one_page_further(client, world):
    """ "API tokens" is a developer's word: her home lists her own choices, and the page of
    where she is logged in (what can reach her account) leads on to programs that read it."""
    tokens = f'href="{reverse("api:tokens")}"'
    client.force_login(world.expert.user)
    home = client.get(reverse("portal:home")).content.decode()
    assert tokens not in home and "API" not in home
    assert f'href="{reverse("accounts:sessions")}"' in home
    assert tokens in client.get(reverse("accounts:sessions")).content.decode()
