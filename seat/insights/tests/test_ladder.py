"""The engagement ladder's written rules over figures made by hand (no database): a rung is the
highest whose tests pass with every test below it, and what would move it up is exactly the
failed tests up to the next rung."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from seat.accounts.enums import OrganisationKind
from seat.accounts.models import Organisation
from seat.insights.ladder import TESTS, Rung, ladder_place
from seat.insights.metrics import (
    Continuity,
    InfluenceMix,
    Insights,
    LeadTime,
    LoopClosure,
    Median,
    Override,
    PayParity,
    Period,
    RateParity,
    Scope,
    Share,
    StageCoverage,
    TimeToPay,
)

PERIOD = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))


def figures(**changes) -> Insights:
    """An organisation that passes every test of every rung; ``changes`` take some away."""
    best = Insights(
        scope=Scope(Organisation(name="Org", kind=OrganisationKind.NGO)),
        period=PERIOD,
        consultations=4,
        contributions=40,
        people=30,
        stage_coverage=StageCoverage(
            projects=2,
            by_stage={s: Share(2, 2) for s in ("design", "implementation", "evaluation")},
        ),
        early_input=Share(4, 4),
        lead_time=LeadTime(Median(Decimal("21.0"), 4), shorter_than_minimum=0, minimum_days=14),
        paid_share=Share(40, 40),
        pay_parity=PayParity(
            [RateParity("advisor", "hour", "USD", Decimal("25.00"), Decimal("25.00"))]
        ),
        time_to_pay=TimeToPay(Median(Decimal("5.0"), 40), Share(40, 40), 0, 0),
        loop_closure=LoopClosure(Share(40, 40), Median(Decimal("3.0"), 40)),
        influence=InfluenceMix(
            levels={"inform": 0, "consult": 0, "involve": 0, "collaborate": 2, "empower": 2},
            input_adopted=Share(30, 40),
            recommendations_adopted=Share(3, 4),
        ),
        continuity=Continuity(Share(10, 30), survivors_on_staff=2, survivors_in_leadership=1),
        partnership=Share(2, 4),
        overrides=[],
    )
    return replace(best, **changes)


def failed(place) -> list[str]:
    return [r.test.key for r in place.results if not r.passed]


def test_every_test_passed_is_survivor_led_with_nothing_to_move_up():
    place = ladder_place(figures())
    assert place.rung is Rung.SURVIVOR_LED
    assert failed(place) == []
    assert place.next_rung is None
    assert place.to_move_up == []


def test_nothing_measured_is_tokenistic_and_no_test_passes_on_no_data():
    empty = figures(
        consultations=0,
        contributions=0,
        people=0,
        stage_coverage=StageCoverage(
            0, {s: Share(0, 0) for s in ("design", "implementation", "evaluation")}
        ),
        early_input=Share(0, 0),
        lead_time=LeadTime(Median(None, 0), 0, 14),
        paid_share=Share(0, 0),
        pay_parity=PayParity([]),
        time_to_pay=TimeToPay(Median(None, 0), Share(0, 0), 0, 0),
        loop_closure=LoopClosure(Share(0, 0), Median(None, 0)),
        influence=InfluenceMix(
            dict.fromkeys(("inform", "consult", "involve", "collaborate", "empower"), 0),
            Share(0, 0),
            Share(0, 0),
        ),
        continuity=Continuity(Share(0, 0), 0, 0),
        partnership=Share(0, 0),
    )
    place = ladder_place(empty)
    assert place.rung is Rung.TOKENISTIC
    # Only "no overrides" holds when nothing was done.
    assert [r.test.key for r in place.results if r.passed] == ["no_overrides"]
    # One rung at a time: what would make it consultative.
    assert [r.test.key for r in place.to_move_up] == [
        "asks_survivors",
        "paid_share",
        "lead_time",
        "loop_closure",
    ]


def test_a_rung_is_never_skipped():
    # Everything of the top rungs, but unpaid input: tokenistic, whatever else it does.
    place = ladder_place(figures(paid_share=Share(35, 40)))
    assert failed(place) == ["paid_share"]
    assert place.rung is Rung.TOKENISTIC
    assert [r.test.key for r in place.to_move_up] == ["paid_share"]


def test_thresholds_are_exact_at_the_boundary():
    assert ladder_place(figures(paid_share=Share(9, 10))).rung is Rung.SURVIVOR_LED
    assert ladder_place(figures(paid_share=Share(899, 1000))).rung is Rung.TOKENISTIC
    assert ladder_place(figures(loop_closure=LoopClosure(Share(4, 5), Median(None, 0)))).rung is (
        Rung.SURVIVOR_LED
    )
    below_most = figures(loop_closure=LoopClosure(Share(79, 100), Median(None, 0)))
    assert ladder_place(below_most).rung is Rung.CONSULTATIVE
    short = figures(lead_time=LeadTime(Median(Decimal("13.9"), 4), 1, 14))
    assert ladder_place(short).rung is Rung.TOKENISTIC


def test_consultative_lists_what_would_make_it_collaborative():
    place = ladder_place(
        figures(
            early_input=Share(1, 4),
            overrides=[Override("c", "Title", 1, "Reason")],
            pay_parity=PayParity(
                [RateParity("advisor", "hour", "USD", Decimal("20.00"), Decimal("25.00"))]
            ),
        )
    )
    assert place.rung is Rung.CONSULTATIVE
    assert place.next_rung is Rung.COLLABORATIVE
    assert [r.test.key for r in place.to_move_up] == ["early_input", "pay_parity", "no_overrides"]
    pay = next(r for r in place.results if r.test.key == "pay_parity")
    assert pay.figure == 80


def test_a_survivor_led_organisation_passes_partnership_and_survivors_lead_by_what_it_is():
    led = Organisation(name="Led", kind=OrganisationKind.SURVIVOR_LED)
    place = ladder_place(
        figures(
            scope=Scope(led),
            partnership=Share(0, 4),
            continuity=Continuity(Share(10, 30), survivors_on_staff=0, survivors_in_leadership=0),
        )
    )
    assert place.rung is Rung.SURVIVOR_LED


def test_every_test_has_its_words():
    assert len({test.key for test in TESTS}) == len(TESTS)
    for test in TESTS:
        assert str(test.asks) and str(test.advice)
        assert "%" not in str(test.asks).replace("0%", "")
