"""Responses: under consideration, then a decision; a response of its own per question."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seat.accountability.enums import Outcome
from seat.accountability.models import QuestionResponse
from seat.accountability.services import QuestionAnswer, response_record
from seat.core.templatetags.seat_format import money
from seat.notifications.models import Notification
from seat.tests.personas import make_consultation, make_contribution, make_invitation


def her_messages(world) -> list[str]:
    return sorted(
        Notification.objects.filter(
            recipient=world.expert.user, event="response.recorded"
        ).values_list("key", flat=True)
    )


def record(world, outcome: str, reason: str = "We will use it.", **extra):
    return response_record(
        actor=world.staff_a,
        contribution=world.contribution,
        outcome=outcome,
        reason=reason,
        **extra,
    )


def test_she_hears_of_an_answer_once_and_of_the_decision_once_more(world):
    record(world, Outcome.UNDER_CONSIDERATION, "The board decides in May.")
    record(world, Outcome.UNDER_CONSIDERATION, "The board now decides in June.")
    assert her_messages(world) == [f"response.recorded:{world.contribution.pk}"]
    record(world, Outcome.ADOPTED)
    record(world, Outcome.PARTLY_ADOPTED, "Only the first half.")
    assert her_messages(world) == [
        f"response.decided:{world.contribution.pk}",
        f"response.recorded:{world.contribution.pk}",
    ]


def test_a_corrected_decision_is_on_her_page_without_another_message(world):
    record(world, Outcome.NOT_ADOPTED, "The law does not allow it yet.")
    record(world, Outcome.ADOPTED, "We found a way.")
    assert her_messages(world) == [f"response.recorded:{world.contribution.pk}"]


def test_a_decision_after_consideration_is_to_be_told_again_by_the_partner(world, partners):
    from seat.accountability.services import response_relay
    from seat.partners.collective import collective_contribution_submit

    contribution = collective_contribution_submit(
        actor=partners.facilitator,
        request=partners.request,
        answers={str(partners.request.consultation.questions.first().pk): "Shorter sessions."},
        members_count=6,
        attribution="pseudonym",
        idempotency_key="b6a2f3c8-6c1e-4b7f-9c59-0e1c2e7b3a10",
    )
    first = response_record(
        actor=world.staff_a,
        contribution=contribution,
        outcome=Outcome.UNDER_CONSIDERATION,
        reason="We weigh it.",
    )
    response_relay(actor=partners.facilitator, response=first)
    decided = response_record(
        actor=world.staff_a, contribution=contribution, outcome=Outcome.ADOPTED, reason="Done."
    )
    assert decided.relayed_at is None
    assert sorted(
        Notification.objects.filter(recipient=partners.facilitator)
        .filter(key__startswith="partner.response")
        .values_list("key", flat=True)
    ) == [
        f"partner.response.decided:{contribution.pk}",
        f"partner.response.recorded:{contribution.pk}",
    ]


def test_each_answered_question_may_have_its_own_response(world):
    question = world.contribution.answers.get().question
    record(
        world,
        Outcome.PARTLY_ADOPTED,
        per_question=[QuestionAnswer(question, Outcome.ADOPTED, "The fees go in the leaflet.")],
    )
    assert list(QuestionResponse.objects.values_list("outcome", "reason")) == [
        ("adopted", "The fees go in the leaflet.")
    ]
    record(world, Outcome.PARTLY_ADOPTED)
    assert not QuestionResponse.objects.exists()


def test_a_question_she_did_not_answer_gets_no_response(world):
    other = make_consultation(world.staff_a, world.project, title="Another")
    with pytest.raises(ValueError):
        record(
            world,
            Outcome.ADOPTED,
            per_question=[QuestionAnswer(other.questions.first(), Outcome.ADOPTED, "Yes.")],
        )
    assert not world.contribution.__class__.objects.filter(response__isnull=False).exists()


def form_data(world, **extra) -> dict[str, str]:
    return {"outcome": "partly_adopted", "reason": "Half of it.", **extra}


def test_the_staff_form_takes_a_response_per_question_and_she_reads_it(client, world):
    position = world.contribution.answers.get().question.position
    client.force_login(world.staff_a)
    url = reverse("accountability:contribution-detail", args=[world.contribution.pk])
    response = client.post(
        url,
        form_data(
            world,
            **{f"q{position}-outcome": "adopted", f"q{position}-reason": "In the leaflet."},
        ),
    )
    assert response.status_code == 302
    client.force_login(world.expert.user)
    page = client.get(reverse("portal:contribution", args=[world.contribution.pk]))
    body = page.content.decode()
    assert "In the leaflet." in body and "Half of it." in body


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"outcome": "adopted"}, "Say why, in plain words"),
        ({"reason": "Because."}, "Choose what became of this answer"),
    ],
)
def test_half_a_question_s_response_is_refused_and_nothing_is_saved(client, world, extra, message):
    position = world.contribution.answers.get().question.position
    client.force_login(world.staff_a)
    url = reverse("accountability:contribution-detail", args=[world.contribution.pk])
    fields = {f"q{position}-{name}": value for name, value in extra.items()}
    response = client.post(url, form_data(world, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuestionResponse.objects.exists()
    assert not hasattr(type(world.contribution).objects.get(pk=world.contribution.pk), "response")


def test_no_question_is_offered_once_she_has_withdrawn_her_consent(world):
    from seat.accountability.views import response_form_for
    from seat.people.enums import ConsentChannel, ConsentPurpose
    from seat.people.services import consent_withdraw

    assert len(response_form_for(None, world.contribution).questions) == 1
    consent_withdraw(
        actor=world.expert.user,
        expert=world.expert,
        purpose=ConsentPurpose.PARTICIPATE,
        channel=ConsentChannel.WEB,
    )
    assert response_form_for(None, world.contribution).questions == []


def test_her_input_list_links_the_answers_that_have_their_own_response(client, world):
    """The list says how many of her answers were answered one by one; the sentence itself
    takes her to where she reads them (a phone reader looks for the link, not the title)."""
    question = world.contribution.answers.get().question
    record(
        world,
        Outcome.PARTLY_ADOPTED,
        per_question=[QuestionAnswer(question, Outcome.ADOPTED, "The fees go in the leaflet.")],
    )
    client.force_login(world.expert.user)
    body = client.get(reverse("portal:my-input")).content.decode()
    href = reverse("portal:contribution", args=[world.contribution.pk])
    assert f'<a href="{href}">1 of your answers has its own response: open it to read.</a>' in body


def test_a_second_invited_person_is_independent(world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    other = make_contribution(invitation, text="Other words.")
    record(world, Outcome.ADOPTED)
    assert not hasattr(type(other).objects.get(pk=other.pk), "response")


def test_her_input_page_shows_each_response_and_the_pay_for_it(client, world):
    record(world, Outcome.UNDER_CONSIDERATION, "The board decides in May.")
    client.force_login(world.expert.user)
    body = client.get(reverse("portal:my-input")).content.decode()
    assert "Under consideration" in body and "The board decides in May." in body
    assert reverse("portal:contribution", args=[world.contribution.pk]) in body
    line = world.contribution.payment
    assert f"Pay: <strong>{money(line.amount, line.currency)}</strong>" in body
    # Only her own: Rosa's input to organisation B is not here, and Rosa sees only hers.
    assert "B&#x27;s consultation" not in body
    client.force_login(world.other_expert.user)
    body = client.get(reverse("portal:my-input")).content.decode()
    assert "B&#x27;s consultation" in body and "The board decides" not in body


def test_her_input_page_costs_the_same_queries_however_much_she_gave(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.expert.user)
    client.get(reverse("portal:my-input"))
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("portal:my-input"))
    for n in range(4):
        consultation = make_consultation(world.staff_a, world.project, title=f"More {n}")
        make_contribution(make_invitation(world.staff_a, consultation, world.expert, accept=True))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "More 3" in client.get(reverse("portal:my-input")).content.decode()


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_full_page_of_her_input_fits_the_first_load_budget(client, world, language):
    """Ten consultations with long titles, each answered at length, one with answers apart."""
    from seat.tests.test_page_weight import BUDGET, weight

    for n in range(12):
        consultation = make_consultation(
            world.staff_a, world.project, title=f"Consultation {n}: " + "safe recruitment " * 8
        )
        contribution = make_contribution(
            make_invitation(world.staff_a, consultation, world.expert, accept=True)
        )
        response_record(
            actor=world.staff_a,
            contribution=contribution,
            outcome=Outcome.PARTLY_ADOPTED,
            reason="We changed the leaflet and the training, and not the law yet. " * 6,
        )
    world.expert.user.language = language
    world.expert.user.save()
    client.force_login(world.expert.user)
    response = client.get(reverse("portal:my-input"))
    assert response.content.decode().count('class="card"') == 10
    assert weight(response.content) <= BUDGET, weight(response.content)


def test_her_input_and_its_page_link_the_report_on_what_came_of_it(client, world):
    from seat.accountability.reports import report_create, report_send

    client.force_login(world.expert.user)
    assert "Read the report" not in client.get(reverse("portal:my-input")).content.decode()
    report = report_create(
        actor=world.staff_a,
        consultation=world.consultation,
        language="en",
        heard="Fees came up in every answer.",
        changed="The leaflet now lists the legal fees.",
        unchanged="The helpline waits for next year's budget.",
        next_steps="Training starts in March.",
    )
    report_send(actor=world.staff_a, report=report)
    link = reverse("my-reports:detail", args=[report.pk])
    for page in (
        reverse("portal:my-input"),
        reverse("portal:contribution", args=[world.contribution.pk]),
    ):
        body = client.get(page).content.decode()
        assert f'<a href="{link}">Read the report on what came of this consultation</a>' in body
        assert "New</span>" in body
    client.get(link)
    assert "New</span>" not in client.get(reverse("portal:my-input")).content.decode()
    # Rosa took no part in A's consultation: nothing of it reaches her page.
    client.force_login(world.other_expert.user)
    assert link not in client.get(reverse("portal:my-input")).content.decode()


def test_a_reason_that_tells_her_nothing_is_refused(client, world):
    client.force_login(world.staff_a)
    url = reverse("accountability:contribution-detail", args=[world.contribution.pk])
    response = client.post(url, {"outcome": "adopted", "reason": "  ok  "})
    assert response.status_code == 200
    assert "Say why in a sentence or two: this is what the person reads." in (
        response.content.decode()
    )
    assert not hasattr(type(world.contribution).objects.get(pk=world.contribution.pk), "response")
