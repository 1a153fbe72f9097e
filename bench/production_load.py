"""Survivors and staff at once on a million contributions, under Seat's production server.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seat_bench \\
        uv run python bench/production_load.py [--duration 600] [--survivors 50] [--staff 10]
        [--baseline 5] [--think 2] [--redis-url redis://127.0.0.1:6379/3] [--sample 30]
        [--workers N] [--threads N]

Needs wrk (apt-get install wrk), Redis, and a PostgreSQL database filled by `seat generate`
(README, "Synthetic data at scale"); it refuses any other. In one run it:

1. picks the ten organisations with the most contributions ("Synthetic organisation 1", the
   100,000, first), five of each one's experts who gave input (survivors) and each one's staff
   member; gives each survivor an account (synthetic experts have none: `bench-survivor-N`,
   unusable password, made once and kept) and signs everyone in with a session of their own;
2. serves Seat with `seat serve` exactly as a deployment does (SEAT_ENV=production, fresh keys,
   Redis, gunicorn with two processes per core x 2 threads unless --workers/--threads say
   otherwise, Seat's access log on), behind a pretend proxy: every request says it came over
   HTTPS from 127.0.0.1, as Caddy's do;
3. checks that every page of every person answers 200, warms up for 10 s, then runs three wrk
   at once for --duration seconds: one connection per survivor going round her pages (her
   home, her invitations' and her input's pages, what she was paid), one per staff member
   going round theirs (projects, a project, a consultation, the insights dashboard, the
   people), and --baseline connections asking for /healthz, the cheapest Django page the same
   server has (Seat's middleware and a `SELECT 1`). Each person waits --think seconds on
   average (0.5 to 1.5 times it) between a page and the next, as a person reading would, only
   faster: latency is counted from the request, not from the wait;
4. samples the server's memory (RSS of gunicorn's master and workers added up) and the 1-minute
   load average every --sample seconds, and prints Markdown tables to paste into the README:
   per group the pages asked, p50/p95/p99 and slowest milliseconds as wrk saw them, HTTP errors
   (4xx/5xx), redirects and socket errors; the same per page from Seat's access log (time spent
   inside Django, without the wait for a free thread); memory over time.

wrk and everything else on the machine share its cores with the server: say the load average
beside any figure. This is a benchmark, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from server import (
    cpu_seconds,
    free_port,
    get,
    server_processes,
)  # bench/ is on the path: this folder

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIONS = 10
SURVIVORS_PER_ORGANISATION = 5
SURVIVOR_USERNAME = "bench-survivor-"
WARM_UP_SECONDS = 10
GENERATE = (
    "createdb -h 127.0.0.1 -U postgres seat_bench\n"
    "export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seat_bench\n"
    "uv run seat migrate\n"
    "uv run seat generate --organisations 1000 --experts 100000 --contributions 1000000 "
    "--big-organisation-contributions 100000"
)

# One wrk thread per person, each with one connection: thread N is person N, with her session
# and her pages in turn. done() prints one line wrk's own report lacks: p95, and statuses.
# The session cookie's name under SEAT_ENV=production (seat/settings.py), under which both the
# server and ``prepare`` (which signs people in) run.
SESSION_COOKIE = "__Host-seat-session"

LUA = """
people = %(people)s
local threads = {}
local count = 0
function setup(thread)
  count = count + 1
  thread:set("who", count)
  table.insert(threads, thread)
end
function init(args)
  me = people[who]
  page = 0
  redirects = 0
  http_errors = 0
  math.randomseed(who * 7919 + os.time())
