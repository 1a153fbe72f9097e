"""Seat's expert home against a bare Django page, under the same production server and load.

    uv run python bench/server.py [--duration 10] [--connections 16] [--rounds 1]
        [--databases sqlite,postgresql] [--postgres-url postgresql://postgres@127.0.0.1:5432]
        [--workers N] [--threads N] [--worker-class gthread|sync] [--before CHECKOUT]

Needs wrk (apt-get install wrk; .ci/run does not install it, this is not a test) and, for the
PostgreSQL run, a server at --postgres-url whose user may create databases. In one run it:

1. builds the demo data in a fresh SQLite file and in a fresh PostgreSQL database
   (seat_bench_<pid>, dropped at the end), and signs the demo expert in once per connection
   (each connection has a session of its own, as bench/logged_in_load.py does);
2. serves, one after the other, bench/hello.py (bare Django: no middleware, no database, one
   view returning a short text) and Seat on each database, all with the server and settings of
   `seat serve` (seat/core/server.py: gunicorn, two processes per core, 2 threads each, the
   private access log), unless --workers/--threads/--worker-class say otherwise;
3. drives each with the same wrk command (2 threads, --connections connections, --duration
   seconds, after a 2 s warm-up): "/" for bare Django, the signed-in expert's home "/me/" for
   Seat, each request taking the next session in turn;
4. prints requests per second, p50 and p99 latency, the share of non-2xx answers, the CPU time
   the server's processes spent per request (which other work on the machine hardly moves,
   unlike the others), and Seat's throughput as a fraction of bare Django's.

wrk runs on the same cores as the servers and other work on the machine moves every figure:
compare figures within one run (the last column is the 1-minute load average at the end of each
run), not across machines. With --rounds N the servers take turns N times and medians are shown.
--before CHECKOUT also serves Seat from another checkout of the same dependencies (say
`git worktree add /tmp/before HEAD~1`) on the same databases, taking turns with this one, so a
change is measured before and after under the same load.
This is a benchmark, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Each request takes the next signed-in session in turn.
SESSIONS_LUA = """
cookies = {%s}
function init(args) i = 0 end
function request()
  i = i %% #cookies + 1
  return wrk.format("GET", "/me/", {["Cookie"] = "sessionid=" .. cookies[i]})
end
"""


def demo_session_keys(sessions: int) -> list[str]:
    """Migrate, load the demo and sign the demo expert in ``sessions`` times; the session keys.
    Settings follow the environment (SEAT_DATA_DIR, DATABASE_URL); bench/logged_in_load.py
    uses it too."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from seat.accounts.models import User
    from seat.demo.data import demo_load

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    demo_load()
    expert = User.objects.get(username="demo-expert")
    keys = []
    for _ in range(sessions):
        client = Client()
        client.force_login(expert)
        keys.append(client.cookies["sessionid"].value)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return keys


def prepare(sessions: int) -> None:
    """In a process of its own (its settings follow the environment): print the session keys
    of ``sessions`` sign-ins of the demo expert as JSON."""
    print(json.dumps(demo_session_keys(sessions)))


def serve(app: str, port: int, workers: int | None, threads: int | None, kind: str) -> None:
    """Serve ``app`` ("hello" or "seat") with `seat serve`'s server settings."""
    sys.path[:0] = [str(ROOT), str(BENCH)]
    from seat.core.server import Server, options

    config = options(host="127.0.0.1", port=port, workers=workers, threads=threads)
    config["worker_class"] = kind

    def load():  # type: ignore[no-untyped-def]
        if app == "hello":
            import hello

            return hello.application
        from seat.core.server import seat_application

        return seat_application()

    Server(load, config).run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str, cookie: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    status = connection.getresponse().status
    connection.close()
    return status


