"""The engagement ladder: tokenistic → consultative → collaborative → survivor-led.

An organisation stands on the highest rung whose tests it passes, together with every test of
the rungs below: a rung is never skipped. Each test reads one measured figure (metrics.py) and
says, in words the page shows, what it asks and what the organisation would change to pass it.
A test with nothing to measure (no consultations, no payments yet) is not passed: a rung is
earned by what was done, not by what was not measured.

The thresholds are here, in the open, and nowhere else; the dashboard, the funder report and
the API all derive the rung from ``ladder_place``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from seat.insights.metrics import (
    SHAPING_INFLUENCE,
    SHARED_POWER_INFLUENCE,
    Insights,
    Share,
    with_percent,
)


class Rung(enum.IntEnum):
    TOKENISTIC = 1
    CONSULTATIVE = 2
    COLLABORATIVE = 3
    SURVIVOR_LED = 4

    @property
    def label(self) -> Promise:
        return RUNG_LABELS[self]

    @property
    def key(self) -> str:
        return self.name.lower()


RUNG_LABELS: dict[Rung, Promise] = {
    Rung.TOKENISTIC: pgettext_lazy("engagement ladder", "Tokenistic"),
    Rung.CONSULTATIVE: pgettext_lazy("engagement ladder", "Consultative"),
    Rung.COLLABORATIVE: pgettext_lazy("engagement ladder", "Collaborative"),
    Rung.SURVIVOR_LED: pgettext_lazy("engagement ladder", "Survivor-led"),
}
RUNG_MEANINGS: dict[Rung, Promise] = {
    Rung.TOKENISTIC: _(
        "Survivors are asked late, unpaid or without an answer, or not asked at all."
    ),
    Rung.CONSULTATIVE: _(
        "Survivors are asked with time to answer, paid, and told what became of their input."
    ),
    Rung.COLLABORATIVE: _(
        "Survivors shape the work early, at fair pay paid on time, with survivor-led partners."
    ),
    Rung.SURVIVOR_LED: _(
        "Survivors share power: they decide with the organisation, stay involved over years "
        "and hold roles in it."
    ),
}


@dataclass(frozen=True)
class Test:
    """One rule of the ladder: ``passes`` reads the figures; the words say what it asks."""

    key: str
    rung: Rung
    asks: Promise
    advice: Promise
    passes: Callable[[Insights], bool]
    figure: Callable[[Insights], int | None]


def _pct(share: Share) -> int | None:
    return share.percent


def _survivor_led(insights: Insights) -> bool:
    from seat.insights.metrics import SURVIVOR_LED_KINDS

    organisation = insights.scope.organisation
    return organisation is not None and organisation.kind in SURVIVOR_LED_KINDS


def _lead_time_days(insights: Insights) -> int | None:
    days = insights.lead_time.median.days
    return None if days is None else int(days)


def _time_to_pay_days(insights: Insights) -> int | None:
    days = insights.time_to_pay.median.days
    return None if days is None else int(days)


TESTS: list[Test] = [
    # Consultative: asked properly, paid, answered.
    Test(
        key="asks_survivors",
        rung=Rung.CONSULTATIVE,
        asks=_("At least one consultation with survivors in the period."),
        advice=_("Ask survivors for their input: open a consultation on work that matters."),
        passes=lambda i: i.consultations > 0 and i.contributions > 0,
        figure=lambda i: i.consultations,
    ),
    Test(
        key="paid_share",
        rung=Rung.CONSULTATIVE,
        asks=with_percent(
            lambda: gettext(
                "At least %(percent)s%% of input is to consultations that offer payment."
            ),
            90,
        ),
        advice=_("Offer payment in every consultation: survivors' time is work."),
        passes=lambda i: i.paid_share.at_least(90),
        figure=lambda i: _pct(i.paid_share),
    ),
    Test(
        key="lead_time",
        rung=Rung.CONSULTATIVE,
        asks=_("Consultations give a median of at least 14 days to take part."),
        advice=_("Send invitations earlier: give people at least two weeks to take part."),
        passes=lambda i: i.lead_time.median.days is not None and i.lead_time.median.days >= 14,
        figure=_lead_time_days,
    ),
    Test(
        key="loop_closure",
        rung=Rung.CONSULTATIVE,
        asks=_("At least half of the input to closed consultations has an answer."),
        advice=_("Answer every piece of input: say what became of it and why."),
        passes=lambda i: i.loop_closure.answered.at_least(50),
        figure=lambda i: _pct(i.loop_closure.answered),
    ),
    # Collaborative: early, fair, on time, shaping, with partners.
    Test(
        key="early_input",
        rung=Rung.COLLABORATIVE,
        asks=_("At least half of the consultations ask about an idea or an early draft."),
        advice=_("Ask survivors while the work is still an idea or an early draft."),
        passes=lambda i: i.early_input.at_least(50),
        figure=lambda i: _pct(i.early_input),
    ),
    Test(
        key="design_stage",
        rung=Rung.COLLABORATIVE,
        asks=_("At least half of the projects have survivor input at the design stage."),
        advice=_("Bring survivors in when a project is designed, not only when it runs."),
        passes=lambda i: i.stage_coverage.by_stage["design"].at_least(50),
        figure=lambda i: _pct(i.stage_coverage.by_stage["design"]),
    ),
    Test(
        key="loop_closure_most",
        rung=Rung.COLLABORATIVE,
        asks=with_percent(
            lambda: gettext(
                "At least %(percent)s%% of the input to closed consultations has an answer."
            ),
            80,
        ),
        advice=_("Answer nearly all input, including what you did not adopt and why."),
        passes=lambda i: i.loop_closure.answered.at_least(80),
        figure=lambda i: _pct(i.loop_closure.answered),
    ),
    Test(
        key="pay_parity",
        rung=Rung.COLLABORATIVE,
        asks=_("Every rate card pays survivors at least what other consultants are paid."),
        advice=_(
            "Pay survivors what you pay other consultants for the same work, and record it in "
            "your rate cards."
        ),
        passes=lambda i: i.pay_parity.lowest is not None and i.pay_parity.below_parity == 0,
        figure=lambda i: i.pay_parity.lowest,
    ),
    Test(
        key="paid_on_time",
        rung=Rung.COLLABORATIVE,
        asks=with_percent(
            lambda: gettext("At least %(percent)s%% of payments are made by their due day."), 90
        ),
        advice=_("Pay by the day you promised: approve and pay payments before they fall due."),
        passes=lambda i: i.time_to_pay.on_time.at_least(90),
        figure=lambda i: _pct(i.time_to_pay.on_time),
    ),
    Test(
        key="shaping_influence",
        rung=Rung.COLLABORATIVE,
        asks=_("At least half of the consultations let survivors involve, collaborate or empower."),
        advice=_("Give survivors a real say: involve them in decisions, not only to comment."),
        passes=lambda i: i.influence.share_at(SHAPING_INFLUENCE).at_least(50),
        figure=lambda i: _pct(i.influence.share_at(SHAPING_INFLUENCE)),
    ),
    Test(
        key="partnership",
        rung=Rung.COLLABORATIVE,
        asks=_("At least a quarter of the consultations run with survivor-led organisations."),
        advice=_("Work with survivor-led organisations: ask them to bring their members' input."),
        passes=lambda i: _survivor_led(i) or i.partnership.at_least(25),
        figure=lambda i: _pct(i.partnership),
    ),
    Test(
        key="no_overrides",
        rung=Rung.COLLABORATIVE,
        asks=_("No consultation was opened despite problems the quality check found."),
        advice=_("Fix what the quality check finds before opening a consultation."),
        passes=lambda i: not i.overrides_count,
        figure=lambda i: i.overrides_count,
    ),
    # Survivor-led: power shared and lasting.
    Test(
        key="shared_power",
        rung=Rung.SURVIVOR_LED,
        asks=_("At least half of the consultations let survivors collaborate or empower."),
        advice=_("Share decisions: let survivors decide with you, or decide themselves."),
        passes=lambda i: i.influence.share_at(SHARED_POWER_INFLUENCE).at_least(50),
        figure=lambda i: _pct(i.influence.share_at(SHARED_POWER_INFLUENCE)),
    ),
    Test(
        key="all_stages",
        rung=Rung.SURVIVOR_LED,
        asks=_(
            "At least half of the projects have survivor input at design, at implementation and "
            "at evaluation."
        ),
        advice=_("Keep survivors involved at every stage, through to evaluation."),
        passes=lambda i: all(share.at_least(50) for share in i.stage_coverage.by_stage.values()),
        figure=lambda i: min(
            (share.percent or 0 for share in i.stage_coverage.by_stage.values()), default=None
        ),
    ),
    Test(
        key="continuity",
        rung=Rung.SURVIVOR_LED,
        asks=_(
            "At least a quarter of the people who gave input have been involved for over a year."
        ),
        advice=_("Keep working with the same people over years: a standing council helps."),
        passes=lambda i: i.continuity.over_a_year.at_least(25),
        figure=lambda i: _pct(i.continuity.over_a_year),
    ),
    Test(
        key="survivors_lead",
        rung=Rung.SURVIVOR_LED,
        asks=_(
            "The organisation is survivor-led, or people with lived experience hold paid staff "
            "roles in it."
        ),
        advice=_("Hire people with lived experience into paid staff and leadership roles."),
        passes=lambda i: _survivor_led(i) or i.continuity.survivors_on_staff > 0,
        figure=lambda i: i.continuity.survivors_on_staff,
    ),
]


@dataclass(frozen=True)
class TestResult:
    test: Test
    passed: bool
    figure: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.test.key,
            "rung": self.test.rung.key,
            "asks": str(self.test.asks),
            "passed": self.passed,
            "figure": self.figure,
        }


@dataclass(frozen=True)
class LadderPlace:
    rung: Rung
    results: list[TestResult]

    @property
    def next_rung(self) -> Rung | None:
        return None if self.rung is Rung.SURVIVOR_LED else Rung(self.rung + 1)

    @property
    def to_move_up(self) -> list[TestResult]:
        """The tests of the next rung (and any below it) not yet passed: what would move the
        organisation up one rung."""
        if self.next_rung is None:
            return []
        return [r for r in self.results if r.test.rung <= self.next_rung and not r.passed]

    def rung_results(self, rung: Rung) -> list[TestResult]:
        return [r for r in self.results if r.test.rung is rung]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rung": self.rung.key,
            "rung_label": str(self.rung.label),
            "next_rung": None if self.next_rung is None else self.next_rung.key,
            "to_move_up": [str(r.test.advice) for r in self.to_move_up],
            "tests": [r.as_dict() for r in self.results],
        }


def ladder_place(insights: Insights) -> LadderPlace:
    results = [
        TestResult(test=test, passed=bool(test.passes(insights)), figure=test.figure(insights))
        for test in TESTS
    ]
    rung = Rung.TOKENISTIC
    for candidate in (Rung.CONSULTATIVE, Rung.COLLABORATIVE, Rung.SURVIVOR_LED):
        if all(r.passed for r in results if r.test.rung is candidate):
            rung = candidate
        else:
            break
    return LadderPlace(rung=rung, results=results)


def rung_of_assessment_level(level: int | None) -> Rung | None:
    """The self-assessment's four maturity levels (not yet, emerging, established, leading)
    read as the ladder's four rungs, so what an organisation says of itself sits beside what
    it does."""
    return None if level is None else Rung(level)
