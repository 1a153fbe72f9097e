from __future__ import annotations

import pytest

from seat.assessment.scoring import (
    IndicatorInfo,
    RatingInfo,
    level_to_score,
    maturity_level,
    results_compute,
)

DOMAINS = [("gov", "Governance"), ("pay", "Pay")]
INDICATORS = [
    IndicatorInfo("gov.a", "gov", "A"),
    IndicatorInfo("gov.b", "gov", "B"),
    IndicatorInfo("pay.c", "pay", "C"),
]


def r(key, perspective, level):
    return RatingInfo(key, perspective, level)


def test_levels_map_to_scores_and_maturity():
    assert [level_to_score(n) for n in (1, 2, 3, 4)] == [
        0,
        pytest.approx(33.333, 0.001),
        pytest.approx(66.667, 0.001),
        100,
    ]
    assert [maturity_level(s) for s in (0, 24.9, 25, 49.9, 50, 74.9, 75, 100)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert maturity_level(None) is None


def test_scores_weigh_perspectives_and_domains_equally():
    ratings = [
        # Three staff say level 4 on gov.a, one survivor advisor says level 1.
        r("gov.a", "staff", 4),
        r("gov.a", "staff", 4),
        r("gov.a", "staff", 4),
        r("gov.a", "survivor", 1),
        r("gov.b", "staff", 2),
        r("gov.b", "survivor", 2),
        r("pay.c", "staff", 3),
        r("pay.c", "survivor", None),  # "I don't know" is left out
    ]
    results = results_compute(domains=DOMAINS, indicators=INDICATORS, ratings=ratings)
    a, b, c = results.indicators
    assert a.mean_level == {"staff": 4, "survivor": 1}
    assert a.score == 50  # (100 + 0) / 2: three staff do not outweigh one advisor
    assert a.divergence == 3
    assert b.score == pytest.approx(33.333, 0.001)
    assert c.score == pytest.approx(66.667, 0.001) and c.divergence is None
    gov, pay = results.domains
    assert gov.score == pytest.approx((50 + 33.333) / 2, 0.001)
    assert gov.scores == {
        "staff": pytest.approx((100 + 33.333) / 2, 0.001),
        "survivor": pytest.approx(16.667, 0.001),
    }
    assert results.score == pytest.approx((gov.score + pay.score) / 2)
    assert results.level == 3


def test_divergence_calls_out_only_a_level_or_more_biggest_first():
    ratings = [
        r("gov.a", "staff", 4),
        r("gov.a", "survivor", 2),
        r("gov.b", "staff", 3),
        r("gov.b", "survivor", 2.5),
        r("pay.c", "staff", 1),
        r("pay.c", "survivor", 4),
    ]
    results = results_compute(domains=DOMAINS, indicators=INDICATORS, ratings=ratings)
    assert [i.key for i in results.divergent()] == ["pay.c", "gov.a"]


def test_gaps_rank_by_score_gain_then_survivor_lowest():
    ratings = [
        r("gov.a", "staff", 2),
        r("gov.a", "survivor", 2),
        r("gov.b", "staff", 3),
        r("gov.b", "survivor", 1),
        r("pay.c", "staff", 4),
        r("pay.c", "survivor", 4),
    ]
    results = results_compute(domains=DOMAINS, indicators=INDICATORS, ratings=ratings)
    gaps = results.gaps()
    # pay.c is at 100: no gap. gov.a and gov.b gain the same; gov.b was rated lower by survivors.
    assert [i.key for i in gaps] == ["gov.b", "gov.a"]
    assert gaps[0].gain == pytest.approx(33.333 / 2 / 2, 0.001)
    assert [i.key for i in results.survivor_lowest()] == ["gov.b", "gov.a", "pay.c"]


def test_no_ratings_gives_no_scores():
    results = results_compute(domains=DOMAINS, indicators=INDICATORS, ratings=[])
    assert results.score is None and results.level is None
    assert results.gaps() == [] and results.divergent() == []


def test_the_gain_of_one_step_is_the_real_rise_of_the_overall_score():
    """Recomputing the overall score with the indicator's answers one level up gives the gain."""
    domains = [("gov", "Governance"), ("pay", "Pay"), ("voice", "Voice")]
    indicators = [
        IndicatorInfo("gov.a", "gov", "A"),
        IndicatorInfo("gov.b", "gov", "B"),
        IndicatorInfo("pay.c", "pay", "C"),
        IndicatorInfo("voice.d", "voice", "D"),
        IndicatorInfo("voice.e", "voice", "E"),
        IndicatorInfo("voice.f", "voice", "F"),
    ]
    ratings = [
        # Staff already at the top: one step up moves only the survivor side.
        r("gov.a", "staff", 4),
        r("gov.a", "survivor", 1),
        # Both sides can rise a full level.
        r("gov.b", "staff", 2),
        r("gov.b", "survivor", 2),
        # Alone in its domain: the domain's whole score moves.
        r("pay.c", "staff", 2),
        r("pay.c", "survivor", 2),
        # One of three in its domain.
        r("voice.d", "staff", 2),
        r("voice.d", "survivor", 2),
        r("voice.e", "staff", 3),
        r("voice.f", "staff", 3),
    ]
    results = results_compute(domains=domains, indicators=indicators, ratings=ratings)

    def raised(key):
        bumped = [
            r(
                x.indicator_key,
                x.perspective,
                min(4, x.level + 1) if x.indicator_key == key else x.level,
            )
            for x in ratings
        ]
        again = results_compute(domains=domains, indicators=indicators, ratings=bumped)
        return again.score - results.score

    gains = {i.key: i.gain for i in results.indicators}
    for key in ["gov.a", "gov.b", "pay.c", "voice.d", "voice.e"]:
        assert gains[key] == pytest.approx(raised(key)), key
    # 33.3 points / 1 indicator / 3 domains, then / 2 indicators, then / 3 indicators.
    assert gains["pay.c"] == pytest.approx(11.111, 0.001)
    assert gains["gov.b"] == pytest.approx(5.556, 0.001)
    assert gains["voice.d"] == pytest.approx(3.704, 0.001)
    # Half of gov.b's rise: staff cannot go above the top.
    assert gains["gov.a"] == pytest.approx(2.778, 0.001)
    assert [i.key for i in results.gaps(limit=3)] == ["pay.c", "gov.b", "voice.d"]
