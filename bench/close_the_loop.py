"""Closing the loop at scale: sending an outcome report to everyone who took part, and the
staff list of input still to answer.

    uv run python bench/close_the_loop.py [--people 300] [--consultations 30] [--each 10]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench uv run python bench/close_the_loop.py

It builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL: the database is
flushed first), makes organisation A of the test personas and ``--people`` survivor experts who
gave input to one consultation (a third of them read Seat in Bengali), through the real
services. Then it times the service that sends the report on it (``report_send``: one delivery
and one message per person, in her language), sends it again (nothing new: "already sent to
everyone"), and checks the database holds exactly one delivery and one message per person.
Last, with ``--consultations`` more consultations of ``--each`` people's input, none answered,
it times "Input to answer" (``/input/awaiting/``) and
``GET /api/v1/contributions?awaiting_response=true`` through Django's test client (Django's own
work, no network): median and 95th percentile in milliseconds and queries per request.
"""

from __future__ import annotations

import argparse
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
# One client asks many times a minute here: lift the per-client limit for this run.
os.environ.setdefault("SEAT_API_REQUESTS_PER_MINUTE", "1000000")

REPEATS = 30


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--consultations", type=int, default=30)
    parser.add_argument("--each", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)

    from seat.accountability.models import OutcomeDelivery
    from seat.accountability.reports import report_create, report_send
    from seat.api.services import api_token_create
    from seat.notifications.models import Notification
    from seat.tests.personas import (
        make_consultation,
        make_contribution,
        make_expert,
        make_invitation,
        make_world,
    )

    world = make_world()
    started = time.perf_counter()

    def give(consultation, n: int) -> None:  # type: ignore[no-untyped-def]
        expert = make_expert(f"person-{n:05d}", f"Person {n}")
        if n % 3 == 0:
            expert.user.language = "bn"  # type: ignore[union-attr]
            expert.user.save()  # type: ignore[union-attr]
        make_contribution(make_invitation(world.staff_a, consultation, expert, accept=True))

    for n in range(args.people):
        give(world.consultation, n)
    for c in range(args.consultations):
        consultation = make_consultation(world.staff_a, world.project, title=f"Consultation {c}")
        for n in range(args.each):
            give(consultation, args.people + c * args.each + n)
    total = world.consultation.contributions.count() + args.consultations * args.each
    print(
        f"{connection.vendor}: {args.people} people's input to one consultation, "
        f"{args.each} to each of {args.consultations} more "
        f"(set up in {time.perf_counter() - started:.0f} s)"
    )

    parts = {
        "heard": "Most people asked for evening sessions and women trainers.",
        "changed": "Sessions now run in the evening, led by two women trainers.",
        "unchanged": "We could not pay for childcare yet: the funder said no this year.",
        "next_steps": "We will ask again in March and tell you the answer.",
    }
    report = report_create(
        actor=world.staff_a, consultation=world.consultation, language="en", **parts
    )
    people = world.consultation.contributions.count()
    for label in ("first send", "second send"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = report_send(actor=world.staff_a, report=report)
            seconds = time.perf_counter() - started
        print(
            f"{label}: {len(result.new_deliveries)} new deliveries to {people} people in "
            f"{seconds * 1000:.0f} ms ({seconds * 1000 / people:.1f} ms a person), "
            f"{len(queries)} queries"
        )
    delivered = OutcomeDelivery.objects.filter(report=report).count()
    told = Notification.objects.filter(event="outcome.report.sent").count()
    assert delivered == told == people, (delivered, told, people)
    print(f"checked: {delivered} deliveries, {told} messages, one each")

    client = Client()
    client.force_login(world.staff_a)
    _token, shown = api_token_create(actor=world.staff_a, name="bench")
    pages = {
        "/input/awaiting/": {},
        "/api/v1/contributions?awaiting_response=true": {"HTTP_AUTHORIZATION": f"Bearer {shown}"},
    }
    for path, headers in pages.items():
        client.get(path, **headers)
        timings = []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, **headers)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(
            f"{path}: median {statistics.median(timings):.0f} ms, "
            f"p95 {percentile(timings, 0.95):.0f} ms, {len(queries)} queries "
            f"({total} contributions in {args.consultations + 1} consultations)"
        )


if __name__ == "__main__":
    main()
