"""The OpenAPI document tells the truth: `schemathesis run --checks all` against a live Seat,
as a person with data (memberships, an expert profile, messages, an assessment round), finds
nothing. Any failure here means the document and the API disagree: fix whichever is wrong."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from seat.api.services import api_token_create
from seat.tests.personas import make_advisor

# Examples per operation and phase; the whole run stays at a few hundred requests.
MAX_EXAMPLES = 25
# The consultation check refuses, with the same field-level 422 as a schema error, what JSON
# Schema cannot say: a last day before the invitation or in the past, dates outside Seat's
# window, an amount above its currency's cap or finer than its minor unit. Its 422 answer says
# so; schemathesis otherwise expects every body the schema allows to be accepted.
CONFIG = """
[[operations]]
include-path = "/api/v1/consultations/check"
checks.positive_data_acceptance.expected-statuses = ["2xx", "422", "429"]

# A statement's period: both days or neither, the last not before the first, at most 366 days
# (the same form as her earnings page); JSON Schema cannot say how two parameters relate.
[[operations]]
include-path = "/api/v1/me/statement"
checks.positive_data_acceptance.expected-statuses = ["2xx", "422", "429"]

# An organisation's insights: the period's end not before its start, neither before 2000; and
# a random organisation, project or consultation id is not the caller's (404).
[[operations]]
include-path-regex = "/api/v1/organisations/.*/insights"
checks.positive_data_acceptance.expected-statuses = ["2xx", "404", "422", "429"]
"""


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_nothing(live_server, world, settings, tmp_path):
    from seat.assessment.services import round_open

    # A survivor expert who also advises organisation A: every part of /me has something in it.
    make_advisor(world.expert.user, world.org_a)
    round_open(actor=world.staff_a, organisation=world.org_a, title="Baseline")
    _token, shown = api_token_create(actor=world.expert.user, name="schemathesis")
    # The run sends a few hundred requests a minute; the limit itself is tested elsewhere.
    settings.SEAT_API_REQUESTS_PER_MINUTE = 100_000
    settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = 100_000
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from schemathesis.cli import schemathesis; schemathesis()",
            "--config-file",
            str(config),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--header",
            f"Authorization: Bearer {shown}",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--workers",
            "1",
            "--seed",
            "8",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    print(result.stdout[-6000:], f"\n{time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-4000:]
