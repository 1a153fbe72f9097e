"""On PostgreSQL, a query a page runs again and again is planned once per connection."""

from __future__ import annotations

import pytest
from django.db import connection

from seat.accounts.models import Organisation


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
