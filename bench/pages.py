"""Server time of the pages people use most, on the demo data, in one process.

    uv run python bench/pages.py [--requests 200]

It builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL), loads the demo,
and times requests through Django's test client: the figure is Django's own work per page
(routing, queries, templates), without network or a WSGI server. It prints the median and the
95th percentile in milliseconds, the number of SQL queries, and the gzip size of each page.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SEAT_DATA_DIR", tempfile.mkdtemp(prefix="seat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
os.environ.setdefault("SEAT_ENV", "demo")
# One client asks hundreds of times a minute here: the API's per-client limit (60 a minute
# without login) would answer 429 and time the refusal, not the page.
os.environ.setdefault("SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE", "1000000")
os.environ.setdefault("SEAT_API_REQUESTS_PER_MINUTE", "1000000")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client

    # Keep one connection open, as a production server with persistent connections does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    from seat.accounts.models import User
    from seat.assessment.models import AssessmentRound
    from seat.consultations.models import Contribution, Invitation
    from seat.demo.data import demo_load

    demo_load()
    expert = Client()
    expert.force_login(User.objects.get(username="demo-expert"))
    staff = Client()
    staff.force_login(User.objects.get(username="demo-staff"))
    invitation = Invitation.objects.filter(
        expert__user__username="demo-expert", status="pending"
    ).first()
    contribution = Contribution.objects.filter(expert__user__username="demo-expert").first()
    latest = AssessmentRound.objects.order_by("-created_at").first()
    pages = [
        ("expert home", expert, "/"),
        ("invitation", expert, f"/me/invitations/{invitation.pk}/"),
        ("what happened to my input", expert, f"/me/input/{contribution.pk}/"),
        ("staff: consultation", staff, f"/projects/consultations/{invitation.consultation_id}/"),
        ("staff: contribution", staff, f"/input/{contribution.pk}/"),
        ("assessment results", staff, f"/assessment/rounds/{latest.pk}/results/"),
        ("framework API", Client(), "/api/v1/assessment/framework"),
    ]
    print(f"{'page':<28} {'median ms':>9} {'p95 ms':>8} {'queries':>8} {'gzip B':>8}")
    for name, client, url in pages:
        client.get(url)  # warm caches and template loading
        queries: list[str] = []

        def count(execute, sql, params, many, context, seen=queries):  # type: ignore[no-untyped-def]
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            body = client.get(url).content
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{name:<28} {statistics.median(times):>9.2f} {p95:>8.2f} {len(queries):>8} "
            f"{len(gzip.compress(body, 9, mtime=0)):>8}"
        )


if __name__ == "__main__":
    main()
