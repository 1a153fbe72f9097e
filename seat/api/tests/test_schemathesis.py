"""The OpenAPI document tells the truth: `schemathesis run --checks all` against a live Seat finds
nothing, as each kind of caller: a survivor expert with data (memberships, an expert profile,
messages, an assessment round), organisation A's staff, finance and admin, organisation B's
staff, and nobody (no token). Each run ends with the stateful phase (chains of calls along the
links schemathesis infers from the document), and no answer to one organisation's people, or to
nobody, carries the other organisation's data. Any failure here means the document and the API
disagree, or one organisation's data reached another: fix whichever is wrong."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from seat.api.services import api_token_create
from seat.tests.personas import make_advisor

# Examples per operation and phase. The expert's run has every phase, with the coverage phase's
# boundary values (the request shapes are the same for everyone); each other caller's run is
# shorter, fuzzing and stateful only, so all six add a few minutes on two cores.
MAX_EXAMPLES = 25
MAX_EXAMPLES_PER_OTHER_CALLER = 6
# The consultation check refuses, with the same field-level 422 as a schema error, what JSON
# Schema cannot say: a last day before the invitation or in the past, dates outside Seat's
# window, an amount above its currency's cap or finer than its minor unit. Its 422 answer says
# so; schemathesis otherwise expects every body the schema allows to be accepted. Each list
# keeps schemathesis' default 401 and 403: a caller without a login, or without the role (staff
# have no statement of earnings), is refused whatever the data.
CONFIG = """
[[operations]]
include-path = "/api/v1/consultations/check"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "422", "429"]

# A statement's period: both days or neither, the last not before the first, at most 366 days
# (the same form as her earnings page); JSON Schema cannot say how two parameters relate.
[[operations]]
include-path = "/api/v1/me/statement"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "422", "429"]

# An organisation's insights: the period's end not before its start, neither before 2000; and
# a random organisation, project or consultation id is not the caller's (404).
[[operations]]
include-path-regex = "/api/v1/organisations/.*/insights"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422", "429"]

# A translation's language must be one the consultation offers (its own data, 422 otherwise),
# and a random consultation id is not the caller's (404).
[[operations]]
include-path-regex = "/api/v1/consultations/.*/translations/.*"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
"""

# Text that exists only in one organisation's records (assessment round and consultation titles,
# contribution text, a legal name): an answer to anybody outside it that contains one is a leak.
MARK_A = "Marker A q81zx"
MARK_B = "Marker B q81zx"
ONLY_A = (MARK_A, "Tahmina Secret Name", "Explain the fees agents may legally charge")
ONLY_B = (MARK_B, "B's consultation", "B's private input")


@dataclass(frozen=True)
class Caller:
    name: str
    user: str | None  # the World attribute, None for nobody
    not_theirs: tuple[str, ...]
    # Whether its runs must follow a link (the first call answered): nobody's calls are all 401.
    follows_links: bool = True


CALLERS = [
    Caller("expert", "expert", ONLY_B),
    Caller("staff of A", "staff_a", ONLY_B),
    Caller("finance of A", "finance_a", ONLY_B),
    Caller("admin of A", "admin_a", ONLY_B),
    Caller("staff of B", "staff_b", ONLY_A),
    Caller("nobody", None, ONLY_A + ONLY_B, follows_links=False),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("caller", CALLERS, ids=[c.name for c in CALLERS])
def test_schemathesis_finds_nothing(live_server, world, settings, tmp_path, caller):
    from seat.assessment.services import round_open
    from seat.tests.personas import make_consultation

    # A survivor expert who also advises organisation A: every part of /me has something in it.
    make_advisor(world.expert.user, world.org_a)
    round_open(actor=world.staff_a, organisation=world.org_a, title=f"Baseline {MARK_A}")
    round_open(actor=world.staff_b, organisation=world.org_b, title=f"Baseline {MARK_B}")
    marked_a = make_consultation(world.staff_a, world.project, title=MARK_A)
    make_consultation(world.staff_b, world.project_b, title=MARK_B)
    # The run sends a few hundred requests a minute; the limit itself is tested elsewhere.
    settings.SEAT_API_REQUESTS_PER_MINUTE = 100_000
    settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = 100_000
    config = tmp_path / "schemathesis.toml"
    # Organisation A's real identifiers, so calls reach its records: A's people see them, the
    # others must get 404 and nothing of A.
    config.write_text(
        f'[parameters]\norganisation_id = "{world.org_a.pk}"\n'
        f'consultation_id = "{marked_a.pk}"\n' + CONFIG,
        encoding="utf-8",
    )
    har = tmp_path / "run.har"
    command = [
        sys.executable,
        "-c",
        "from schemathesis.cli import schemathesis; schemathesis()",
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks",
        "all",
        # "all" includes a 10-second response-time check, which a loaded two-core CI machine
        # once tripped (12.6 s for one answer). Speed is measured by the benchmarks in bench/,
        # not by timed tests; this limit only catches a request that hangs.
        "--max-response-time",
        "120",
        "--workers",
        "1",
        "--seed",
        "8",
        "--no-color",
        "--report",
        "har",
        "--report-har-path",
        str(har),
    ]
    if caller.user is not None:
        user = getattr(world, caller.user)
        user = getattr(user, "user", user)  # the expert is a profile
        _token, shown = api_token_create(actor=user, name="schemathesis")
        command += ["--header", f"Authorization: Bearer {shown}"]
    if caller.name == "expert":
        command += ["--max-examples", str(MAX_EXAMPLES)]
    else:
        command += ["--max-examples", str(MAX_EXAMPLES_PER_OTHER_CALLER)]
        command += ["--phases", "fuzzing,stateful"]
    started = time.monotonic()
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False
    )
    print(result.stdout[-3000:], f"\n{caller.name}: {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-4000:]

    # The stateful phase ran: scenarios along inferred links, and (for a caller whose calls are
    # answered) at least one link followed.
    assert re.search(r"Stateful \(in [\d.]+s\)", result.stdout), result.stdout[-4000:]
    links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected", result.stdout)
    assert links is not None and int(links.group(2)) >= 1, result.stdout[-4000:]
    if caller.follows_links:
        assert int(links.group(1)) >= 1, result.stdout[-4000:]

    answers = [
        entry["response"]["content"].get("text") or ""
        for entry in json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    ]
    assert len(answers) > 50
    for marker in caller.not_theirs:
        leaked = [text[:300] for text in answers if marker in text]
        assert not leaked, (caller.name, marker, leaked[:3])
    if caller.user == "staff_a":
        # The scan can see: A's own staff read A's assessment round and A's contribution.
        assert all(any(marker in text for text in answers) for marker in ONLY_A[:1] + ONLY_A[2:])
