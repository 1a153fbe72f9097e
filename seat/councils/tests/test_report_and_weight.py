"""The annual report as a PDF, and the pages a member sees fit the first round trip."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from seat.councils.tests.helpers import Full, days
from seat.tests.test_page_weight import BUDGET, weight

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext; .ci/run installs it"
)
def test_the_report_pdf_has_every_recommendation_of_the_year(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    response = client.get(f"/councils/{full.council.pk}/report/{days(0).year}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(pdf_text(response.content).split())
    for words in (
        "Fund survivor-led shelters",
        "Pay members within a week",
        "The ministry agrees.",
        "Shelters are not the only answer.",
        "Members who asked not to be named",
    ):
        assert words in text
    assert "Tahmina" not in text


def test_member_pages_fit_the_budget(client, world):
    full = Full(world)
    client.force_login(world.expert.user)
    for url in (
        "/councils/",
        f"/councils/{full.council.pk}/",
        f"/councils/meetings/{full.meeting.pk}/",
        f"/councils/recommendations/{full.answered.pk}/",
        f"/councils/recommendations/{full.open.pk}/dissent/",
        f"/councils/{full.council.pk}/report/{days(0).year}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert weight(response.content) <= BUDGET, url
