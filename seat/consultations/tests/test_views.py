from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from seat.consultations.models import Consultation, Contribution
from seat.people.services import consent_withdraw
from seat.tests.personas import make_invitation


def _days(n: int) -> str:
    """A date n days from today, as a date input takes it (tests must not age out of bounds)."""
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def consultation_form(**overrides):
    today = timezone.localdate()
    data = {
        "title": "Opening hours of the help line",
        "purpose": "We will set the hours with you.",
        "plain_summary": "When should the help line answer? Tell us; you are paid for your time.",
        "stage": "design",
        "material_state": "concept",
        "influence": "involve",
        "opens_on": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=20)).isoformat(),
        "expected_hours": "1.5",
        "pay_rate": "30.00",
        "pay_unit": "hour",
        "currency": "USD",
        "expenses_covered": "on",
        "expenses_how": "Keep your receipts; we pay them back on the day.",
        "pay_within_days": "30",
        "pay_method": "cash",
        "languages": ["bn", "en"],
        "text_language": "en",
        "support_name": "Peer line",
        "questions": "When could you call safely?\n\nWhich languages are needed?\n",
        "form_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_create_a_consultation_with_its_questions(client, world):
    client.force_login(world.staff_a)
    response = client.post(f"/projects/{world.project.pk}/consultations/new/", consultation_form())
    consultation = Consultation.objects.get(title="Opening hours of the help line")
    assert response["Location"] == f"/projects/consultations/{consultation.pk}/"
    assert [q.text for q in consultation.questions.all()] == [
        "When could you call safely?",
        "Which languages are needed?",
    ]
    assert (consultation.languages, consultation.status, str(consultation.pay_rate)) == (
        "bn,en",
        "draft",
        "30.00",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deadline": _days(-1)}, "The last day must come after invitations go out."),
        (
            {"opens_on": _days(-10), "deadline": _days(-9)},
            "The last day cannot be in the past.",
        ),
        ({"deadline": "9999-12-31"}, "(no more than two years ahead)"),
        ({"opens_on": "0001-01-01"}, "(no more than a year ago)"),
        ({"pay_rate": "99999999.99"}, "The most Seat accepts here is 10,000 USD."),
        ({"title": ""}, "This field is required."),
        (
            {"title": "x" * 201},
            "This is 201 characters long; the most is 200. Please make it 1 character shorter.",
        ),
        (
            {"purpose": "x" * 1720},
            "This is 1,720 characters long; the most is 1,500. Please make it 220 characters "
            "shorter.",
        ),
        ({"content_note": "x" * 501}, "This is 501 characters long; the most is 500."),
        (
            {"questions": "\n".join(f"Question {n}?" for n in range(1, 15))},
            "You can ask at most 12 questions; there are 14. Please leave out 2.",
        ),
        (
            {"questions": "Fine?\n" + "y" * 305},
            "Question 2 is 305 characters long; the most is 300. Please make it 5 characters "
            "shorter.",
        ),
        ({"questions": "\n \n"}, "This field is required."),
        ({"pay_rate": "-5"}, "Pay cannot be negative."),
        ({"pay_unit": ""}, "Say whether the rate is per hour, per day or per session."),
        ({"currency": "XXX"}, "Choose a currency from the list."),
        ({"expected_hours": "0"}, "Write the hours as a number more than 0 and up to 9,999.9."),
        ({"opens_on": "not a date"}, "Enter a valid date."),
    ],
)
@pytest.mark.django_db
def test_bad_consultation_input_gets_a_message_and_saves_nothing(client, world, overrides, message):
    client.force_login(world.staff_a)
    before = Consultation.objects.count()
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/", consultation_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consultation.objects.count() == before


@pytest.mark.django_db
def test_staff_see_the_chosen_name_only_while_consent_to_quote_stands(client, world):
    from seat.consultations.tests.test_anonymity import unnamed_group

    client.force_login(world.staff_a)
    url = f"/input/{world.contribution.pk}/"
    body = client.get(url).content.decode()
    assert "<h1>Tara</h1>" in body
    assert "Explain the fees agents may legally charge." in body
    consent_withdraw(actor=world.expert.user, expert=world.expert, purpose="quote_pseudonym")
    # Now without a name, and alone: kept back, or her words would still be hers.
    assert client.get(url).status_code == 404
    unnamed_group(world, 2)
    body = client.get(url).content.decode()
    assert "<h1>Anonymous contributor</h1>" in body and "Tara" not in body


