"""The ladder's rules, read from figures built by hand: each rung's tests, no rung skipped,
and what would move an organisation up named from the tests it does not pass yet."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest

from seat.accounts.enums import OrganisationKind
from seat.accounts.models import Organisation
from seat.insights.ladder import TESTS, Rung, ladder_place, rung_of_assessment_level
from seat.insights.metrics import (
    Continuity,
    InfluenceMix,
    Insights,
    LeadTime,
    LoopClosure,
    Median,
    PayParity,
    Period,
    RateParity,
    Scope,
    Share,
    StageCoverage,
    TimeToPay,
)

PERIOD = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


def figures(kind: str = OrganisationKind.NGO, **changes) -> Insights:
    """An organisation that passes every test of every rung; ``changes`` spoil some."""
    organisation = Organisation(name="Test", kind=kind)
    best = Insights(
        scope=Scope(organisation),
        period=PERIOD,
        consultations=10,
        contributions=40,
        people=12,
        stage_coverage=StageCoverage(
            projects=2,
            by_stage={s: Share(2, 2) for s in ("design", "implementation", "evaluation")},
        ),
        early_input=Share(8, 10),
        lead_time=LeadTime(Median(Decimal("21.0"), 10), shorter_than_minimum=0, minimum_days=14),
        paid_share=Share(40, 40),
        pay_parity=PayParity(
            [RateParity("participant", "hour", "BDT", Decimal("800"), Decimal("800"))]
        ),
        time_to_pay=TimeToPay(Median(Decimal("6.0"), 40), Share(40, 40), paid_late=0, overdue=0),
        loop_closure=LoopClosure(Share(40, 40), Median(Decimal("12.0"), 40)),
        influence=InfluenceMix(
            levels={"inform": 0, "consult": 1, "involve": 2, "collaborate": 4, "empower": 3},
            input_adopted=Share(30, 40),
            recommendations_adopted=Share(3, 4),
        ),
        continuity=Continuity(Share(4, 12), survivors_on_staff=1, survivors_in_leadership=0),
        partnership=Share(5, 10),
        overrides=[],
    )
    return dataclasses.replace(best, **changes)


def test_every_test_passed_is_survivor_led_with_nothing_left_to_do():
    place = ladder_place(figures())
    assert place.rung is Rung.SURVIVOR_LED
    assert place.next_rung is None and place.to_move_up == []
    assert all(result.passed for result in place.results)


def test_no_data_is_tokenistic_and_asks_for_a_first_consultation():
    empty = figures(
        consultations=0,
        contributions=0,
        early_input=Share(0, 0),
        paid_share=Share(0, 0),
        lead_time=LeadTime(Median(None, 0), 0, 14),
        loop_closure=LoopClosure(Share(0, 0), Median(None, 0)),
    )
    place = ladder_place(empty)
    assert place.rung is Rung.TOKENISTIC
    assert [r.test.key for r in place.to_move_up] == [
        "asks_survivors",
        "paid_share",
        "lead_time",
        "loop_closure",
    ]


@pytest.mark.parametrize(
    ("changes", "rung", "failing"),
    [
        ({"paid_share": Share(35, 40)}, Rung.TOKENISTIC, ["paid_share"]),
        (
            {"lead_time": LeadTime(Median(Decimal("13.9"), 3), 3, 14)},
            Rung.TOKENISTIC,
            ["lead_time"],
        ),
        (
            {"loop_closure": LoopClosure(Share(19, 40), Median(None, 0))},
            Rung.TOKENISTIC,
            ["loop_closure", "loop_closure_most"],
        ),
        ({"early_input": Share(4, 10)}, Rung.CONSULTATIVE, ["early_input"]),
        (
            {"loop_closure": LoopClosure(Share(31, 40), Median(None, 0))},
            Rung.CONSULTATIVE,
            ["loop_closure_most"],
        ),
        ({"pay_parity": PayParity([])}, Rung.CONSULTATIVE, ["pay_parity"]),
        ({"partnership": Share(2, 10)}, Rung.CONSULTATIVE, ["partnership"]),
        (
            {"continuity": Continuity(Share(2, 12), 1, 0)},
            Rung.COLLABORATIVE,
            ["continuity"],
        ),
        (
            {"continuity": Continuity(Share(4, 12), 0, 0)},
            Rung.COLLABORATIVE,
            ["survivors_lead"],
        ),
    ],
)
def test_one_figure_short_keeps_the_organisation_below_and_names_it(changes, rung, failing):
    place = ladder_place(figures(**changes))
    assert place.rung is rung
    assert [r.test.key for r in place.results if not r.passed] == failing
    # Only the next rung's tests are named as the way up (the rest come after it).
    assert [r.test.key for r in place.to_move_up] == [
        key for key in failing if next(t for t in TESTS if t.key == key).rung == rung + 1
    ]


def test_a_rung_is_never_skipped():
    """Passing every survivor-led test does not help while a consultative one fails."""
    place = ladder_place(figures(paid_share=Share(0, 40)))
    assert place.rung is Rung.TOKENISTIC
    assert [r.test.key for r in place.to_move_up] == ["paid_share"]


def test_thresholds_are_exact_not_rounded():
    """89.6% of input paid rounds to 90% on the page, but does not pass a 90% test."""
    assert Share(896, 1000).percent == 90
    assert ladder_place(figures(paid_share=Share(896, 1000))).rung is Rung.TOKENISTIC
    assert ladder_place(figures(paid_share=Share(900, 1000))).rung is Rung.SURVIVOR_LED


def test_a_survivor_led_organisation_passes_partnership_and_leadership_by_what_it_is():
    alone = figures(
        kind=OrganisationKind.SURVIVOR_LED,
        partnership=Share(0, 10),
        continuity=Continuity(Share(4, 12), 0, 0),
    )
    assert ladder_place(alone).rung is Rung.SURVIVOR_LED
    assert ladder_place(dataclasses.replace(alone, scope=Scope(Organisation(kind="ngo")))).rung is (
        Rung.CONSULTATIVE
    )


def test_one_override_is_enough_to_stay_consultative():
    from seat.insights.metrics import Override

    place = ladder_place(
        figures(overrides=[Override("id", "Title", 1, "A reason given.")], overrides_count=1)
    )
    assert place.rung is Rung.CONSULTATIVE
    assert [r.figure for r in place.to_move_up] == [1]


def test_every_test_has_words_for_the_page():
    assert len({test.key for test in TESTS}) == len(TESTS)
    for test in TESTS:
        assert str(test.asks).endswith(".") and str(test.advice).endswith(".")


def test_assessment_levels_read_as_rungs():
    assert [rung_of_assessment_level(level) for level in (None, 1, 2, 3, 4)] == [
        None,
        Rung.TOKENISTIC,
        Rung.CONSULTATIVE,
        Rung.COLLABORATIVE,
        Rung.SURVIVOR_LED,
    ]
