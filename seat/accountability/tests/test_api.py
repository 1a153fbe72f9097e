"""GET /api/v1/contributions (staff: as their pages show input) and /api/v1/me/contributions
(the caller's own, each with its response and pay)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seat.accountability.enums import Outcome
from seat.accountability.services import QuestionAnswer, response_record
from seat.api.services import api_token_create
from seat.compensation.api import money_text
from seat.consultations import services as loop
from seat.consultations.enums import Attribution
from seat.tests.personas import make_consultation, make_contribution, make_expert, make_invitation


def get(client, user, path: str):
    _token, shown = api_token_create(actor=user, name="test")
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {shown}")


def answer(world, outcome=Outcome.ADOPTED, **extra):
    return response_record(
        actor=world.staff_a,
        contribution=world.contribution,
        outcome=outcome,
        reason="The fees go in the leaflet.",
        **extra,
    )


def test_staff_read_their_organisation_s_input_as_their_pages_show_it(client, world):
    answer_row = world.contribution.answers.get()
    response = get(client, world.staff_a, "/api/v1/contributions")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "per_page": 50,
        "has_next": False,
        "held_back": 0,
        "items": [
            {
                "id": str(world.contribution.pk),
                "organisation": str(world.org_a.pk),
                "consultation": str(world.consultation.pk),
                "consultation_title": world.consultation.title,
                "author": "Tara",
                "received_on": timezone.localdate(world.contribution.created_at).isoformat(),
                "respond_by": world.consultation.response_due_on.isoformat(),
                "overdue": False,
                "response": None,
                "answers": [{"question": str(answer_row.question_id), "text": answer_row.text}],
            }
        ],
    }


def test_awaiting_response_leaves_out_answered_input_and_the_response_is_given(client, world):
    question = world.contribution.answers.get().question
    answer(world, per_question=[QuestionAnswer(question, Outcome.ADOPTED, "Yes, this one.")])
    waiting = get(client, world.staff_a, "/api/v1/contributions?awaiting_response=true").json()
    assert (waiting["count"], waiting["items"]) == (0, [])
    answered = get(client, world.staff_a, "/api/v1/contributions?awaiting_response=false").json()
    (item,) = answered["items"]
    assert item["response"]["outcome"] == "adopted"
    assert item["response"]["per_question"] == [
        {"question": str(question.pk), "outcome": "adopted", "reason": "Yes, this one."}
    ]


def test_input_without_a_name_is_counted_until_it_can_be_read_and_never_has_a_day(client, world):
    for name in ("a", "b", "c"):
        expert = make_expert(name, name.upper())
        invitation = make_invitation(world.staff_a, world.consultation, expert, accept=True)
        make_contribution(invitation, attribution=Attribution.ANONYMOUS)
    body = get(client, world.staff_a, "/api/v1/contributions").json()
    assert (body["count"], body["held_back"]) == (1, 3)
    loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    body = get(client, world.staff_a, "/api/v1/contributions?awaiting_response=true").json()
    unnamed = [item for item in body["items"] if item["received_on"] is None]
    assert (body["count"], body["held_back"], len(unnamed)) == (4, 0, 3)
    assert {item["author"] for item in unnamed} == {"Contribution without a name"}


def test_withdrawn_consent_takes_the_words_out(client, world):
    from seat.people.enums import ConsentChannel, ConsentPurpose
    from seat.people.services import consent_withdraw

    consent_withdraw(
        actor=world.expert.user,
        expert=world.expert,
        purpose=ConsentPurpose.PARTICIPATE,
        channel=ConsentChannel.WEB,
    )
    body = get(client, world.staff_a, "/api/v1/contributions").json()
    # No longer under her name: kept back like input given without one, its words unused.
    assert (body["count"], body["held_back"]) == (0, 1)
    assert "Explain the fees" not in str(body)


def test_no_organisation_sees_another_s_input(client, world):
    body = get(client, world.staff_b, "/api/v1/contributions").json()
    assert [item["id"] for item in body["items"]] == [str(world.contribution_b.pk)]


def test_asking_for_another_organisation_s_input_is_not_found_like_a_made_up_id(client, world):
    import uuid

    other = get(client, world.staff_b, f"/api/v1/contributions?organisation={world.org_a.pk}")
    made_up = get(client, world.staff_b, f"/api/v1/contributions?organisation={uuid.uuid4()}")
    assert other.status_code == made_up.status_code == 404
    assert other.json() == made_up.json()
    assert "Explain the fees" not in other.content.decode()
    assert get(client, world.staff_b, "/api/v1/contributions?organisation=A").status_code == 422


def test_one_of_her_organisations_is_asked_for_by_its_id(client, world):
    from seat.accounts.enums import Role
    from seat.accounts.models import Membership

    Membership.objects.create(user=world.staff_a, organisation=world.org_b, role=Role.STAFF)
    both = get(client, world.staff_a, "/api/v1/contributions").json()
    assert {item["organisation"] for item in both["items"]} == {
        str(world.org_a.pk),
        str(world.org_b.pk),
    }
    only_b = get(client, world.staff_a, f"/api/v1/contributions?organisation={world.org_b.pk}")
    assert only_b.status_code == 200
    assert [item["id"] for item in only_b.json()["items"]] == [str(world.contribution_b.pk)]


@pytest.mark.parametrize("who", ["finance_a", "expert"])
def test_those_who_do_not_read_input_are_refused(client, world, who):
    user = world.expert.user if who == "expert" else getattr(world, who)
    response = get(client, user, "/api/v1/contributions")
    assert response.status_code == 403


def test_the_list_costs_the_same_queries_however_much_input_there_is(client, world):
    _token, shown = api_token_create(actor=world.staff_a, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {shown}"}
    client.get("/api/v1/contributions", **headers)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/contributions", **headers)
    for n in range(3):
        consultation = make_consultation(world.staff_a, world.project, title=f"More {n}")
        for name in ("p", "q"):
            expert = make_expert(f"{name}{n}", f"{name}{n}")
            make_contribution(make_invitation(world.staff_a, consultation, expert, accept=True))
    with CaptureQueriesContext(connection) as several:
        assert client.get("/api/v1/contributions", **headers).json()["count"] == 7
    assert len(several.captured_queries) == len(one.captured_queries)


def test_she_reads_her_own_input_with_its_response_and_pay(client, world):
    answer(world, Outcome.UNDER_CONSIDERATION)
    body = get(client, world.expert.user, "/api/v1/me/contributions").json()
    (item,) = body["items"]
    line = world.contribution.payment
    assert item == {
        "id": str(world.contribution.pk),
        "organisation": world.org_a.name,
        "consultation": str(world.consultation.pk),
        "consultation_title": world.consultation.title,
        "sent_on": timezone.localdate(world.contribution.created_at).isoformat(),
        "status": "under_consideration",
        "respond_by": world.consultation.response_due_on.isoformat(),
        "response": {
            "outcome": "under_consideration",
            "reason": "The fees go in the leaflet.",
            "shared_at": item["response"]["shared_at"],
            "per_question": [],
        },
        "pay": {
            "amount": money_text(line.amount, line.currency),
            "currency": line.currency,
            "status": "owed",
            "due_on": line.due_on.isoformat(),
            "overdue": False,
        },
    }
    other = get(client, world.other_expert.user, "/api/v1/me/contributions").json()
    assert [i["id"] for i in other["items"]] == [str(world.contribution_b.pk)]
    assert other["items"][0]["status"] == "awaiting" and other["items"][0]["response"] is None


def test_staff_have_no_input_of_their_own(client, world):
    assert get(client, world.staff_a, "/api/v1/me/contributions").status_code == 403


def test_under_consideration_still_awaits_a_decision_as_on_the_page(client, world):
    answer(world, Outcome.UNDER_CONSIDERATION)
    waiting = get(client, world.staff_a, "/api/v1/contributions?awaiting_response=true").json()
    decided = get(client, world.staff_a, "/api/v1/contributions?awaiting_response=false").json()
    assert [item["id"] for item in waiting["items"]] == [str(world.contribution.pk)]
    assert (decided["count"], decided["held_back"]) == (0, 0)
