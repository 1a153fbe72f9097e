"""Her home page stays short however long she has worked with Seat: her newest input, what is
still owed and what was settled lately. Everything else is one link away, a page at a time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seat.compensation.models import PaymentLine
from seat.compensation.selectors import RECENTLY_SETTLED_DAYS
from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.portal.views import HOME_INPUT_SHOWN
from seat.tests.personas import make_consultation, make_contribution, make_invitation


@pytest.mark.django_db
def test_home_shows_her_newest_input_and_says_how_much_more_there_is(client, world):
    for n in range(HOME_INPUT_SHOWN + 2):
        consultation = make_consultation(world.staff_a, world.project, title=f"Round {n}")
        make_contribution(make_invitation(world.staff_a, consultation, world.expert, accept=True))
    client.force_login(world.expert.user)
    body = client.get("/me/").content.decode()
    # Her input's section (each input's pay is listed again under "What I am owed").
    section = body[body.index('id="input"') : body.index('id="pay"')]
    titles = [f"Round {n}" for n in range(HOME_INPUT_SHOWN + 2)]
    shown = [title for title in titles if f">{title}</a>" in section]
    # The world's own contribution is the oldest; the newest three of these are shown.
    assert shown == titles[-HOME_INPUT_SHOWN:]
    more = world.expert.contributions.count() - HOME_INPUT_SHOWN
    assert f"And {more} more:" in section
    assert 'href="/me/input/"' in section


@pytest.mark.django_db
def test_home_without_more_input_than_it_shows_says_nothing_of_more(client, world):
    client.force_login(world.expert.user)
    body = client.get("/me/").content.decode()
    assert world.consultation.title in body
    assert "more:" not in body


@pytest.mark.django_db
def test_home_lists_what_is_owed_and_what_was_settled_lately_not_older_lines(client, world):
    clear_offer_lines()
    make_line(world, worked_days_ago=2, description="Owed now")
    make_line(world, worked_days_ago=20, status="approved", description="About to be paid")
    make_line(world, worked_days_ago=10, status="paid", description="Paid lately")
    old = make_line(world, worked_days_ago=90, status="paid", description="Paid long ago")
    PaymentLine.objects.filter(pk=old.pk).update(
        paid_on=timezone.localdate() - datetime.timedelta(days=RECENTLY_SETTLED_DAYS + 1)
    )
    make_line(world, worked_days_ago=3, status="cancelled", description="Cancelled lately")
    client.force_login(world.expert.user)
    body = client.get("/me/").content.decode()
    for shown in ("Owed now", "About to be paid", "Paid lately", "Cancelled lately"):
        assert shown in body, shown
    assert "Paid long ago" not in body
    # Still on her statement of earnings.
    assert "Paid long ago" in client.get("/me/earnings/").content.decode()


@pytest.mark.django_db
def test_a_cancelled_line_is_not_counted_as_owed_to_her(client, world):
    # The world's input owes her 50.00; 80.00 more for a meeting.
    make_line(world, worked_days_ago=2, rate="40.00", units="2")
    make_line(world, worked_days_ago=3, rate="25.00", units="2", status="cancelled")
    make_line(world, worked_days_ago=4, rate="10.00", units="1", status="paid")
    client.force_login(world.expert.user)
    body = client.get("/me/").content.decode()
    assert "<strong>130.00 US dollars</strong> not paid yet" in body
