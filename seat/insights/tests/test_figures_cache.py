"""The dashboard's figures are computed once a minute at most, and never shown stale after a
change to the organisation's data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seat.insights.metrics import Period, Scope
from seat.insights.selectors import figures_for
from seat.insights.tests.test_api import answered_and_paid

pytestmark = pytest.mark.django_db


def figures(world):
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=365), end=today)
    with CaptureQueriesContext(connection) as queries:
        report, trend = figures_for(scope=Scope(world.org_a), period=period, lang="en", quarters=8)
    return report, trend, len(queries)


def test_a_second_view_reads_the_figures_from_the_cache(world):
    first, first_trend, computing = figures(world)
    again, again_trend, cached = figures(world)

    assert cached < computing / 3, (cached, computing)
    assert again.insights == first.insights and again_trend == first_trend


def test_a_change_is_shown_at_once(world):
    before, _trend, _queries = figures(world)
    answered_and_paid(world)
    after, _trend, _queries = figures(world)

    assert before.insights.loop_closure.answered.part == 0
    assert after.insights.loop_closure.answered.part == 1


def test_no_cache_when_switched_off(world, settings):
    settings.SEAT_INSIGHTS_CACHE_SECONDS = 0
    figures(world)  # the first view also brings the stored summaries up to date
    _report, _trend, computing = figures(world)
    _report, _trend, again = figures(world)

    assert again == computing > 20


def test_each_language_has_its_own_copy(world):
    """The diversity table's labels are words in the reader's language."""
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=365), end=today)
    figures(world)  # English, now cached
    with CaptureQueriesContext(connection) as queries:
        figures_for(scope=Scope(world.org_a), period=period, lang="bn", quarters=8)
    _report, _trend, cached = figures(world)

    assert len(queries) > cached * 3, (len(queries), cached)
