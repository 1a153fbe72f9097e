"""`/api/v1/me` and `/api/v1/me/notifications`: the caller's own data only, exactly."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seat.api.services import api_token_create
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.tests.personas import make_advisor


def bearer_of(user) -> dict[str, str]:
    _token, shown = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {shown}"}


@pytest.mark.django_db
def test_me_for_a_member_of_staff(client, world):
    response = client.get("/api/v1/me", **bearer_of(world.staff_a))
    assert response.json() == {
        "id": str(world.staff_a.pk),
        "username": "staff-a",
        "organisations": [
            {"id": str(world.org_a.pk), "name": "Organisation A", "kind": "ngo", "role": "staff"}
        ],
        "expert": None,
    }


@pytest.mark.django_db
def test_me_for_an_expert_shows_what_her_own_pages_show_and_nothing_private(client, world):
    make_advisor(world.expert.user, world.org_a)
    response = client.get("/api/v1/me", **bearer_of(world.expert.user))
    assert response.json() == {
        "id": str(world.expert.user.pk),
        "username": "expert",
        "organisations": [
            {
                "id": str(world.org_a.pk),
                "name": "Organisation A",
                "kind": "ngo",
                "role": "advisor",
            }
        ],
        "expert": {
            "id": str(world.expert.pk),
            "pseudonym": "Tara",
            "languages": ["en", "bn"],
            "expertise": "Labour recruitment",
            "works_with": [{"id": str(world.org_a.pk), "name": "Organisation A"}],
        },
    }
    body = response.content.decode()
    assert "Tahmina" not in body and "1711" not in body


@pytest.mark.django_db
def test_the_inbox_is_hers_newest_first_in_the_inbox_words_and_her_language(client, world):
    user = world.expert.user
    notify(
        event=Event.CONSULTATION_CANCELLED,
        recipients=[user],
        key="test:cancelled",
        context={"organisation": "Organisation A", "title": "Safe housing", "message": "Sorry."},
    )
    # What could leak: another expert's message.
    notify(
        event=Event.INVITATION_SENT,
        recipients=[world.other_expert.user],
        key="test:other",
        context={"organisation": "Organisation B", "title": "B's secret consultation"},
    )
    headers = bearer_of(user)
    body = client.get("/api/v1/me/notifications", **headers).json()
    assert (body["count"], body["page"], body["per_page"], body["has_next"]) == (2, 1, 20, False)
    newest, invitation = body["items"]
    assert {k: v for k, v in newest.items() if k not in {"id", "created_at"}} == {
        "event": "consultation.cancelled",
        "title": "A consultation was cancelled",
        "text": "Organisation A has cancelled “Safe housing”.",
        "message": "Sorry.",
        "link": None,
        "read": False,
    }
    assert invitation["event"] == "invitation.sent"
    assert invitation["link"] == f"/me/invitations/{world.invitation.pk}/"
    assert "B's secret" not in str(body)
    # Her account's language wins, as on her pages.
    user.language = "es"
    user.save()
    spanish = client.get("/api/v1/me/notifications", **headers).json()["items"][0]
    assert spanish["title"] != newest["title"] and "Organisation A" in spanish["text"]


@pytest.mark.django_db
def test_the_inbox_pages_and_keeps_its_query_count(client, world):
    user = world.expert.user
    headers = bearer_of(user)
    client.get("/api/v1/me/notifications", **headers)  # the token's "last used" is written once

    def grow(n: int) -> None:
        for i in range(n):
            notify(
                event=Event.PAYMENT_PAID,
                recipients=[user],
                key=f"test:{n}:{i}",
                context={"organisation": "A", "title": "T", "amount": "10.00", "currency": "USD"},
            )

    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/me/notifications", **headers)
    grow(30)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/api/v1/me/notifications?per_page=10&page=2", **headers).json()
    assert len(many) == len(one)
    assert (page["count"], len(page["items"]), page["has_next"]) == (31, 10, True)
    last = client.get("/api/v1/me/notifications?per_page=10&page=4", **headers).json()
    assert (len(last["items"]), last["has_next"]) == (1, False)
    beyond = client.get("/api/v1/me/notifications?per_page=10&page=9", **headers).json()
    assert (beyond["items"], beyond["has_next"]) == ([], False)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["page=0", "per_page=101", "per_page=0", "page=x", "page=1.5"])
def test_bad_paging_is_a_422_naming_the_parameter(client, world, query):
    response = client.get(f"/api/v1/me/notifications?{query}", **bearer_of(world.staff_a))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


@pytest.mark.django_db
def test_a_signed_in_browser_reads_the_same_with_its_session(client, world):
    client.force_login(world.staff_a)
    assert client.get("/api/v1/me").json()["username"] == "staff-a"
    assert client.get("/api/v1/me/notifications").json()["count"] == 0
