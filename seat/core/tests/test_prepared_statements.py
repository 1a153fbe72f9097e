"""On PostgreSQL, a query a page runs again and again is planned once per connection."""

from __future__ import annotations

import pytest
from django.db import connection

from seat.accounts.models import Membership, Organisation


@pytest.mark.django_db
def test_a_repeated_query_is_prepared_by_the_connection():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for n in range(threshold + 1):
        list(Organisation.objects.filter(name=f"Nobody {n}"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"accounts_organisation"."name" = $1%'],
        )
        (prepared,) = cursor.fetchone()
    assert prepared == 1


@pytest.mark.django_db
def test_a_prepared_statement_is_planned_once_not_on_every_run():
    """PostgreSQL would plan a prepared join again on each run while it guessed that a plan for
    the values at hand beat a general one (it always guessed so for Seat's page queries)."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for n in range(threshold + 3):
        list(Membership.objects.filter(user__username=f"nobody-{n}").select_related("organisation"))
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ['%"accounts_user"."username" = $1%'],
        )
        (generic, custom), *others = cursor.fetchall()
    assert not others
    assert (generic, custom) == (3, 0)  # three runs prepared, all on the one general plan
