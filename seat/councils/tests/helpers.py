"""Building blocks for the council tests: organisation A hosts a council where Tara sits."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from seat.councils import services
from seat.councils.models import Council, Meeting, Recommendation, Term

MANDATE = "Advise the ministry on its national action plan against trafficking."


def days(n: int) -> datetime.date:
    """``n`` days from today (negative: ago), worked out when the test runs."""
    return timezone.localdate() + datetime.timedelta(days=n)


def usd_pay(rate: str = "50.00", units: str = "1") -> services.Pay:
    return services.Pay(rate=Decimal(rate), units=Decimal(units), unit="session", currency="USD")


def make_council(world: Any, *, pay: Any = "usd", organisation: Any = None, **kw: Any) -> Council:
    org = organisation or world.org_a
    actor = world.staff_a if org == world.org_a else world.staff_b
    return services.council_create(
        actor=actor,
        organisation=org,
        name=kw.get("name", "National Survivor Advisory Council"),
        mandate=kw.get("mandate", MANDATE),
        pay=usd_pay() if pay == "usd" else pay,
    )


def seat_member(
    world: Any,
    council: Council,
    expert: Any,
    *,
    start: int = -100,
    end: int = 265,
    role: str = "member",
) -> Term:
    from seat.tests.personas import make_link

    actor = world.staff_a if council.organisation == world.org_a else world.staff_b
    make_link(actor, expert, council.organisation)
    return services.term_add(
        actor=actor,
        council=council,
        expert=expert,
        role=role,
        starts_on=days(start),
        ends_on=days(end),
    )


def make_meeting(world: Any, council: Council, *, on: int = -10, **kw: Any) -> Meeting:
    actor = world.staff_a if council.organisation == world.org_a else world.staff_b
    return services.meeting_create(
        actor=actor,
        council=council,
        held_on=days(on),
        place=kw.pop("place", "Lima"),
        agenda=kw.pop("agenda", "1. Shelter standards"),
        **kw,
    )


def make_recommendation(
    world: Any, council: Council, *, title: str = "Fund survivor-led shelters", on: int = -5
) -> Recommendation:
    actor = world.staff_a if council.organisation == world.org_a else world.staff_b
    return services.recommendation_submit(
        actor=actor,
        council=council,
        title=title,
        text="Give survivor-led groups a fixed share of the shelter budget.",
        submitted_on=days(on),
    )


class Full:
    """A council of organisation A with Tara (member) and Mira (chair): a paid meeting both
    attended, a recommendation with a response and a dissent, and one still submitted."""

    def __init__(self, world: Any) -> None:
        from seat.tests.personas import make_expert

        self.council = make_council(world)
        self.mira = make_expert("mira", "Mira")
        self.tara_term = seat_member(world, self.council, world.expert)
        self.mira_term = seat_member(world, self.council, self.mira, role="chair")
        self.meeting = make_meeting(world, self.council, on=-10)
        services.attendance_record(
            actor=world.staff_a, meeting=self.meeting, present=[self.tara_term, self.mira_term]
        )
        services.minutes_save(actor=world.staff_a, meeting=self.meeting, minutes="Agreed.")
        self.answered = make_recommendation(world, self.council, title="Fund survivor-led shelters")
        services.response_record(
            actor=world.staff_a,
            recommendation=self.answered,
            decision="accepted",
            text="The ministry agrees.",
            responded_on=days(-2),
        )
        services.dissent_record(
            actor=world.staff_a,
            recommendation=self.answered,
            text="Shelters are not the only answer.",
            unnamed=True,
        )
        self.open = make_recommendation(world, self.council, title="Pay members within a week")