end
function request()
  page = page %% #me.paths + 1
  local headers = {["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "127.0.0.1"}
  if me.cookie ~= "" then headers["Cookie"] = "%(session_cookie)s=" .. me.cookie end
  return wrk.format("GET", me.paths[page], headers)
end
function delay()
  return math.random(%(think_low)d, %(think_high)d)
end
function response(status, headers, body)
  if status >= 400 then http_errors = http_errors + 1
  elseif status >= 300 then redirects = redirects + 1 end
end
function done(summary, latency, requests)
  local r, h = 0, 0
  for _, thread in ipairs(threads) do
    r = r + thread:get("redirects")
    h = h + thread:get("http_errors")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d p50_us=%%d p95_us=%%d p99_us=%%d max_us=%%d redirects=%%d " ..
    "http_errors=%%d connect=%%d read=%%d write=%%d timeout=%%d\\n",
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, r, h, e.connect, e.read, e.write, e.timeout))
end
"""


# Run in a process of its own, with the server's settings -------------------------------------


def prepare(seed: int) -> dict[str, list[dict[str, Any]]]:
    """Pick the people, give the survivors accounts, sign everyone in: their session keys and
    pages. Its settings are the server's (same secret key), so the sessions are good there."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import DatabaseError
    from django.db.models import Count
    from django.test import Client

    from seat.accounts.models import Membership, Organisation, Role, User
    from seat.consultations.models import Consultation, Contribution, Invitation
    from seat.people.models import ExpertProfile

    try:
        generated = Organisation.objects.filter(name="Synthetic organisation 1").exists()
    except DatabaseError:  # not even migrated
        generated = False
    if not generated:
        sys.exit(
            "This database holds no synthetic data. Make it first (about 5 minutes):\n" + GENERATE
        )
    busiest = list(
        Contribution.objects.values_list("consultation__project__organisation", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n")[:ORGANISATIONS]
    )
    rng = random.Random(seed)
    survivors: list[dict[str, Any]] = []
    staff: list[dict[str, Any]] = []
    for organisation_id in busiest:
        organisation = Organisation.objects.get(pk=organisation_id)
        given = Contribution.objects.filter(consultation__project__organisation=organisation)
        candidates = list(
            given.values_list("expert_id", flat=True).distinct().order_by("expert_id")[:500]
        )
        for expert_id in rng.sample(candidates, SURVIVORS_PER_ORGANISATION):
            expert = ExpertProfile.objects.select_related("user").get(pk=expert_id)
            if expert.user is None:
                number = User.objects.filter(username__startswith=SURVIVOR_USERNAME).count() + 1
                expert.user = User.objects.create(
                    username=f"{SURVIVOR_USERNAME}{number}",
                    display_name=expert.pseudonym,
                    password=make_password(None),
                )
                expert.save(update_fields=["user"])
            invitation = Invitation.objects.filter(expert=expert).latest("created_at")
            contribution = Contribution.objects.filter(expert=expert).latest("created_at")
            survivors.append(
                {
                    "user": expert.user,
                    "paths": [
                        "/me/",
                        f"/me/invitations/{invitation.pk}/",
                        "/me/input/",
                        f"/me/input/{contribution.pk}/",
                        "/me/earnings/",
                        "/me/organisations/",
                    ],
                }
            )
        member = Membership.objects.filter(organisation=organisation, role=Role.STAFF).first()
        assert member is not None, f"{organisation.name} has no staff member"
        consultation = (
            Consultation.objects.filter(project__organisation=organisation)
            .annotate(n=Count("contributions"))
            .order_by("-n")
            .first()
        )
        assert consultation is not None
        staff.append(
            {
                "user": member.user,
                "paths": [
                    "/projects/",
                    f"/projects/{consultation.project_id}/",
                    f"/projects/consultations/{consultation.pk}/",
                    f"/insights/{organisation.pk}/",
                    "/people/",
                ],
            }
        )
    assert settings.SESSION_COOKIE_NAME == SESSION_COOKIE, settings.SESSION_COOKIE_NAME
    people = {"survivors": survivors, "staff": staff}
    for group in people.values():
        for person in group:
            client = Client()
            client.force_login(person.pop("user"))
            person["cookie"] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return people


# The run -------------------------------------------------------------------------------------


def lua_table(people: list[dict[str, Any]]) -> str:
    rows = []
    for person in people:
        paths = ", ".join(f'"{path}"' for path in person["paths"])
        rows.append(f'{{cookie = "{person["cookie"]}", paths = {{{paths}}}}}')
    return "{\n" + ",\n".join(rows) + "\n}"


def parse_result(output: str) -> dict[str, int]:
    """The RESULT line the Lua script's done() prints: counts, and latencies in microseconds."""
    line = re.search(r"^RESULT (.+)$", output, re.MULTILINE)
    if line is None:
        raise ValueError(f"no RESULT line in wrk's output:\n{output}")
    return {key: int(value) for key, value in (pair.split("=") for pair in line.group(1).split())}


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(pct / 100 * len(ordered))) - 1)]


def access_times(log: str, since: float = 0.0) -> dict[str, list[float]]:
    """Milliseconds inside Django by route, from Seat's JSON access lines (logger seat.access)
    in the server's output, counting lines stamped at or after ``since`` (Unix time)."""
    times: dict[str, list[float]] = {}
    for line in log.splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") != "seat.access":
            continue
        if since and datetime.fromisoformat(record["time"]).timestamp() < since:
            continue
        times.setdefault(record["route"], []).append(float(record["duration_ms"]))
    return times


def memory_mb(server: int) -> tuple[float, int]:
    """Resident memory of the server and its workers added up (MB), and how many processes."""
    total = 0
    processes = server_processes(server)
    for pid in processes:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total / 1024, len(processes)


