"""Signed-in experts under load on the embedded SQLite database, before and after its tuning.

    uv run python bench/logged_in_load.py [--duration 10] [--connections 16] [--rounds 2]

Needs wrk (apt-get install wrk); gunicorn comes through `uv run --with gunicorn`. It builds the
demo database in a temporary folder, signs in one session per connection (the demo expert, each
with a session of her own) and serves Seat with gunicorn (2 processes x 8 threads, as many
threads as connections). wrk then asks for the expert's home page (/me/), each request taking the
next session in turn, first with the settings before the tuning (bench/settings_before.py:
rollback journal, the session row rewritten on every request), then with Seat's settings (WAL,
synchronous=NORMAL, a 5 s busy timeout, the session row written at most once a minute). Each run
starts from a fresh copy of the same database; rounds alternate before and after. "writes %" is
the share of page views that rewrote their session row (counted by wrk from the responses that
set the session cookie again). wrk shares the machine's cores with the server:
compare before and after within one run, not figures from different machines. The last column
is the machine's 1-minute load average at the end of each run (2 cores here: above 2, other work
shares the CPU with the benchmark).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS = 2, 8
# Each request takes the next session in turn. A response that sets the session cookie again
# is one whose session row was written (Django sends the session cookie after the CSRF one).
LUA = """
cookies = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = 0; writes = 0 end
function request()
  i = i %% #cookies + 1
  return wrk.format("GET", "/me/", {["Cookie"] = "sessionid=" .. cookies[i]})
end
function response(status, headers, body)
  local cookie = headers["Set-Cookie"]
  if cookie and string.find(cookie, "sessionid=", 1, true) then writes = writes + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("writes") end
  io.write(string.format("Session writes: %%d of %%d\\n", total, summary.requests))
end
"""


def prepare(folder: Path, sessions: int) -> list[str]:
    """Build the demo database in ``folder`` and return ``sessions`` session keys."""
    os.environ["SEAT_DATA_DIR"] = str(folder)
    os.environ["SEAT_ENV"] = "demo"
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "seat.settings"
    from django.db import connection
    from server import demo_session_keys  # bench/ is on the path: this script's folder

    keys = demo_session_keys(sessions)
    connection.close()
    return keys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(
    mode: str, source: Path, keys: list[str], duration: int, connections: int
) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix=f"seat-load-{mode}-"))
    for name in ("secret-key", "encryption-key", "seat.sqlite3"):
        shutil.copy(source / name, folder / name)
    db = sqlite3.connect(folder / "seat.sqlite3")
    db.execute("PRAGMA journal_mode=DELETE" if mode == "before" else "PRAGMA journal_mode=WAL")
    db.close()
    port = free_port()
    env = {
        **os.environ,
        "SEAT_DATA_DIR": str(folder),
        "SEAT_ENV": "demo",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        "DJANGO_SETTINGS_MODULE": "settings_before" if mode == "before" else "seat.settings",
    }
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            *("uv", "run", "--quiet", "--with", "gunicorn", "gunicorn", "seat.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
            *("--worker-class", "gthread", "--threads", str(THREADS), "--no-control-socket"),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
        # The load must be signed-in pages, not redirects to the login page.
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        probe.request("GET", "/me/", headers={"Cookie": f"sessionid={keys[0]}"})
        assert probe.getresponse().status == 200, "the sessions are not signed in"
        probe.close()
        script = folder / "sessions.lua"
        script.write_text(LUA % ", ".join(f'"{k}"' for k in keys), encoding="utf-8")
        wrk = ["wrk", "-t2", f"-c{connections}", "--latency", "-s", str(script)]
        # Warm up: load code and templates in every thread, write each session once.
        subprocess.run([*wrk, "-d2s", url], check=True, capture_output=True)
        output = subprocess.run(
            [*wrk, f"-d{duration}s", url], check=True, capture_output=True, text=True
        ).stdout
        # Other work on the machine moves the figures: print the load beside them.
        load = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return {**parse(output), "load": load}


def parse(output: str) -> dict[str, float]:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    figures = {"pages/s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        figures[f"p{pct} ms"] = ms(re.search(rf"\s{pct}%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non-2xx"] = float(errors.group(1)) if errors else 0.0
    writes = re.search(r"Session writes: (\d+) of (\d+)", output)
    figures["writes %"] = 100 * int(writes.group(1)) / int(writes.group(2))  # type: ignore[union-attr]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="before/after pairs, alternated")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    source = Path(tempfile.mkdtemp(prefix="seat-load-"))
    keys = prepare(source, args.connections)
    results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        for mode in ("before", "after"):
            results[mode].append(run(mode, source, keys, args.duration, args.connections))
    shutil.rmtree(source, ignore_errors=True)
    print(
        f"{args.connections} connections, {args.connections} signed-in sessions, GET /me/, "
        f"gunicorn {WORKERS} x {THREADS} threads, {args.duration} s per run"
    )
    columns = list(results["before"][0])
    print(f"{'':<11}" + "".join(f"{c:>10}" for c in columns))
    rows = [(f"{mode} {n + 1}", results[mode][n]) for n in range(args.rounds) for mode in results]
    for mode, runs in results.items():
        rows.append((f"{mode} median", {c: statistics.median(r[c] for r in runs) for c in columns}))
    for label, figures in rows:
        print(f"{label:<11}" + "".join(f"{figures[c]:>10.1f}" for c in columns))


if __name__ == "__main__":
    main()
