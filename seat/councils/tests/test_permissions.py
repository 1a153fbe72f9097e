"""Every council URL against every person: the host's roles, another organisation's staff
(404), members and other experts, the host's facilitator and a survivor advisor who sits on no
council (403: they are the host's, but not its secretariat), and the platform operator (404). The data that could leak (a council of organisation B, the
other members' pay) exists in every test."""

from __future__ import annotations

import pytest

from seat.councils.models import (
    Attendance,
    Council,
    Dissent,
    HostResponse,
    Meeting,
    Recommendation,
    RecommendationEvent,
    Term,
)
from seat.councils.tests.helpers import Full, days, make_council
from seat.tests.personas import World, verify_second_factor
from seat.tests.test_permissions_more_roles import MORE_PEOPLE
from seat.tests.test_permissions_more_roles import login as login_more

PEOPLE = [
    "anon",
    "admin_a",
    "staff_a",
    "finance_a",
    "viewer_a",
    "staff_b",
    "expert",
    "other_expert",
    *MORE_PEOPLE,
]

# The host's people read, bar its facilitators; its admins and staff run it; Tara sits on it
# (a member reads); the host's survivor advisor who is no member does not.
READ = [302, 200, 200, 200, 200, 404, 200, 404, 403, 403, 404]
MANAGE = [302, 200, 200, 403, 403, 404, 403, 404, 403, 403, 404]


def login(client, world: World, who: str) -> None:
    if who == "anon":
        return
    if who in MORE_PEOPLE:
        login_more(client, world, who)
        return
    if who == "admin_a":
        verify_second_factor(client, world.admin_a)
        return
    if who in {"expert", "other_expert"}:
        client.force_login(getattr(world, who).user)
        return
    client.force_login(getattr(world, who))


@pytest.fixture
def full(more):
    world = more
    built = Full(world)
    # What must never reach organisation A's people or members: B's council.
    make_council(world, organisation=world.org_b, name="B's private council")
    return built


def get_url(world, full, name: str) -> str:
    year = days(0).year
    return {
        "list": "/councils/",
        "new": f"/councils/host/{world.org_a.pk}/new/",
        "detail": f"/councils/{full.council.pk}/",
        "edit": f"/councils/{full.council.pk}/edit/",
        "term_new": f"/councils/{full.council.pk}/terms/new/",
        "term_renew": f"/councils/terms/{full.tara_term.pk}/renew/",
        "meeting_new": f"/councils/{full.council.pk}/meetings/new/",
        "meeting": f"/councils/meetings/{full.meeting.pk}/",
        "recommendation_new": f"/councils/{full.council.pk}/recommendations/new/",
        "recommendation": f"/councils/recommendations/{full.answered.pk}/",
        "recommendation_edit": f"/councils/recommendations/{full.open.pk}/edit/",
        "dissent": f"/councils/recommendations/{full.open.pk}/dissent/",
        "report": f"/councils/{full.council.pk}/report/{year}/",
        "report_pdf": f"/councils/{full.council.pk}/report/{year}.pdf",
    }[name]