def server_processes(server: int) -> dict[int, list[str]]:
    """The fields of /proc/PID/stat after the command name (state, ppid, ...) of the server
    ``server`` and of its workers (its children), by process id; bench/production_load.py
    reads their memory with it."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == server or int(fields[1]) == server:
            found[int(stat.parent.name)] = fields
    return found


def cpu_seconds(server: int) -> float:
    """CPU time (user + system) used so far by the server's processes: its workers are its
    children. Unlike throughput, it hardly moves with other work on the machine."""
    # utime and stime are fields 14 and 15 of stat: 12th and 13th after the command name.
    ticks = sum(int(f[11]) + int(f[12]) for f in server_processes(server).values())
    return ticks / os.sysconf("SC_CLK_TCK")


def ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse(output: str) -> dict[str, float]:
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert found and total, output
    figures = {"req/s": float(found.group(1))}
    for pct in ("50", "99"):
        figures[f"p{pct} ms"] = ms(re.search(rf"\s{pct}%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    figures["non-2xx %"] = 100 * int(errors.group(1)) / int(total.group(1)) if errors else 0.0
    return figures


def measure(
    target: str, env: dict[str, str], keys: list[str], args: argparse.Namespace
) -> dict[str, float]:
    app = "hello" if target == "bare Django" else "seat"
    port = free_port()
    checkout = Path(args.before) if target.endswith("(before)") else ROOT
    launcher = checkout / "bench" / "server.py"
    command = [sys.executable, str(launcher), "--serve", app, "--port", str(port)]
    command += ["--worker-class", args.worker_class]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(
        command, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    folder = Path(tempfile.mkdtemp(prefix="seat-bench-wrk-"))
    try:
        ready = "/" if app == "hello" else "/healthz"
        for _ in range(600):
            try:
                if get(port, ready) == 200:
                    break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"{target}: the server stopped:\n{server.stderr.read()}")  # type: ignore[union-attr]
                time.sleep(0.1)
        wrk = ["wrk", "-t2", f"-c{args.connections}", "--latency"]
        url = f"http://127.0.0.1:{port}/"
        if app == "seat":
            # The load must be her signed-in page, not redirects to the login page.
            assert get(port, "/me/", f"sessionid={keys[0]}") == 200, "not signed in"
            script = folder / "sessions.lua"
            script.write_text(SESSIONS_LUA % ", ".join(f'"{k}"' for k in keys), encoding="utf-8")
            wrk += ["-s", str(script)]
        subprocess.run([*wrk, "-d2s", url], check=True, capture_output=True)  # warm-up
        cpu = cpu_seconds(server.pid)
        output = subprocess.run(
            [*wrk, f"-d{args.duration}s", url], check=True, capture_output=True, text=True
        ).stdout
        cpu = cpu_seconds(server.pid) - cpu
        load = os.getloadavg()[0]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
    figures = parse(output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return {**figures, "CPU ms/req": 1000 * cpu / requests, "load": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--workers", type=int, help="default: as `seat serve` (two per core)")
    parser.add_argument("--threads", type=int, help="default: as `seat serve` (4)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--before", help="another checkout of Seat to compare with this one")
    parser.add_argument("--serve", choices=["hello", "seat"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.connections)
    if args.serve:
        return serve(args.serve, args.port, args.workers, args.threads, args.worker_class)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    base = {
        k: v for k, v in os.environ.items() if not k.startswith("SEAT_") and k != "DATABASE_URL"
    }
    folder = Path(tempfile.mkdtemp(prefix="seat-bench-server-"))
    targets: dict[str, tuple[dict[str, str], list[str]]] = {
        "bare Django": ({**base, "PYTHONPATH": str(BENCH)}, []),
    }
    database = f"seat_bench_{os.getpid()}"
    databases = args.databases.split(",")
    try:
        for name in databases:
            env = {**base, "SEAT_ENV": "demo", "DJANGO_SETTINGS_MODULE": "seat.settings"}
            env["SEAT_DATA_DIR"] = str(folder / name)
            if name == "postgresql":
                postgres(args.postgres_url, f"CREATE DATABASE {database}")
                env["DATABASE_URL"] = f"{args.postgres_url}/{database}"
            keys = json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--prepare", "--connections", str(args.connections)],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.splitlines()[-1]
            )
            targets[f"Seat /me/, {name}"] = (env, keys)
            if args.before:
                targets[f"Seat /me/, {name} (before)"] = (env, keys)
        results: dict[str, list[dict[str, float]]] = {target: [] for target in targets}
        for _ in range(args.rounds):
            for target, (env, keys) in targets.items():
                results[target].append(measure(target, env, keys, args))
    finally:
        if "postgresql" in databases:
            postgres(args.postgres_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)
    report(results, args)


def postgres(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]  # fixed statements only


def report(results: dict[str, list[dict[str, float]]], args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from seat.core.server import THREADS_PER_WORKER, default_workers

    workers = args.workers or default_workers()
    threads = 1 if args.worker_class == "sync" else args.threads or THREADS_PER_WORKER
    print(
        f"gunicorn {args.worker_class}, {workers} processes x {threads} threads; wrk 2 threads, "
        f"{args.connections} connections, {args.duration} s per run, {args.rounds} round(s)"
        + (" (medians)" if args.rounds > 1 else "")
    )
    medians = {
        target: {column: statistics.median(run[column] for run in runs) for column in runs[0]}
        for target, runs in results.items()
    }
    bare = medians["bare Django"]["req/s"]
    columns = list(next(iter(medians.values())))
    print(f"{'':<37}" + "".join(f"{c:>11}" for c in columns) + f"{'of bare':>11}")
    for target, figures in medians.items():
        share = f"{100 * figures['req/s'] / bare:.1f} %"
        print(f"{target:<37}" + "".join(f"{figures[c]:>11.1f}" for c in columns) + f"{share:>11}")


if __name__ == "__main__":
    main()
