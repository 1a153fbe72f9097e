"""GET /api/v1/councils and /api/v1/councils/{id}/recommendations: scoped like the pages."""

from __future__ import annotations

import uuid

import pytest

from seat.accounts.enums import Role
from seat.api.services import api_token_create
from seat.councils.tests.helpers import Full, days, make_council
from seat.tests.personas import make_member

pytestmark = pytest.mark.django_db


def bearer_of(user) -> dict[str, str]:
    _token, shown = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {shown}"}


def test_the_list_is_scoped_to_the_caller(client, world):
    full = Full(world)
    b = make_council(world, organisation=world.org_b, name="B's council")
    expected_a = [
        {
            "id": str(full.council.pk),
            "name": "National Survivor Advisory Council",
            "host": "Organisation A",
            "mandate": full.council.mandate,
            "members": 2,
            "meetings": 1,
        }
    ]
    for user in (world.staff_a, world.viewer_a, world.finance_a, world.expert.user):
        assert client.get("/api/v1/councils", **bearer_of(user)).json() == expected_a
    assert [c["id"] for c in client.get("/api/v1/councils", **bearer_of(world.staff_b)).json()] == [
        str(b.pk)
    ]
    assert client.get("/api/v1/councils", **bearer_of(world.other_expert.user)).json() == []
    assert client.get("/api/v1/councils").status_code == 401


def test_recommendations_with_timeline_responses_and_dissents(client, world):
    full = Full(world)
    response = client.get(
        f"/api/v1/councils/{full.council.pk}/recommendations", **bearer_of(world.expert.user)
    )
    assert response.status_code == 200
    answered, still_open = sorted(response.json(), key=lambda r: r["title"])
    assert answered == {
        "id": str(full.answered.pk),
        "title": "Fund survivor-led shelters",
        "text": "Give survivor-led groups a fixed share of the shelter budget.",
        "status": "accepted",
        "submitted_on": days(-5).isoformat(),
        "earlier_wordings": [],
        "timeline": [
            {"status": "submitted", "on": days(-5).isoformat(), "note": ""},
            {"status": "accepted", "on": days(-2).isoformat(), "note": ""},
        ],
        "responses": [
            {
                "decision": "accepted",
                "text": "The ministry agrees.",
                "responded_on": days(-2).isoformat(),
            }
        ],
        "dissents": [
            {
                "text": "Shelters are not the only answer.",
                "recorded_on": days(0).isoformat(),
                "by": [],
                "unnamed": True,
            }
        ],
    }
    assert (still_open["status"], still_open["responses"], still_open["dissents"]) == (
        "submitted",
        [],
        [],
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_b", 404), ("other_expert", 404), ("facilitator", 403), ("viewer_a", 200)],
)
def test_recommendations_refused_outside(client, world, who, status):
    full = Full(world)
    if who == "facilitator":
        user = make_member("facilitator-a", world.org_a, Role.FACILITATOR)
    elif who == "other_expert":
        user = world.other_expert.user
    else:
        user = getattr(world, who)
    response = client.get(f"/api/v1/councils/{full.council.pk}/recommendations", **bearer_of(user))
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": "Not Found"}


def test_an_unknown_council_is_404(client, world):
    response = client.get(
        f"/api/v1/councils/{uuid.uuid4()}/recommendations", **bearer_of(world.staff_a)
    )
    assert response.status_code == 404
