"""What awaits a response: every consultation with input not answered, earliest due first."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.consultations import services as loop
from seat.consultations.enums import Attribution
from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    verify_second_factor,
)

URL = "/input/awaiting/"


def give(world, consultation, username: str, attribution: str = Attribution.PSEUDONYM):
    expert = make_expert(username, username.title())
    invitation = make_invitation(world.staff_a, consultation, expert, accept=True)
    return make_contribution(invitation, text=f"{username}'s words", attribution=attribution)


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_named_input_is_listed_with_its_day_until_it_is_answered(client, world):
    body = page(client, world.staff_a)
    assert reverse("accountability:contribution-detail", args=[world.contribution.pk]) in body
    assert "Tara" in body
    response_record(
        actor=world.staff_a, contribution=world.contribution, outcome=Outcome.ADOPTED, reason="Ok"
    )
    body = page(client, world.staff_a)
    assert "Every contribution has a response. Nothing is waiting." in body


def test_under_consideration_is_listed_apart_and_never_overdue(client, world):
    response_record(
        actor=world.staff_a,
        contribution=world.contribution,
        outcome=Outcome.UNDER_CONSIDERATION,
        reason="The board decides.",
    )
    from seat.accountability.selectors import responses_awaited

    (item,) = responses_awaited(organisations=[world.org_a])
    assert (item.to_answer, [v.contribution for v in item.considering]) == (
        0,
        [world.contribution],
    )
    assert not item.overdue
    assert "Under consideration: decide" in page(client, world.staff_a)


def test_the_earliest_day_to_respond_comes_first_and_late_ones_are_marked(world):
    from seat.accountability.selectors import responses_awaited

    later = make_consultation(world.staff_a, world.project, title="Later one")
    give(world, later, "mira")
    # The first consultation's last day has passed long ago: its responses are overdue.
    type(world.consultation).objects.filter(pk=world.consultation.pk).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=80),
        deadline=timezone.localdate() - datetime.timedelta(days=40),
    )
    items = responses_awaited(organisations=[world.org_a])
    assert [item.consultation.title for item in items] == [
        world.consultation.title,
        "Later one",
    ]
    assert [item.overdue for item in items] == [True, False]
    assert items[0].days_late == 10


def test_input_without_a_name_is_counted_until_it_can_be_read_then_listed_without_a_day(
    client, world
):
    unnamed = [give(world, world.consultation, n, Attribution.ANONYMOUS) for n in ("a", "b", "c")]
    body = page(client, world.staff_a)
    assert "3 more were given without a name" in body
    for contribution in unnamed:
        assert str(contribution.pk) not in body
    loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    body = page(client, world.staff_a)
    assert "given without a name" not in body
    for contribution in unnamed:
        link = reverse("accountability:contribution-detail", args=[contribution.pk])
        assert f'<li><a href="{link}">Contribution without a name</a></li>' in body


def test_another_organisation_s_input_never_shows(client, world):
    body = page(client, world.staff_a)
    assert str(world.contribution_b.pk) not in body and "B&#x27;s consultation" not in body
    body = page(client, world.staff_b)
    assert str(world.contribution.pk) not in body and "B&#x27;s consultation" in body


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin_a", 200),
        ("staff_a", 200),
        ("viewer_a", 200),
        ("finance_a", 403),
        ("staff_b", 200),
        ("expert", 403),
        ("anon", 302),
    ],
)
def test_who_sees_the_list(client, world, who, expected):
    if who == "admin_a":
        verify_second_factor(client, world.admin_a)
    elif who == "expert":
        client.force_login(world.expert.user)
    elif who != "anon":
        client.force_login(getattr(world, who))
    assert client.get(URL).status_code == expected


def test_the_list_costs_the_same_queries_for_one_consultation_or_several(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.staff_a)
    client.get(URL)
    with django_assert_max_num_queries(30) as one:
        client.get(URL)
    for n in range(3):
        consultation = make_consultation(world.staff_a, world.project, title=f"More {n}")
        give(world, consultation, f"p{n}")
        give(world, consultation, f"q{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "More 2" in client.get(URL).content.decode()
