"""Insights at scale: one organisation's figures over 100,000 contributions, and the roll-up
over every organisation on a Seat holding 1,000,000.

    createdb -h 127.0.0.1 -U postgres seat_bench
    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seat_bench
    uv run seat migrate
    uv run seat generate --organisations 1000 --experts 100000 --contributions 1000000 \
        --big-organisation-contributions 100000
    uv run python bench/insights.py [--repeats 10]

It reads the database it is given and changes nothing. The organisation with the most input is
the one measured (the generator gives the first organisation 100,000 contributions). For each
of: that organisation's figures over all time and over the last 12 months, one of its projects,
the dashboard's trend (the three charted metrics, eight quarters), and the roll-up over all organisations, it prints the
median and slowest of ``--repeats`` runs in milliseconds, the queries each run makes and the rows
it covers. Targets (issue 13): the organisation under 200 ms, the roll-up under 2 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from seat.accounts.models import Organisation
    from seat.consultations.models import Contribution, Project
    from seat.insights.metrics import Period, Scope, insights_compute
    from seat.insights.selectors import quarter_figures_for

    if connection.vendor != "postgresql":
        print("Note: DATABASE_URL is not PostgreSQL; the targets are for PostgreSQL.")
    total = Contribution.objects.count()
    biggest = (
        Organisation.objects.annotate(n=Count("projects__consultations__contributions"))
        .order_by("-n")
        .first()
    )
    if biggest is None or not total:
        sys.exit("No data: run `seat generate` first (see the top of this file).")
    today = timezone.localdate()
    all_time = Period(start=datetime.date(2000, 1, 1), end=today)
    project = (
        Project.objects.filter(organisation=biggest)
        .annotate(n=Count("consultations__contributions"))
        .order_by("-n")
        .first()
    )
    print(
        f"{connection.vendor}: {total:,} contributions, {Organisation.objects.count():,} organisations"
    )
    print(f"measured organisation: {biggest.n:,} contributions")  # type: ignore[attr-defined]

    cases = [
        ("organisation, all time", lambda: insights_compute(scope=Scope(biggest), period=all_time)),
        (
            "organisation, last 12 months",
            lambda: insights_compute(scope=Scope(biggest), period=Period.last_months(12)),
        ),
        (
            "its largest project, all time",
            lambda: insights_compute(scope=Scope(biggest, project), period=all_time),
        ),
        (
            "dashboard trend, 8 quarters",
            lambda: quarter_figures_for(scope=Scope(biggest), today=today),
        ),
        (
            "roll-up, all organisations",
            lambda: insights_compute(scope=Scope(None), period=all_time),
        ),
    ]
    print(f"{'case':34} {'median ms':>10} {'slowest':>9} {'queries':>8}")
    for name, run in cases:
        run()  # warm the caches once, as a page would after its first visit
        times = []
        for _ in range(args.repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                run()
                times.append((time.perf_counter() - started) * 1000)
        print(
            f"{name:34} {statistics.median(times):10.0f} {max(times):9.0f} "
            f"{len(queries.captured_queries):8d}"
        )


if __name__ == "__main__":
    main()
