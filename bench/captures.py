"""Server time of ``POST /api/v1/captures``: a facilitator's in-person session sent from a
device that was offline, first arrival and replays.

    uv run python bench/captures.py [--captures 100] [--participants 8]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench uv run python bench/captures.py

It builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL: the database is
flushed first), makes a host organisation with an open consultation of two questions, and a
collective whose facilitator holds an API token and keeps ``--participants`` profiles for members
without a device. Then it times, through Django's test client (Django's own work, no network):
``--captures`` sessions of ``--participants`` people each (first arrival: 201), the same
sessions sent again (replays of an offline queue: 200, nothing stored), and the same key with
changed content (409). It prints the median and 95th percentile in milliseconds, the queries per
request, and checks that the database holds exactly one contribution per participant.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SEAT_DATA_DIR", tempfile.mkdtemp(prefix="seat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
os.environ.setdefault("SEAT_ENV", "demo")
# One client asks hundreds of times a minute here: lift the per-client limit for this run.
os.environ.setdefault("SEAT_API_REQUESTS_PER_MINUTE", "1000000")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=100)
    parser.add_argument("--participants", type=int, default=8)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)

    from seat.api.services import api_token_create
    from seat.consultations.models import Contribution
    from seat.partners.models import Capture
    from seat.people.services import expert_create, expert_link_record
    from seat.tests.personas import make_partners, make_world

    world = make_world()
    partners = make_partners(world)

    def members_without_device(group: int) -> list:
        """A member gives input to a consultation once, so each session has its own people."""
        members = []
        for n in range(args.participants):
            member = expert_create(
                user=None,
                pseudonym=f"Member {group}-{n}",
                languages="bn",
                represented_by=partners.collective,
            )
            expert_link_record(
                actor=partners.facilitator, expert=member, organisation=partners.collective
            )
            members.append(member)
        return members

    _token, token = api_token_create(actor=partners.facilitator, name="bench")
    questions = [str(q.pk) for q in world.consultation.questions.all()]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def body(key: str, group: list, place: str = "Satkhira") -> str:
        return json.dumps(
            {
                "request": str(partners.request.pk),
                "idempotency_key": key,
                "kind": "focus_group",
                "held_on": timezone.localdate().isoformat(),
                "place": place,
                "participants": [
                    {
                        "member": str(member.pk),
                        "consents": {"participate": True, "quote_anonymously": True},
                        "consent_language": "bn",
                        "attribution": "anonymous",
                        "answers": [
                            {"question": questions[0], "text": "Training in our own language."},
                            {"question": questions[1], "text": "Women who came back should lead."},
                        ],
                    }
                    for member in group
                ],
            }
        )

    bodies = [(str(uuid.uuid4()), members_without_device(n)) for n in range(args.captures)]

    def timed(status: int, payloads: list[str]) -> tuple[list[float], int]:
        times = []
        queries = 0
        for payload in payloads:
            with CaptureQueriesContext(connection) as seen:
                start = time.perf_counter()
                answer = client.post("/api/v1/captures", payload, content_type="application/json")
                times.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == status, (answer.status_code, answer.content[:300])
            queries = len(seen)
        return times, queries

    first, first_queries = timed(201, [body(key, group) for key, group in bodies])
    replay, replay_queries = timed(200, [body(key, group) for key, group in bodies])
    changed, changed_queries = timed(409, [body(key, group, "Khulna") for key, group in bodies])

    stored = Contribution.objects.filter(capture__isnull=False).count()
    expected = args.captures * args.participants
    assert Capture.objects.count() == args.captures, Capture.objects.count()
    assert stored == expected, (stored, expected)

    engine = connection.vendor
    print(
        f"captures on {engine}: {args.captures} sessions × {args.participants} participants "
        f"× {len(questions)} answers"
    )
    for label, times, queries in (
        ("first arrival (201)", first, first_queries),
        ("replay, same key (200)", replay, replay_queries),
        ("changed, same key (409)", changed, changed_queries),
    ):
        print(
            f"  {label:<26} median {statistics.median(times):6.1f} ms   "
            f"p95 {percentile(times, 0.95):6.1f} ms   {queries} queries"
        )
    print(
        f"  stored: {Capture.objects.count()} captures, {stored} contributions (expected {expected})"
    )


if __name__ == "__main__":
    main()
