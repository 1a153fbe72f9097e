"""bench/production_load.py reads wrk's output and Seat's access log right (the benchmark itself
is run by hand: README, "Survivors and staff at once on a million contributions")."""

from __future__ import annotations

import json
import sys

import pytest

from seat.tests.processes import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import production_load  # noqa: E402 - bench/ is not a package

# What wrk printed for the survivors in a 60 s run: its own report, then the script's line.
WRK_OUTPUT = """Running 1m test @ http://127.0.0.1:40345
  50 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   305.12ms  367.40ms   2.53s    85.61%
    Req/Sec     0.89      1.47     9.00     89.02%
  1279 requests in 1.00m, 9.61MB read
Requests/sec:     21.30
Transfer/sec:    163.84KB
RESULT requests=1279 p50_us=181034 p95_us=1002411 p99_us=1876002 max_us=2529381 redirects=2 \
http_errors=1 connect=0 read=3 write=0 timeout=4
"""


def test_the_scripts_line_gives_counts_and_percentiles():
    result = production_load.parse_result(WRK_OUTPUT)
    assert result == {
        "requests": 1279,
        "p50_us": 181034,
        "p95_us": 1002411,
        "p99_us": 1876002,
        "max_us": 2529381,
        "redirects": 2,
        "http_errors": 1,
        "connect": 0,
        "read": 3,
        "write": 0,
        "timeout": 4,
    }


def test_output_without_the_scripts_line_is_refused_not_read_as_zero():
    with pytest.raises(ValueError, match="no RESULT line"):
        production_load.parse_result(WRK_OUTPUT.split("RESULT")[0])


def access(time: str, route: str, ms: float, logger: str = "seat.access") -> str:
    line = {"time": time, "level": "INFO", "logger": logger, "route": route, "duration_ms": ms}
    return json.dumps(line)


def test_access_lines_give_each_pages_times_from_the_start_of_the_run():
    log = "\n".join(
        [
            "[2026-12-03 03:41:00 +0000] [7] [INFO] Starting gunicorn 23.0.0",
            access("2026-12-03T03:41:01.000+00:00", "/me/", 900.0),  # the warm-up
            access("2026-12-03T03:41:12.000+00:00", "/me/", 40.5),
            access("2026-12-03T03:41:12.500+00:00", "/me/", 60.0),
            access("2026-12-03T03:41:13.000+00:00", "/healthz", 2.0),
            access("2026-12-03T03:41:13.000+00:00", "/me/", 5.0, logger="django.request"),
            '{"broken": ',
        ]
    )
    start = production_load.datetime.fromisoformat("2026-12-03T03:41:10+00:00").timestamp()
    assert production_load.access_times(log, since=start) == {
        "/me/": [40.5, 60.0],
        "/healthz": [2.0],
    }


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert production_load.percentile(values, 50) == 50.0
    assert production_load.percentile(values, 95) == 95.0
    assert production_load.percentile(values, 99) == 99.0
    assert production_load.percentile([7.0], 95) == 7.0
    assert production_load.percentile([3.0, 1.0, 2.0], 100) == 3.0


def test_each_person_gets_her_own_session_and_pages_in_the_wrk_script():
    people = [
        {"cookie": "abc", "paths": ["/me/", "/me/input/"]},
        {"cookie": "", "paths": ["/healthz"]},
    ]
    script = production_load.LUA % {
        "people": production_load.lua_table(people),
        "think_low": 1000,
        "think_high": 3000,
        "session_cookie": production_load.SESSION_COOKIE,
    }
    assert '{cookie = "abc", paths = {"/me/", "/me/input/"}}' in script
    # Production's session cookie is __Host- prefixed: the script must send that name.
    assert 'headers["Cookie"] = "__Host-seat-session=" .. me.cookie' in script
    assert '{cookie = "", paths = {"/healthz"}}' in script
    assert "math.random(1000, 3000)" in script
    assert "latency:percentile(95)" in script and "%%" not in script