GET_MATRIX = {
    "list": [302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "new": [302, 200, 200, 403, 403, 404, 404, 404, 403, 403, 404],
    "detail": READ,
    "edit": MANAGE,
    "term_new": MANAGE,
    "term_renew": MANAGE,
    "meeting_new": MANAGE,
    "meeting": READ,
    "recommendation_new": MANAGE,
    "recommendation": READ,
    "recommendation_edit": MANAGE,
    # The secretariat records any dissenting view; a member her own.
    "dissent": [302, 200, 200, 403, 403, 404, 200, 404, 403, 403, 404],
    "report": READ,
    "report_pdf": READ,
}


@pytest.mark.parametrize("name", list(GET_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.django_db
def test_get_matrix(client, world, full, name, who):
    login(client, world, who)
    response = client.get(get_url(world, full, name))
    expected = GET_MATRIX[name][PEOPLE.index(who)]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")
    if expected == 200 and response["Content-Type"] == "application/pdf":
        assert response["Content-Disposition"].startswith("attachment; ")
    elif expected == 200:
        body = response.content.decode()
        assert "data-quick-exit" in body
        # B's council reaches only B's people; A's council only A's people and its members.
        assert ("B&#x27;s private council" in body) == (who == "staff_b" and name == "list")
        if who in {"staff_b", "other_expert", *MORE_PEOPLE}:
            assert full.council.name not in body
        assert "Tahmina" not in body  # Tara's real name, never shown
        if who == "expert" and name in {"detail", "meeting"}:
            # Her own pay, never Mira's: one line for the meeting's rate, one for hers.
            assert body.count("50.00 US dollars") == 2


def post_request(world, full, name: str) -> tuple[str, dict]:
    today = days(0).isoformat()
    return {
        "new": (
            f"/councils/host/{world.org_a.pk}/new/",
            {"name": "Second council", "mandate": "Advise."},
        ),
        "edit": (
            f"/councils/{full.council.pk}/edit/",
            {"name": "Renamed council", "mandate": "Advise."},
        ),
        "term_new": (
            f"/councils/{full.council.pk}/terms/new/",
            {
                "expert": str(world.expert.pk),
                "role": "member",
                "starts_on": days(400).isoformat(),
                "ends_on": days(500).isoformat(),
            },
        ),
        "term_renew": (
            f"/councils/terms/{full.tara_term.pk}/renew/",
            {"role": "chair", "ends_on": days(600).isoformat()},
        ),
        "meeting_new": (
            f"/councils/{full.council.pk}/meetings/new/",
            {"held_on": today, "place": "Online"},
        ),
        "attendance": (
            f"/councils/meetings/{full.meeting.pk}/attendance/",
            {"present": [str(full.tara_term.pk), str(full.mira_term.pk)]},
        ),
        "minutes": (
            f"/councils/meetings/{full.meeting.pk}/minutes/",
            {"minutes": "Changed minutes."},
        ),
        "recommendation_new": (
            f"/councils/{full.council.pk}/recommendations/new/",
            {"title": "New one", "text": "Do it.", "submitted_on": today},
        ),
        "recommendation_edit": (
            f"/councils/recommendations/{full.open.pk}/edit/",
            {"title": "Pay members within five days", "text": "Sooner."},
        ),
        "respond": (
            f"/councils/recommendations/{full.open.pk}/respond/",
            {"decision": "accepted", "text": "Yes.", "responded_on": today},
        ),
        "implemented": (
            f"/councils/recommendations/{full.answered.pk}/implemented/",
            {"on": today, "note": "Done."},
        ),
        "dissent": (
            f"/councils/recommendations/{full.open.pk}/dissent/",
            # The secretariat's form names members; a member's form asks whether to show her name.
            {"text": "Not like this.", "unnamed": "on", "named": "no"},
        ),
    }[name]


POST_MANAGE = [302, 302, 302, 403, 403, 404, 403, 404, 403, 403, 404]
POST_MATRIX = {
    "new": [302, 302, 302, 403, 403, 404, 404, 404, 403, 403, 404],
    "edit": POST_MANAGE,
    "term_new": POST_MANAGE,
    "term_renew": POST_MANAGE,
    "meeting_new": POST_MANAGE,
    "attendance": POST_MANAGE,
    "minutes": POST_MANAGE,
    "recommendation_new": POST_MANAGE,
    "recommendation_edit": POST_MANAGE,
    "respond": POST_MANAGE,
    "implemented": POST_MANAGE,
    "dissent": [302, 302, 302, 403, 403, 404, 302, 404, 403, 403, 404],
}


def state(full) -> dict:
    """What the POSTs change, counted."""
    full.meeting.refresh_from_db()
    full.open.refresh_from_db()
    full.council.refresh_from_db()
    return {
        "councils": Council.objects.count(),
        "name": full.council.name,
        "terms": Term.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance": sorted(Attendance.objects.values_list("present", flat=True)),
        "minutes": full.meeting.minutes,
        "recommendations": Recommendation.objects.count(),
        "title": full.open.title,
        "responses": HostResponse.objects.count(),
        "events": RecommendationEvent.objects.count(),
        "dissents": Dissent.objects.count(),
    }


CHANGES = {
    "new": {"councils": 3},
    "edit": {"name": "Renamed council"},
    "term_new": {"terms": 3},
    "term_renew": {"terms": 3},
    "meeting_new": {"meetings": 2},
    "attendance": {},  # the same again: nothing doubles
    "minutes": {"minutes": "Changed minutes."},
    "recommendation_new": {"recommendations": 3, "events": 4},
    "recommendation_edit": {"title": "Pay members within five days"},
    "respond": {"responses": 2, "events": 4},
    "implemented": {"events": 4},
    "dissent": {"dissents": 2},
}


@pytest.mark.parametrize("name", list(POST_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.django_db
def test_post_matrix(client, world, full, name, who):
    login(client, world, who)
    before = state(full)
    url, data = post_request(world, full, name)
    response = client.post(url, data)
    expected = POST_MATRIX[name][PEOPLE.index(who)]
    assert response.status_code == expected
    if who == "anon":
        assert response["Location"].startswith("/accounts/login/")
    done = expected == 302 and who != "anon"
    assert state(full) == ({**before, **CHANGES[name]} if done else before)


@pytest.mark.django_db
def test_guessed_ids_are_404(client, world, full):
    import uuid

    client.force_login(world.staff_a)
    for url in (
        f"/councils/{uuid.uuid4()}/",
        f"/councils/meetings/{uuid.uuid4()}/",
        f"/councils/recommendations/{uuid.uuid4()}/",
        f"/councils/terms/{uuid.uuid4()}/renew/",
        f"/councils/host/{uuid.uuid4()}/new/",
    ):
        assert client.get(url).status_code == 404, url
