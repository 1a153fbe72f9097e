"""Survivor advisors' answers leave Seat only together (docs/PRIVACY.md, "only together"):
averages of at least SEAT_MIN_GROUP_SIZE advisors, once the round is completed, on the page, in
the PDF, the CSV and the API alike."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from seat.assessment import services
from seat.assessment.models import Indicator
from seat.assessment.report import pdf_available
from seat.tests.personas import make_advisor, make_expert

NOTE = "Only I was asked about the hotline wording"


@pytest.fixture
def lone_advisor(world):
    """One survivor advisor rated the first indicator 1 with a note; staff rated it 4."""
    advisor = world.expert.user
    make_advisor(advisor, world.org_a)
    assessment_round = services.round_open(
        actor=world.staff_a, organisation=world.org_a, title="Baseline"
    )
    indicator = Indicator.objects.filter(domain__framework=assessment_round.framework).first()
    services.ratings_save(
        actor=world.staff_a, assessment_round=assessment_round, answers={indicator.key: (4, "")}
    )
    services.ratings_save(
        actor=advisor, assessment_round=assessment_round, answers={indicator.key: (1, NOTE)}
    )
    return world, assessment_round, indicator


def surfaces(client, assessment_round) -> dict[str, str]:
    base = f"/assessment/rounds/{assessment_round.pk}"
    return {
        "page": client.get(f"{base}/results/").content.decode(),
        "csv": client.get(f"{base}/ratings.csv").content.decode(),
        "api": client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").content.decode(),
    }


def add_advisors(world, assessment_round, indicator, levels):
    for n, level in enumerate(levels):
        user = make_expert(f"advisor-{n}", f"Advisor {n}").user
        make_advisor(user, world.org_a)
        services.ratings_save(
            actor=user, assessment_round=assessment_round, answers={indicator.key: (level, "")}
        )


@pytest.mark.django_db
@pytest.mark.parametrize("completed", [False, True])
def test_a_single_advisors_answers_never_leave_seat(client, lone_advisor, completed):
    world, assessment_round, indicator = lone_advisor
    if completed:
        services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    client.force_login(world.staff_a)
    found = surfaces(client, assessment_round)
    api = client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").json()
    assert api["survivor"] is None and api["survivor_shown"] is False
    assert api["survivor_respondents"] == 1 and api["min_group"] == 3
    (row,) = [i for i in api["indicators"] if i["id"] == indicator.key]
    # The combined score is the staff score alone: (staff + advisor) / 2 would give her away.
    assert row["survivor_level"] is None and row["score"] == 100.0 and row["divergence"] is None
    assert "survivor" not in found["csv"] and NOTE not in found["csv"]
    assert "shown only together" in found["page"] and NOTE not in found["page"]
    assert "Survivor advisors: level" not in found["page"]


@pytest.mark.django_db
def test_a_group_of_three_is_shown_as_averages_once_the_round_is_completed(client, lone_advisor):
    world, assessment_round, indicator = lone_advisor
    add_advisors(world, assessment_round, indicator, [2, 2])
    client.force_login(world.staff_a)
    # Open: a fourth answer would show as a change in the averages, so nothing yet.
    assert client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").json()["survivor"] is None
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    found = surfaces(client, assessment_round)
    api = client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").json()
    (row,) = [i for i in api["indicators"] if i["id"] == indicator.key]
    assert api["survivor_shown"] is True
    assert row["survivor_level"] == pytest.approx(5 / 3)
    assert "shown only together" not in found["page"]
    rows = list(csv.DictReader(io.StringIO(found["csv"])))
    assert [(r["perspective"], r["respondent"], r["level"], r["evidence"]) for r in rows] == [
        ("staff", "staff-1", "4", ""),
        ("survivor", "together", "1.7", ""),
        ("survivor", "together", "", NOTE),
    ]


@pytest.mark.django_db
def test_an_indicator_fewer_than_three_advisors_rated_stays_hidden(client, lone_advisor):
    world, assessment_round, indicator = lone_advisor
    other = Indicator.objects.filter(domain__framework=assessment_round.framework)[1]
    add_advisors(world, assessment_round, indicator, [2, 2])
    # Only the first advisor rated ``other``; the others did not.
    services.ratings_save(
        actor=world.expert.user, assessment_round=assessment_round, answers={other.key: (4, "")}
    )
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    client.force_login(world.staff_a)
    api = client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").json()
    levels = {i["id"]: i["survivor_level"] for i in api["indicators"]}
    assert levels[indicator.key] == pytest.approx(5 / 3) and levels[other.key] is None


@pytest.mark.django_db
@pytest.mark.skipif(
    not pdf_available() or shutil.which("pdftotext") is None,
    reason="needs WeasyPrint's Pango and poppler-utils' pdftotext; .ci/run installs both",
)
def test_the_pdf_keeps_a_single_advisor_hidden_too(client, lone_advisor, tmp_path):
    world, assessment_round, indicator = lone_advisor
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    client.force_login(world.staff_a)
    pdf = client.get(f"/assessment/rounds/{assessment_round.pk}/results.pdf").content
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "shown only together" in " ".join(text.split())
    assert "Survivor advisors: level" not in text
