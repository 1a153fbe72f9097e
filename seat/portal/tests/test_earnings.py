"""Her statement of earnings (/me/earnings/): a period of work days, totals per currency, each
line with what it was for, and the same statement as CSV and PDF for her alone."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.compensation.models import PaymentLine
from seat.compensation.statement import default_period, statement_of_expert
from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.core.formats import format_day


@pytest.fixture(autouse=True)
def _only_the_lines_made_here(world):
    clear_offer_lines()


def lines_in_every_state(world):
    """Owed (recent), approved and overdue, paid by bank, cancelled, one in BDT, one too old."""
    owed = make_line(world, worked_days_ago=2, expenses_travel=Decimal("5.00"))
    late = make_line(world, worked_days_ago=30, status="approved", description="Trained staff")
    paid = make_line(world, worked_days_ago=40, status="paid", description="Council meeting")
    cancelled = make_line(world, worked_days_ago=5, status="cancelled", description="Counted")
    taka = make_line(world, worked_days_ago=3, currency="BDT", rate="1000.00", units="1")
    old = make_line(world, worked_days_ago=300, description="Work long ago")
    # Seat records no work more than a year back; a line from before the period, as time passes.
    PaymentLine.objects.filter(pk=old.pk).update(
        work_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    return owed, late, paid, cancelled, taka, old


@pytest.mark.django_db
def test_statement_totals_per_currency_never_mixed(world):
    owed, late, paid, cancelled, taka, old = lines_in_every_state(world)
    start, end = default_period()
    statement = statement_of_expert(expert=world.expert, start=start, end=end)
    assert old not in statement.lines and statement.cancelled == [cancelled]
    totals = {t.currency: t for t in statement.totals}
    assert set(totals) == {"BDT", "USD"}
    assert totals["USD"].owed == Decimal("85.00")  # 2 × 40 + 5 travel
    assert totals["USD"].approved == Decimal("80.00")
    assert totals["USD"].paid == Decimal("80.00")
    assert totals["USD"].overdue == Decimal("80.00")  # the approved line, due 16 days ago
    assert totals["BDT"].owed == Decimal("1000.00") and totals["BDT"].paid == 0


@pytest.mark.django_db
def test_a_line_belongs_to_the_period_by_the_day_of_the_work(world):
    line = make_line(world, worked_days_ago=10)
    day = line.work_on
    assert statement_of_expert(expert=world.expert, start=day, end=day).lines == [line]
    after = day + datetime.timedelta(days=1)
    assert statement_of_expert(expert=world.expert, start=after, end=after).lines == []


@pytest.mark.django_db
def test_default_period_is_the_last_twelve_months_to_today():
    start, end = default_period()
    assert end == timezone.localdate()
    assert 365 <= (end - start).days + 1 <= 366


@pytest.mark.django_db
def test_earnings_page_shows_each_line_plainly(client, world):
    owed, late, paid, cancelled, taka, old = lines_in_every_state(world)
    PaymentLine.objects.filter(pk=paid.pk).update(paid_through=world.org_b)
    client.force_login(world.expert.user)
    response = client.get("/me/earnings/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "Advised on the shelter&#x27;s hiring",
        "Trained staff",
        "Council meeting",
        "Organisation A",
        "Travel: 5.00 US dollars",
        "Overdue",
        f"Late: was due by {format_day(late.due_on)}",
        "How: Bank transfer",
        "Paid through <bdi>Organisation B</bdi>",
        "Cancelled because: Counted twice.",
        "1,000.00",
    ]:
        assert text in body, text
    assert "Work long ago" not in body
    assert 'href="/me/earnings/statement.csv?from=' in body
    assert 'href="/me/earnings/statement.pdf?from=' in body


@pytest.mark.django_db
def test_home_links_to_the_statement(client, world):
    client.force_login(world.expert.user)
    assert 'href="/me/earnings/"' in client.get("/me/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-03-31&to=2026-03-01", "The last day comes before the first day."),
        ("from=2026-02-30&to=2026-03-01", "Enter a day as year-month-day"),
        ("from=yesterday&to=2026-03-01", "Enter a day as year-month-day"),
        ("from=2026-03-01", "Enter the first and the last day."),
    ],
)
def test_a_bad_period_is_a_clear_400(client, world, query, message):
    client.force_login(world.expert.user)
    for url in ["/me/earnings/", "/me/earnings/statement.csv", "/me/earnings/statement.pdf"]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert message in response.content.decode(), url


@pytest.mark.django_db
def test_csv_one_row_per_line_plain_decimals_defused(client, world):
    make_line(world, worked_days_ago=2, expenses_data=Decimal("1.50"), description="=HYPERLINK(x)")
    make_line(world, worked_days_ago=3, currency="BDT", rate="1000.00", units="1")
    make_line(world, worked_days_ago=5, status="cancelled", description="Counted")
    client.force_login(world.expert.user)
    response = client.get("/me/earnings/statement.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="earnings-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    first, taka, cancelled = rows[1], rows[0], rows[2]  # in the order of the work
    assert first["what_for"] == "'=HYPERLINK(x)"
    assert (first["currency"], first["fee"], first["expenses_data"], first["total"]) == (
        "USD",
        "80.00",
        "1.50",
        "81.50",
    )
    assert first["status"] == "owed" and first["overdue"] == "false"
    assert taka["currency"] == "BDT" and taka["total"] == "1000.00"
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "Counted twice."


@pytest.mark.django_db
def test_nobody_else_sees_her_lines(client, world):
    make_line(world, worked_days_ago=2, description="Tara's meeting")
    client.force_login(world.other_expert.user)
    assert "Tara&#x27;s meeting" not in client.get("/me/earnings/").content.decode()
    assert "Tara's meeting" not in client.get("/me/earnings/statement.csv").content.decode()
    for who in [world.finance_a, world.staff_a, world.staff_b]:
        client.force_login(who)
        for url in ["/me/earnings/", "/me/earnings/statement.csv", "/me/earnings/statement.pdf"]:
            assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "bn"])
def test_pdf_in_her_language(client, world, language):
    make_line(world, worked_days_ago=2, expenses_travel=Decimal("5.00"))
    make_line(world, worked_days_ago=30, status="approved", description="Trained staff")
    make_line(world, worked_days_ago=5, status="cancelled", description="Counted")
    world.expert.user.language = language
    world.expert.user.save()
    client.force_login(world.expert.user)
    response = client.get("/me/earnings/statement.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_pdf_is_written_in_her_chosen_language(client, world, monkeypatch):
    import weasyprint

    seen = []

    class Capture:
        def __init__(self, string: str) -> None:
            seen.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7"

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    make_line(world, worked_days_ago=2)
    world.expert.user.language = "bn"
    world.expert.user.save()
    client.force_login(world.expert.user)
    assert client.get("/me/earnings/statement.pdf").status_code == 200
    assert '<html lang="bn">' in seen[0]
    assert "@font-face" not in seen[0] and "http" not in seen[0]


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_whatever_its_length(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_line(world, worked_days_ago=2, expenses_travel=Decimal("5.00"))
    client.force_login(world.expert.user)
    client.get("/me/earnings/")
    with CaptureQueriesContext(connection) as few:
        client.get("/me/earnings/")
    for n in range(8):
        make_line(world, worked_days_ago=3 + n, status=["paid", "cancelled"][n % 2])
    with CaptureQueriesContext(connection) as many:
        client.get("/me/earnings/")
    assert len(many) == len(few)
