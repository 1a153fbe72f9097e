"""The results PDF, looked at page by page (WeasyPrint, then poppler's pdftotext)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from seat.assessment import services
from seat.assessment.models import Indicator
from seat.assessment.report import pdf_available
from seat.assessment.selectors import round_results
from seat.tests.personas import make_advisor

pytestmark = pytest.mark.skipif(
    not pdf_available() or shutil.which("pdftotext") is None,
    reason="needs WeasyPrint's Pango and poppler-utils' pdftotext; .ci/run installs both",
)


def pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "results.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@pytest.mark.django_db
def test_the_trend_heading_stays_with_its_chart_and_the_axis_shows_dates(client, world, tmp_path):
    make_advisor(world.expert.user, world.org_a)
    first = services.round_open(actor=world.staff_a, organisation=world.org_a, title="Baseline")
    indicators = list(Indicator.objects.filter(domain__framework=first.framework))
    services.ratings_save(
        actor=world.staff_a, assessment_round=first, answers={i.key: (1, "") for i in indicators}
    )
    services.round_close(actor=world.staff_a, assessment_round=first)
    second = services.round_open(actor=world.staff_a, organisation=world.org_a, title="Review")
    services.ratings_save(
        actor=world.staff_a,
        assessment_round=second,
        answers={i.key: (1 + n % 3, "") for n, i in enumerate(indicators)},
    )
    first_day = first.closed_at.strftime("%b %-d, %Y")  # English medium date, as on the axis
    gaps = round_results(assessment_round=second).gaps(limit=10)
    client.force_login(world.staff_a)
    # Each action adds a row above the trend, moving it down the page: one of these lengths
    # puts the heading near the foot of a page.
    for count in range(len(gaps) + 1):
        if count:
            indicator = next(i for i in indicators if i.key == gaps[count - 1].key)
            services.action_from_gap(
                actor=world.staff_a, assessment_round=second, indicator=indicator
            )
        for paper in ("a4", "letter"):
            pdf = client.get(f"/assessment/rounds/{second.pk}/results.pdf?paper={paper}").content
            (page,) = [
                p
                for p in pages(pdf, tmp_path)
                if "\nTrend\n" in f"\n{p.strip()}\n"
                or any(line.strip() == "Trend" for line in p.splitlines())
            ]
            assert first_day in page, (count, paper)
