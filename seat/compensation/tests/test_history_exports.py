"""What was paid in a period: the page, and its CSV and XLSX files for an accounting package."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from seat.compensation.tests.lines import make_line
from seat.people.services import expert_create


def period(days_back: int = 7, days_on: int = 0) -> str:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=days_back)
    end = today + datetime.timedelta(days=days_on)
    return f"?from={start.isoformat()}&to={end.isoformat()}"


def paid_lines(world):
    usd = make_line(
        world,
        status="paid",
        rate="25.00",
        units="2",
        expenses_travel=Decimal("3.50"),
        expenses_childcare=Decimal("6.00"),
    )
    bdt = make_line(world, status="paid", currency="BDT", rate="500", units="3")
    usd_2 = make_line(world, status="paid", rate="10.00", units="1", expenses_data=Decimal("1.25"))
    make_line(world, status="approved", description="Not paid yet")
    return usd, bdt, usd_2


@pytest.mark.django_db
def test_history_lists_what_was_paid_with_method_and_reference(client, world):
    usd, bdt, _usd_2 = paid_lines(world)
    client.force_login(world.finance_a)
    response = client.get(f"/payments/history/{period()}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bank transfer" in body and "TR-1" in body
    assert f"/payments/{usd.pk}/" in body and f"/payments/{bdt.pk}/" in body
    assert "Not paid yet" not in body
    assert "<strong>70.75 US dollars</strong>" in body
    assert "<strong>1,500.00 Bangladeshi takas</strong>" in body
    assert f"/payments/history/csv/{period()}".replace("&", "&amp;") in body


@pytest.mark.django_db
def test_history_without_a_period_shows_this_month(client, world):
    client.force_login(world.finance_a)
    response = client.get("/payments/history/")
    today = timezone.localdate()
    assert response.status_code == 200
    assert f'value="{today.replace(day=1).isoformat()}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2026-03-31&to=2026-03-01", "The last day comes before the first day."),
        ("?from=yesterday&to=2026-03-01", "Enter a day as year-month-day, for example 2026-03-31."),
        (
            "?from=2026-02-30&to=2026-03-01",
            "Enter a day as year-month-day, for example 2026-03-31.",
        ),
        ("?from=2024-01-01&to=2026-03-01", "Choose at most 366 days at a time."),
        ("?from=2026-01-01", "Enter the first and the last day."),
    ],
)
def test_a_bad_period_is_400_with_the_reason(client, world, query, message):
    client.force_login(world.finance_a)
    for path in ("/payments/history/", "/payments/history/csv/", "/payments/history/xlsx/"):
        response = client.get(path + query)
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.django_db
def test_unknown_file_kind_is_404(client, world):
    client.force_login(world.finance_a)
    assert client.get(f"/payments/history/pdf/{period()}").status_code == 404


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="payments-')
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_csv_has_a_row_per_payment_and_nothing_else(client, world):
    usd, bdt, usd_2 = paid_lines(world)
    client.force_login(world.finance_a)
    rows = read_csv(client.get(f"/payments/history/csv/{period()}"))
    header, *body = rows
    assert header == [
        "date_paid",
        "payment_id",
        "payee",
        "paid_through",
        "what_for",
        "work_kind",
        "currency",
        "fee",
        "expenses_travel",
        "expenses_data",
        "expenses_childcare",
        "expenses_other",
        "total",
        "method",
        "reference",
        "due_on",
        "organisation",
    ]
    today = timezone.localdate().isoformat()
    assert body[0] == [
        today,
        str(usd.pk),
        "Tara",
        "",
        "Advised on the shelter's hiring",
        "meeting",
        "USD",
        "50.00",
        "3.50",
        "0.00",
        "6.00",
        "0.00",
        "59.50",
        "bank",
        "TR-1",
        usd.due_on.isoformat(),
        "Organisation A",
    ]
    # Every row is a payment an accounting package imports: no blank or totals rows among them.
    assert [row[1] for row in body] == [str(usd.pk), str(bdt.pk), str(usd_2.pk)]
    # Each row adds up: fee + expenses = total, to the cent.
    for row in body[:3]:
        assert sum(Decimal(v) for v in row[7:12]) == Decimal(row[12])


@pytest.mark.django_db
def test_exports_never_start_a_formula(client, world):
    sly = expert_create(user=None, pseudonym='=HYPERLINK("http://x","a")', languages="en")
    make_line(world, expert=sly, status="paid", description="+cmd|' /C calc'!A0")
    line = make_line(world, status="approved")
    from seat.compensation.services import payment_pay

    payment_pay(actor=world.finance_a, payment=line, method="other", reference="@SUM(1+1)")
    client.force_login(world.finance_a)
    rows = read_csv(client.get(f"/payments/history/csv/{period()}"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x","a")' in cells
    assert "'+cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/payments/history/xlsx/{period()}").content)
    )
    values = [c.value for row in book.active.iter_rows() for c in row]  # type: ignore[union-attr]
    texts = [v for v in values if isinstance(v, str)]
    assert "'@SUM(1+1)" in texts and not any(t[:1] in "=+-@" for t in texts)
    # No cell holds a formula at all.
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)  # type: ignore[union-attr]


@pytest.mark.django_db
def test_xlsx_opens_with_numbers_dates_and_currency_formats(client, world):
    usd, bdt, _usd_2 = paid_lines(world)
    make_line(world, status="paid", currency="XOF", rate="1500", units="2")
    client.force_login(world.finance_a)
    response = client.get(f"/payments/history/xlsx/{period()}")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert header[:3] == ["date_paid", "payment_id", "payee"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["payment_id"].value == str(usd.pk)
    assert first["date_paid"].value.date() == timezone.localdate()  # a date cell
    assert first["date_paid"].number_format == "yyyy-mm-dd"
    assert Decimal(str(first["total"].value)) == Decimal("59.50")
    assert first["total"].data_type == "n"
    assert first["fee"].number_format == '#,##0.00 "USD"'
    xof = next(r for r in rows[1:] if r[header.index("currency")].value == "XOF")
    assert xof[header.index("total")].number_format == '#,##0 "XOF"'
    assert all(r[0].value != "total" for r in rows)
    # The totals, one row per currency, never added together, on their own sheet.
    totals_sheet = openpyxl.load_workbook(io.BytesIO(response.content))["totals"]
    total_rows = list(totals_sheet.iter_rows())
    assert [c.value for c in total_rows[0]] == header
    totals = {
        r[header.index("currency")].value: Decimal(str(r[header.index("total")].value))
        for r in total_rows[1:]
    }
    assert totals == {"BDT": Decimal("1500"), "USD": Decimal("70.75"), "XOF": Decimal("3000")}
    usd_total = next(r for r in total_rows[1:] if r[header.index("currency")].value == "USD")
    assert usd_total[header.index("fee")].value == 60
    assert usd_total[header.index("total")].number_format == '#,##0.00 "USD"'


@pytest.mark.django_db
def test_exports_are_the_payers_organisations_only(client, world):
    from seat.accounts.enums import Role
    from seat.tests.personas import make_member

    finance_b = make_member("finance-b", world.org_b, Role.FINANCE)
    make_line(
        world,
        organisation=world.org_b,
        expert=world.other_expert,
        status="paid",
        approver=finance_b,
        payer=finance_b,
    )
    mine = make_line(world, status="paid")
    client.force_login(world.finance_a)
    rows = read_csv(client.get(f"/payments/history/csv/{period()}"))
    assert [row[1] for row in rows[1:]] == [str(mine.pk)]
    assert "Rosa" not in str(rows)


@pytest.mark.django_db
def test_an_empty_period_is_a_header_only(client, world):
    client.force_login(world.finance_a)
    rows = read_csv(client.get(f"/payments/history/csv/{period()}"))
    assert len(rows) == 1
