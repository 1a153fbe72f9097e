"""The insights pages: the dashboard, the funder report (HTML and PDF) and an expert's page of
an organisation's figures. The world (personas.make_world) has, in organisation A, one project
with one consultation opened today and one piece of input to it, offered pay; organisation B
has the same, which must never show on A's pages."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_project,
)
from seat.tests.test_page_weight import BUDGET, weight

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's words, tags removed and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def test_dashboard_shows_the_measured_figures_with_their_definitions(client, world):
    client.force_login(world.viewer_a)
    response = client.get(f"/insights/{world.org_a.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    # One project, its input at the design stage only.
    assert "Design: 100% (1 of 1)" in text
    assert "Implementation: 0% (0 of 1)" in text
    assert "Input offered pay 100% (1 of 1)" in text
    # The consultation is still open: no input to answer yet.
    assert "Input answered: No data yet" in text
    assert "Time to take part 21 days (median of 1)" in text
    # The figures put A on the first rung: nothing answered yet.
    assert "Tokenistic" in text
    assert "Answer every piece of input: say what became of it and why." in text
    assert "Share of input given to consultations that offered payment." in text
    assert "No self-assessment has been completed yet." in text
    assert "B&#x27;s project" not in response.content.decode()
    assert "B's project" not in text


def test_a_project_and_a_consultation_are_scopes(client, world):
    client.force_login(world.staff_a)
    other = make_project(world.staff_a, world.org_a, "Second project")
    url = f"/insights/{world.org_a.pk}/"
    response = client.get(url, {"project": other.pk})
    assert response.status_code == 200
    text = text_of(response)
    assert "Project: Second project" in text
    assert "Projects 1" in text and "Input offered pay No data yet" in text
    response = client.get(url, {"consultation": world.consultation.pk})
    assert "Consultation: What should the sessions cover?" in text_of(response)
    assert "Input offered pay 100% (1 of 1)" in text_of(response)


def test_a_backwards_period_is_refused_with_its_reason(client, world):
    client.force_login(world.staff_a)
    response = client.get(
        f"/insights/{world.org_a.pk}/", {"start": "2026-06-30", "end": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "The period ends before it starts." in text_of(response)
    pdf = client.get(
        f"/insights/{world.org_a.pk}/report.pdf", {"start": "2026-06-30", "end": "2026-01-01"}
    )
    assert pdf.status_code == 400
    assert pdf.content.decode() == "The period ends before it starts."


def test_a_period_still_to_come_or_ending_years_ahead_is_refused(client, world):
    client.force_login(world.staff_a)
    url = f"/insights/{world.org_a.pk}/"
    soon = timezone.localdate() + datetime.timedelta(days=1)
    later = soon + datetime.timedelta(days=10)
    for query in ({"start": soon.isoformat(), "end": later.isoformat()}, {"end": "9999-12-31"}):
        response = client.get(url, query)
        assert response.status_code == 400
        assert "The period starts after today: there is nothing to measure in it yet." in (
            text_of(response)
        )
    start = timezone.localdate() - datetime.timedelta(days=30)
    for page in ("", "report/", "report.pdf"):
        response = client.get(f"{url}{page}", {"start": start.isoformat(), "end": "9999-12-31"})
        assert response.status_code == 400, page
    end_of_next_year = datetime.date(timezone.localdate().year + 1, 12, 31)
    response = client.get(url, {"start": start.isoformat(), "end": end_of_next_year.isoformat()})
    assert response.status_code == 200


def test_twelve_months_to_the_last_day_of_a_month_start_on_the_first_of_the_next():
    from seat.insights.metrics import Period

    for end, start in [
        ("2026-12-31", "2026-01-01"),
        ("2026-06-30", "2025-07-01"),
        ("2028-02-29", "2027-03-01"),
        ("2026-03-15", "2025-03-16"),
    ]:
        period = Period.last_months(12, today=datetime.date.fromisoformat(end))
        assert period.start == datetime.date.fromisoformat(start), end


def test_a_malformed_or_foreign_scope_is_not_found(client, world):
    client.force_login(world.staff_a)
    url = f"/insights/{world.org_a.pk}/"
    bad = client.get(url, {"project": "not-a-uuid"})
    assert bad.status_code == 400
    assert "The project or consultation was not found." in text_of(bad)
    assert client.get(url, {"project": world.project_b.pk}).status_code == 404
    assert client.get(url, {"consultation": world.consultation_b.pk}).status_code == 404
    assert client.get(url, {"project": uuid.uuid4()}).status_code == 404
    assert client.get(f"/insights/{world.org_b.pk}/").status_code == 404


def test_an_empty_organisation_has_no_data_yet(client, world):
    from seat.tests.personas import make_member, make_org

    empty = make_org("Empty organisation")
    member = make_member("empty-admin", empty, "staff")
    client.force_login(member)
    response = client.get("/insights/")
    assert response.status_code == 302
    assert response["Location"] == f"/insights/{empty.pk}/"
    response = client.get(f"/insights/{empty.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "No data yet: nothing was opened in this period" in text
    assert "Input offered pay No data yet" in text
    assert "Tokenistic" in text


def test_funder_report_html_and_pdf(client, world):
    client.force_login(world.finance_a)
    response = client.get(f"/insights/{world.org_a.pk}/report/")
    assert response.status_code == 200
    text = text_of(response)
    today = timezone.localdate()
    from seat.core.formats import format_day

    assert f"Made on {format_day(today)}" in text
    assert "Input offered pay 100% (1 of 1)" in text
    pdf = client.get(f"/insights/{world.org_a.pk}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_dashboard_fits_the_budget_in_every_language(client, world):
    from seat.tests.personas import OVERRIDE_REASON

    for n in range(3):
        project = make_project(world.staff_a, world.org_a, f"Project {n}")
        make_consultation(
            world.staff_a,
            project,
            title=f"Consultation {n}",
            override_by=world.admin_a,
            opens_on=timezone.localdate(),
            deadline=timezone.localdate() + datetime.timedelta(days=3),
        )
    for language in ("en", "bn", "es"):
        world.staff_a.language = language
        world.staff_a.save()
        client.force_login(world.staff_a)
        response = client.get(f"/insights/{world.org_a.pk}/")
        assert response.status_code == 200
        if language == "en":
            assert OVERRIDE_REASON in response.content.decode()
        assert weight(response.content) <= BUDGET, (language, weight(response.content))


def _queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_query_count_is_pinned(
    client, world, django_assert_max_num_queries, settings
):
    """The same count for one project and for several: the period's figures, then three
    metrics for each of 8 quarters, the scope picker and the self-assessment, each a fixed
    number of aggregates over the consultations' materialised summaries. (On SQLite a median costs one query more where there is something to
    order; PostgreSQL computes it in the aggregate beside the counts.) Computed each time here;
    the cached figures have a test of their own (test_figures_cache.py)."""
    settings.SEAT_INSIGHTS_CACHE_SECONDS = 0
    client.force_login(world.staff_a)
    url = f"/insights/{world.org_a.pk}/"
    client.get(url)  # the first request of a session reads what later ones keep
    one = _queries(client, django_assert_max_num_queries, url)
    for n in range(3):
        project = make_project(world.staff_a, world.org_a, f"Project {n}")
        make_consultation(world.staff_a, project, title=f"Consultation {n}")
    client.get(url)  # the first read after them computes their summaries
    several = _queries(client, django_assert_max_num_queries, url)
    assert one == several == DASHBOARD_QUERIES[connection.vendor]


DASHBOARD_QUERIES = {"sqlite": 45, "postgresql": 44}


def test_a_dashboard_read_again_costs_a_fixed_handful_of_queries(
    client, world, django_assert_max_num_queries
):
    """Its figures from the cache: the session, the organisation, its newest change, the
    self-assessment's rung and words, the scope picker."""
    client.force_login(world.staff_a)
    url = f"/insights/{world.org_a.pk}/"
    client.get(url)
    client.get(url)
    cached = _queries(client, django_assert_max_num_queries, url)
    assert cached == DASHBOARD_CACHED_QUERIES[connection.vendor]