@pytest.mark.django_db
def test_withdrawn_consent_to_take_part_hides_the_input_everywhere(client, world):
    from seat.consultations.tests.test_anonymity import unnamed_group

    consent_withdraw(actor=world.expert.user, expert=world.expert, purpose="participate")
    unnamed_group(world, 2)
    client.force_login(world.staff_a)
    body = client.get(f"/input/{world.contribution.pk}/").content.decode()
    assert "Explain the fees" not in body
    assert "withdrawn their consent" in body


@pytest.mark.django_db
def test_double_clicked_contribution_form_makes_one_contribution(client, world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    client.force_login(world.other_expert.user)
    page = client.get(f"/me/invitations/{invitation.pk}/contribute/")
    form = page.context["form"]
    key = str(form.initial["idempotency_key"])
    question_field = form.question_fields[0][0]
    data = {question_field: "Free calls", "attribution": "not_quoted", "idempotency_key": key}
    first = client.post(f"/me/invitations/{invitation.pk}/contribute/", data)
    second = client.post(f"/me/invitations/{invitation.pk}/contribute/", data)
    assert first["Location"] == second["Location"]
    assert Contribution.objects.filter(invitation=invitation).count() == 1


@pytest.mark.django_db
def test_contribution_with_every_question_skipped_is_refused(client, world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    client.force_login(world.other_expert.user)
    data = {"attribution": "not_quoted", "idempotency_key": "2b1f4f8e-0000-4000-8000-000000000000"}
    response = client.post(f"/me/invitations/{invitation.pk}/contribute/", data)
    assert response.status_code == 200
    assert "Answer at least one question" in response.content.decode()
    assert not Contribution.objects.filter(invitation=invitation).exists()


@pytest.mark.django_db
def test_oversized_answer_is_refused_with_a_message(client, world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    client.force_login(world.other_expert.user)
    field = f"q_{world.consultation.questions.first().pk}"
    data = {
        field: "x" * 5001,
        "attribution": "not_quoted",
        "idempotency_key": "2b1f4f8e-0000-4000-8000-000000000001",
    }
    response = client.post(f"/me/invitations/{invitation.pk}/contribute/", data)
    assert response.status_code == 200
    assert (
        "This answer is 5,001 characters long; the most is 5,000. Please make it 1 "
        "character shorter." in response.content.decode()
    )
    # The page opens at the top: a summary there leads to the answer to shorten, far below.
    summary = response.content.decode().split('<div class="error-summary" role="alert">')[1]
    summary = summary.split("</div>")[0]
    question = world.consultation.questions.first().text
    assert f'<li><a href="#id_{field}">{question}</a></li>' in summary
    assert summary.count("<li>") == 1


@pytest.mark.django_db
def test_accepting_without_agreeing_asks_to_agree(client, world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert)
    client.force_login(world.other_expert.user)
    response = client.post(f"/me/invitations/{invitation.pk}/", {"answer": "accept"})
    assert response.status_code == 200
    assert "tick the box to agree" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


@pytest.mark.django_db
def test_staff_close_a_consultation_and_input_stops(client, world):
    from seat.tests.personas import make_contribution

    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    client.force_login(world.viewer_a)
    assert client.post(f"/projects/consultations/{world.consultation.pk}/close/").status_code == 403
    client.force_login(world.staff_b)
    assert client.post(f"/projects/consultations/{world.consultation.pk}/close/").status_code == 404
    client.force_login(world.staff_a)
    response = client.post(f"/projects/consultations/{world.consultation.pk}/close/")
    assert response.status_code == 302
    world.consultation.refresh_from_db()
    assert world.consultation.status == "closed"
    from seat.consultations.services import LoopError

    with pytest.raises(LoopError, match="not open"):
        make_contribution(invitation)
    again = client.post(f"/projects/consultations/{world.consultation.pk}/close/", follow=True)
    assert "Only an open consultation can be closed." in again.content.decode()


@pytest.mark.django_db
def test_a_double_submitted_project_or_consultation_form_creates_one(client, world):
    from seat.consultations.models import Project

    client.force_login(world.staff_a)
    page = client.get("/projects/new/")
    key = str(page.context["form"].initial["form_key"])
    data = {
        "organisation": str(world.org_a.pk),
        "title": "Twice",
        "summary": "",
        "stage": "design",
        "form_key": key,
    }
    first = client.post("/projects/new/", data)
    second = client.post("/projects/new/", data)
    assert first["Location"] == second["Location"]
    assert Project.objects.filter(title="Twice").count() == 1

    url = f"/projects/{world.project.pk}/consultations/new/"
    data = consultation_form(form_key="6b0c2a5e-1111-4aaa-8bbb-000000000001")
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Consultation.objects.filter(title="Opening hours of the help line").count() == 1
