"""Every role against every assessment and worklist URL: own organisation, another (404), wrong
role (403). The host's facilitator and a second survivor advisor read and answer like the
advisor who rated; the platform operator, in no organisation, gets 403 or 404."""

from __future__ import annotations

import pytest

from seat.assessment import services
from seat.assessment.models import Indicator
from seat.tests.personas import make_advisor, verify_second_factor
from seat.tests.test_permissions_more_roles import MORE_PEOPLE
from seat.tests.test_permissions_more_roles import login as login_more

PEOPLE = [
    "anon",
    "admin_a",
    "staff_a",
    "finance_a",
    "viewer_a",
    "staff_b",
    "advisor",
    "other_expert",
    *MORE_PEOPLE,
]


@pytest.fixture
def scene(more):
    world = more
    advisor = world.expert.user
    make_advisor(advisor, world.org_a)
    assessment_round = services.round_open(actor=world.staff_a, organisation=world.org_a, title="R")
    indicator = Indicator.objects.filter(domain__framework=assessment_round.framework).first()
    services.ratings_save(
        actor=advisor, assessment_round=assessment_round, answers={indicator.key: (2, "")}
    )
    action = services.action_from_gap(
        actor=world.staff_a, assessment_round=assessment_round, indicator=indicator
    )
    domain = assessment_round.framework.domains.order_by("position").first()
    return world, advisor, urls_of(assessment_round.pk, domain.key, action.pk)


def urls_of(round_id, domain_key, action_id) -> dict[str, str]:
    """Each GET row's address (seat/tests/test_route_coverage.py reads them too)."""
    return {
        "rounds": "/assessment/",
        "round": f"/assessment/rounds/{round_id}/",
        "answer": f"/assessment/rounds/{round_id}/answer/{domain_key}/",
        "results": f"/assessment/rounds/{round_id}/results/",
        "csv": f"/assessment/rounds/{round_id}/ratings.csv",
        "action": f"/assessment/actions/{action_id}/",
        "advisors": "/assessment/advisors/",
        "payments": "/payments/",
    }


def post_of(urls: dict[str, str], name: str) -> tuple[str, dict]:
    """Each POST row's address and form."""
    round_url = urls["round"]
    return {
        "close": (f"{round_url}close/", {}),
        "action_create": (f"{round_url}actions/", {"indicator": "governance.self_assessment"}),
        "action_update": (urls["action"], {"title": "Pay within 14 days", "status": "doing"}),
    }[name]


def login(client, world, advisor, who):
    if who == "anon":
        return
    if who in MORE_PEOPLE:
        login_more(client, world, who)
    elif who == "admin_a":
        verify_second_factor(client, world.admin_a)
    elif who == "advisor":
        client.force_login(advisor)
    elif who == "other_expert":
        client.force_login(world.other_expert.user)
    else:
        client.force_login(getattr(world, who))


# Expected GET status for each person, in PEOPLE order (302 for anonymous: sent to log in).
GET_MATRIX = {
    "rounds": [302, 200, 200, 200, 200, 200, 200, 403, 200, 200, 403],
    "round": [302, 200, 200, 200, 200, 404, 200, 404, 200, 200, 404],
    "answer": [302, 200, 200, 200, 200, 404, 200, 404, 200, 200, 404],
    "results": [302, 200, 200, 200, 200, 404, 200, 404, 200, 200, 404],
    "csv": [302, 200, 200, 403, 403, 404, 403, 404, 403, 403, 404],
    "action": [302, 200, 200, 200, 200, 404, 200, 404, 200, 200, 404],
    "advisors": [302, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403],
    "payments": [302, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403],
}


@pytest.mark.parametrize("name", list(GET_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_get_matrix(client, scene, name, who):
    world, advisor, urls = scene
    login(client, world, advisor, who)
    response = client.get(urls[name])
    expected = GET_MATRIX[name][PEOPLE.index(who)]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")
    if expected == 200 and name != "csv":
        assert "data-quick-exit" in response.content.decode()


# POSTs that change things.
POST_MATRIX = {
    "close": [302, 302, 302, 403, 403, 404, 403, 404, 403, 403, 404],
    "action_create": [302, 302, 302, 403, 403, 404, 403, 404, 403, 403, 404],
    "action_update": [302, 302, 302, 403, 403, 404, 403, 404, 403, 403, 404],
}


@pytest.mark.parametrize("name", list(POST_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_post_matrix(client, scene, name, who):
    world, advisor, urls = scene
    login(client, world, advisor, who)
    url, data = post_of(urls, name)
    assert client.post(url, data).status_code == POST_MATRIX[name][PEOPLE.index(who)]
