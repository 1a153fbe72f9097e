"""What one run of the retention schedule costs (``seat.rights.retention``), the work the
worker repeats every ``SEAT_SCHEDULE_SECONDS``.

    uv run python bench/retention.py [--accounts 2000] [--contributions 20000]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench uv run python bench/retention.py

It builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL: the database is
flushed first) with the test world, ``--accounts`` survivor accounts nobody has used for eleven
months and ``--accounts`` / 10 staff accounts unused for a year, and ``--contributions``
contributions of two answers each to a project whose last consultation ended more than two years
ago. Then it times four runs: the first (every survivor warned, every staff account switched
off, every answer deleted), the next one (nothing due: the steady cost of every run), one a
month later (every warned account erased) and one after that. It prints seconds and queries per
run, and checks what each run did.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SEAT_DATA_DIR", tempfile.mkdtemp(prefix="seat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
os.environ.setdefault("SEAT_ENV", "demo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--contributions", type=int, default=20000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)

    from seat.accounts.enums import Role
    from seat.accounts.models import Membership, User
    from seat.consultations.enums import Attribution, ContributionChannel
    from seat.consultations.models import Answer, Consultation, Contribution
    from seat.consultations.selectors import WORDS_KEPT_DAYS
    from seat.people.models import ExpertProfile
    from seat.rights.retention import ACCOUNT_IDLE_DAYS, IDLE_WARNING_DAYS, retention_enforce
    from seat.tests.personas import make_world

    world = make_world()
    now = timezone.now()
    unused_since = now - datetime.timedelta(days=ACCOUNT_IDLE_DAYS - IDLE_WARNING_DAYS + 1)
    staff_count = max(args.accounts // 10, 1)

    def accounts(prefix: str, count: int, since: datetime.datetime) -> list:
        # Not a real hash: it only has to look usable, which is all the schedule asks of it.
        return User.objects.bulk_create(
            User(
                username=f"{prefix}-{n}",
                password=f"bench${n}",
                date_joined=since,
                last_login=since,
            )
            for n in range(count)
        )

    survivors = accounts("idle", args.accounts, unused_since)
    ExpertProfile.objects.bulk_create(
        ExpertProfile(user=user, pseudonym=f"Idle {n}") for n, user in enumerate(survivors)
    )
    staff = accounts(
        "idle-staff", staff_count, now - datetime.timedelta(days=ACCOUNT_IDLE_DAYS + 1)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=world.org_a, role=Role.STAFF) for user in staff
    )

    # Input to a project that ended more than two years ago, from the world's other expert.
    last_day = timezone.localdate() - datetime.timedelta(days=WORDS_KEPT_DAYS + 1)
    Consultation.objects.filter(pk=world.consultation.pk).update(
        opens_on=last_day - datetime.timedelta(days=14), deadline=last_day
    )
    questions = list(world.consultation.questions.all()[:2])
    experts = list(
        ExpertProfile.objects.bulk_create(
            ExpertProfile(pseudonym=f"Writer {n}") for n in range(args.contributions)
        )
    )
    contributions = Contribution.objects.bulk_create(
        Contribution(
            consultation=world.consultation,
            expert=expert,
            channel=ContributionChannel.WEB,
            attribution=Attribution.ANONYMOUS,
            idempotency_key=uuid.uuid4(),
        )
        for expert in experts
    )
    Answer.objects.bulk_create(
        (
            Answer(contribution=contribution, question=question, text="Words to delete in time.")
            for contribution in contributions
            for question in questions
        ),
        batch_size=5000,
    )
    print(
        f"{args.accounts:,} survivor accounts unused for 11 months, {staff_count:,} staff accounts "
        f"unused for a year, {args.contributions:,} contributions ({Answer.objects.count():,} "
        f"answers) to a project that ended two years ago; {connection.vendor}\n"
    )

    def timed(label: str, when: datetime.datetime) -> dict[str, int]:
        queries = 0

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            counts = retention_enforce(now=when)
            seconds = time.perf_counter() - start
        done = {key: value for key, value in counts.items() if value}
        print(f"{label:<24} {seconds:8.2f} s {queries:>9,} queries   {done}")
        return counts

    first = timed("first run", now)
    steady = timed("next run (nothing due)", now)
    month = now + datetime.timedelta(days=IDLE_WARNING_DAYS + 1)
    erased = timed("a month later", month)
    after = timed("the run after that", month)

    assert first["experts_warned"] == args.accounts, first
    assert first["staff_switched_off"] == staff_count, first
    assert first["contributions_emptied"] >= args.contributions, first
    assert not any(steady.values()), steady
    assert erased["experts_erased"] == args.accounts, erased
    assert not any(after.values()), after
    assert not Answer.objects.filter(contribution__consultation=world.consultation).exists()


if __name__ == "__main__":
    main()
