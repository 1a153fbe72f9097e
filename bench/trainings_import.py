"""Rows per second of the trainings CSV import (``seat.trainings.services.trainings_import``),
for a file of 5,000 sessions: first upload, then the same file again (nothing new is saved).

    uv run python bench/trainings_import.py [--rows 5000] [--trainers 40]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench uv run python bench/trainings_import.py

It builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL: the database is
flushed first), makes organisation A of the test personas with ``--trainers`` survivor trainers,
writes a CSV file of ``--rows`` sessions (each trainer by chosen name, spread over the last 300
days), and times the service itself (no HTTP). It checks the database holds exactly one session
and one payment line per row, before and after the second upload.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SEAT_DATA_DIR", tempfile.mkdtemp(prefix="seat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
os.environ.setdefault("SEAT_ENV", "demo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--trainers", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)

    from seat.compensation.models import PaymentLine
    from seat.people.services import expert_create, expert_link_record
    from seat.tests.personas import make_world
    from seat.trainings.models import TrainingSession
    from seat.trainings.services import trainings_import

    world = make_world()
    names = [f"Trainer {n:03d}" for n in range(args.trainers)]
    for name in names:
        expert = expert_create(user=None, pseudonym=name, languages="bn")
        expert_link_record(actor=None, expert=expert, organisation=world.org_a)
    today = timezone.localdate()
    lines = ["trainer,date,audience,place,participants,units,rate,currency,travel,feedback"]
    for n in range(args.rows):
        day = today - datetime.timedelta(days=1 + n % 300)
        lines.append(
            f"{names[n % args.trainers]},{day.isoformat()},Police station {n},District {n % 64},"
            f"{10 + n % 40},3,25.00,USD,4.50,Asked for a second session."
        )
    data = "\n".join(lines).encode()

    def timed(label: str) -> None:
        started = time.perf_counter()
        outcome = trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)
        seconds = time.perf_counter() - started
        print(
            f"{label}: {args.rows} rows in {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s "
            f"(saved {outcome.saved}, already {outcome.already}, rejected {outcome.rejected})"
        )

    print(f"{connection.vendor}, {len(data) / 1024:.0f} KB, {args.trainers} trainers")
    timed("first upload")
    timed("same file again")
    sessions = TrainingSession.objects.filter(organisation=world.org_a).count()
    lines_paid = PaymentLine.objects.filter(organisation=world.org_a, work="training").count()
    assert sessions == lines_paid == args.rows, (sessions, lines_paid)
    print(f"checked: {sessions} sessions, {lines_paid} payment lines")


if __name__ == "__main__":
    main()