def environment(folder: Path, args: argparse.Namespace) -> dict[str, str]:
    """A production deployment's settings (deploy/seat.env.example) with fresh keys."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SEAT_")}
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    static = Path(tempfile.gettempdir()) / f"seat-bench-static-{checkout}"
    return {
        **base,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        "DJANGO_SETTINGS_MODULE": "seat.settings",
        "SEAT_ENV": "production",
        "SEAT_SECRET_KEY": secrets.token_urlsafe(50),
        "SEAT_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "SEAT_ALLOWED_HOSTS": "127.0.0.1",
        "SEAT_BASE_URL": "https://127.0.0.1",
        "SEAT_TRUSTED_PROXIES": "127.0.0.1",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": args.redis_url,
        "SEAT_DATA_DIR": str(folder / "data"),
        "SEAT_METRICS_DIR": str(folder / "metrics"),
        # Kept between runs: the first start compresses every static file once.
        "SEAT_STATIC_ROOT": str(static),
    }


def wait_ready(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(1200):
        try:
            if get(port, "/healthz") == 200:
                return
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit(f"the server stopped:\n{log.read_text()[-4000:]}")
        time.sleep(0.25)
    sys.exit(f"the server did not answer in 5 minutes:\n{log.read_text()[-4000:]}")


def check_pages(port: int, people: dict[str, list[dict[str, Any]]]) -> None:
    """Every page of every person must be hers to see, signed in: not a redirect to the login
    or the second factor, not a 404."""
    import http.client

    for group, persons in people.items():
        for person in persons:
            for path in person["paths"]:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                headers = {
                    "Cookie": f"{SESSION_COOKIE}={person['cookie']}",
                    "X-Forwarded-Proto": "https",
                }
                connection.request("GET", path, headers=headers)
                status = connection.getresponse().status
                connection.close()
                if status != 200:
                    sys.exit(f"{group}: {path} answered {status}, not 200")


def wrk_command(
    group: str, people: list[dict[str, Any]], seconds: int, folder: Path, think: float, port: int
) -> list[str]:
    script = folder / f"{group}.lua"
    low, high = round(think * 500), round(think * 1500)
    lua = LUA % {
        "people": lua_table(people),
        "think_low": low,
        "think_high": high,
        "session_cookie": SESSION_COOKIE,
    }
    script.write_text(lua, encoding="utf-8")
    n = len(people)
    # A page may take long under load: only gunicorn's own 30 s limit is a timeout.
    return [
        *("wrk", f"-t{n}", f"-c{n}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script)),
        f"http://127.0.0.1:{port}",
    ]


def run_groups(
    groups: dict[str, list[dict[str, Any]]],
    seconds: int,
    folder: Path,
    args: argparse.Namespace,
    port: int,
    server: int,
    samples: list[tuple[float, float, int, float]] | None = None,
) -> tuple[dict[str, dict[str, int]], float]:
    """All groups' wrk at once for ``seconds``; the server's memory every --sample seconds.
    Also the CPU seconds the server's processes had meanwhile."""
    running = {
        group: subprocess.Popen(
            wrk_command(group, people, seconds, folder, args.think, port),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for group, people in groups.items()
    }
    started = time.monotonic()
    cpu = cpu_seconds(server)
    next_sample = 0.0
    while any(p.poll() is None for p in running.values()):
        elapsed = time.monotonic() - started
        if samples is not None and elapsed >= next_sample:
            rss, processes = memory_mb(server)
            samples.append((elapsed, rss, processes, os.getloadavg()[0]))
            next_sample += args.sample
        time.sleep(0.5)
    if samples is not None:
        rss, processes = memory_mb(server)
        samples.append((time.monotonic() - started, rss, processes, os.getloadavg()[0]))
    cpu = cpu_seconds(server) - cpu
    results = {}
    for group, process in running.items():
        output = process.stdout.read() if process.stdout else ""
        if process.returncode != 0:
            sys.exit(f"wrk for {group} failed:\n{output}")
        results[group] = parse_result(output)
    return results, cpu


def report(
    results: dict[str, dict[str, int]],
    groups: dict[str, list[dict[str, Any]]],
    pages: dict[str, list[float]],
    samples: list[tuple[float, float, int, float]],
    cpu: float,
    args: argparse.Namespace,
) -> None:
    print(
        f"\n{args.duration} s; {len(groups['survivors'])} survivors, {len(groups['staff'])} staff, "
        f"{len(groups['baseline'])} baseline connections, a page every {args.think * 0.5:g}-"
        f"{args.think * 1.5:g} s each; `seat serve` (production settings, PostgreSQL, Redis)\n"
    )
    print(
        "| group | pages | pages/s | p50 ms | p95 ms | p99 ms | slowest ms | HTTP errors "
        "| redirects | socket errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    names = {"survivors": "survivors", "staff": "staff", "baseline": "`/healthz` (baseline)"}
    for group, r in results.items():
        sockets = r["connect"] + r["read"] + r["write"] + r["timeout"]
        cells = [
            names[group],
            f"{r['requests']:,}",
            f"{r['requests'] / args.duration:.1f}",
            *(f"{r[key] / 1000:,.0f}" for key in ("p50_us", "p95_us", "p99_us", "max_us")),
            str(r["http_errors"]),
            str(r["redirects"]),
            str(sockets),
        ]
        print("| " + " | ".join(cells) + " |")
    # What the server cost, which other work on the machine hardly moves, and what it got.
    pages_served = sum(r["requests"] for r in results.values())
    print(
        f"\nThe server's processes used {cpu:,.0f} s of CPU: {1000 * cpu / pages_served:.1f} ms "
        f"a page on average, {100 * cpu / args.duration / (os.cpu_count() or 1):.0f} % of the "
        f"machine's {os.cpu_count()} cores.\n"
    )
    print("Time inside Django by page (Seat's access log; without waiting for a free thread):\n")
    print("| page | pages | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for route, times in sorted(pages.items(), key=lambda item: -percentile(item[1], 95)):
        cells = [f"`{route}`", f"{len(times):,}"]
        cells += [f"{percentile(times, pct):,.0f}" for pct in (50, 95, 99)]
        print("| " + " | ".join(cells) + " |")
    print("\nServer memory (gunicorn's master and workers, RSS added up) and load:\n")
    print("| second | RSS MB | processes | 1-minute load average |")
    print("|---|---|---|---|")
    for elapsed, rss, processes, load in samples:
        print(f"| {elapsed:.0f} | {rss:,.0f} | {processes} | {load:.1f} |")


def measure(folder: Path, args: argparse.Namespace) -> None:
    """Prepare, serve, load, report; the server's log and the wrk scripts in ``folder``."""
    env = environment(folder, args)
    prepared = subprocess.run(
        [sys.executable, __file__, "--prepare", "--seed", str(args.seed)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if prepared.returncode != 0:
        sys.exit(prepared.stderr or prepared.stdout)
    people = json.loads(prepared.stdout.splitlines()[-1])
    groups = {
        "survivors": people["survivors"][: args.survivors],
        "staff": people["staff"][: args.staff],
        "baseline": [{"cookie": "", "paths": ["/healthz"]}] * args.baseline,
    }
    port = free_port()
    log = folder / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "seat.cli", "serve", "--port", str(port)]
            + (["--workers", str(args.workers)] if args.workers else [])
            + (["--threads", str(args.threads)] if args.threads else []),
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_ready(port, server, log)
        check_pages(port, {k: v for k, v in groups.items() if k != "baseline"})
        run_groups(groups, WARM_UP_SECONDS, folder, args, port, server.pid)
        since = time.time()
        samples: list[tuple[float, float, int, float]] = []
        results, cpu = run_groups(groups, args.duration, folder, args, port, server.pid, samples)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    pages = access_times(log.read_text(errors="replace"), since)
    report(results, groups, pages, samples, cpu, args)
    if not pages:
        print("(no access lines in the server's log: is SEAT_ACCESS_LOG off?)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds (default 600)")
    parser.add_argument("--survivors", type=int, default=50)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--baseline", type=int, default=5, help="connections to /healthz")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between pages")
    parser.add_argument("--sample", type=int, default=30, help="seconds between memory samples")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument(
        "--workers", type=int, help="server processes (default: seat serve's, two per core)"
    )
    parser.add_argument("--threads", type=int, help="threads a process (default: seat serve's)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.seed)))
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database `seat generate` filled:\n" + GENERATE)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    # gunicorn closes a kept-alive connection idle for 5 s; wrk would count that as an error.
    if args.think * 1.5 >= 5:
        sys.exit("--think must stay under 3.3 s: gunicorn closes connections idle for 5 s")
    if args.survivors > ORGANISATIONS * SURVIVORS_PER_ORGANISATION or args.staff > ORGANISATIONS:
        sys.exit(
            f"at most {ORGANISATIONS * SURVIVORS_PER_ORGANISATION} survivors and "
            f"{ORGANISATIONS} staff"
        )

    folder = Path(tempfile.mkdtemp(prefix="seat-production-load-"))
    try:
        measure(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