DASHBOARD_CACHED_QUERIES = {"sqlite": 11, "postgresql": 11}


def test_an_expert_sees_the_figures_of_an_organisation_she_works_with(client, world):
    client.force_login(world.expert.user)
    mine = client.get("/me/organisations/")
    assert f"/me/organisations/{world.org_a.pk}/figures/" in mine.content.decode()
    response = client.get(f"/me/organisations/{world.org_a.pk}/figures/")
    assert response.status_code == 200
    text = text_of(response)
    assert "How Organisation A works with survivors" in text
    # One person took part: "1 of 1 answers was paid" would tell her about that person.
    assert "Fewer than 5 people took part from" in text
    assert "1 of 1" not in text and "Tokenistic" not in text
    assert "Tara" not in text
    assert weight(response.content) <= BUDGET
    for n in range(4):
        expert = make_expert(f"taking-part-{n}", f"Person {n}")
        make_contribution(make_invitation(world.staff_a, world.consultation, expert, accept=True))
    text = text_of(client.get(f"/me/organisations/{world.org_a.pk}/figures/"))
    assert "5 of 5 answers were to consultations that offered pay (100%)." in text
    assert "Tokenistic" in text
    assert client.get(f"/me/organisations/{world.org_b.pk}/figures/").status_code == 404
    stranger = make_expert("stranger", "Lina")
    client.force_login(stranger.user)
    assert client.get(f"/me/organisations/{world.org_a.pk}/figures/").status_code == 404
    client.force_login(world.staff_a)
    assert client.get(f"/me/organisations/{world.org_a.pk}/figures/").status_code == 404


def test_the_self_assessment_sits_beside_the_measured_rung(client, world):
    """Staff rate every indicator "established" (the third level, "Collaborative" on the
    ladder) while the figures put the organisation on the first rung: the page says they
    differ and links to the round's results."""
    from seat.assessment import services as assessment
    from seat.assessment.models import Indicator

    first = assessment.round_open(actor=world.admin_a, organisation=world.org_a, title="Baseline")
    indicators = Indicator.objects.filter(domain__framework=first.framework)
    assessment.ratings_save(
        actor=world.staff_a, assessment_round=first, answers={i.key: (3, "") for i in indicators}
    )
    assessment.round_close(actor=world.admin_a, assessment_round=first)
    client.force_login(world.viewer_a)
    response = client.get(f"/insights/{world.org_a.pk}/")
    text = text_of(response)
    assert "Your latest self-assessment, “Baseline”, puts you here:" in text
    assert "Staff Collaborative Survivor advisors No answers Measured on Seat Tokenistic" in text
    assert "What you say of yourselves differs from what the figures show." in text
    assert f"/assessment/rounds/{first.pk}/results/" in response.content.decode()
    # A project's page measures the project only: no self-assessment there.
    project = client.get(f"/insights/{world.org_a.pk}/", {"project": world.project.pk})
    assert "What you say and what you do" not in text_of(project)


def test_a_period_before_anything_happened_has_no_data_yet(client, world):
    client.force_login(world.staff_a)
    response = client.get(
        f"/insights/{world.org_a.pk}/", {"start": "2024-01-01", "end": "2024-12-31"}
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "January 1, 2024 to December 31, 2024" in text
    assert "Input offered pay No data yet" in text
    assert "Projects 0" in text
