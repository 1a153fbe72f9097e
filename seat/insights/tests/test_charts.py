"""The dashboard's SVG: shapes and digits only (words stay in the HTML), a point or column only
where a quarter had something to count, and bars that never pass 100."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from seat.insights import charts
from seat.insights.metrics import Median, Period, Share, TimeToPay
from seat.insights.selectors import QuarterFigures, quarters_before


def quarter(period: Period, answered: Share, paid: Share, days: str | None) -> QuarterFigures:
    median = Median(days=None if days is None else Decimal(days), count=0 if days is None else 3)
    return QuarterFigures(
        period=period,
        answered=answered,
        paid=paid,
        time_to_pay=TimeToPay(median=median, on_time=Share(0, 0), paid_late=0, overdue=0),
    )


def trend() -> list[QuarterFigures]:
    periods = quarters_before(datetime.date(2026, 12, 2), 8)
    rows = [quarter(p, Share(0, 0), Share(0, 0), None) for p in periods[:6]]
    rows.append(quarter(periods[6], Share(1, 2), Share(4, 4), "78"))
    rows.append(quarter(periods[7], Share(3, 3), Share(2, 4), "12.5"))
    return rows


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_trend_lines_draw_only_quarters_with_data_in_digits():
    svg = str(charts.trend_lines(trend()))
    assert svg.count("<circle") == 4  # two quarters, two lines
    assert svg.count("<polyline") == 2
    assert svg_texts(svg) == ["0", "50", "100", "1", "2", "3", "4", "5", "6", "7", "8"]
    assert 'aria-hidden="true"' in svg


def test_pay_columns_scale_to_the_longest_median():
    svg = str(charts.pay_columns(trend()))
    assert svg.count("<rect") == 2
    # 78 days rounds the scale up to 90, drawn as 0, 45 and 90.
    assert svg_texts(svg)[:3] == ["0", "45", "90"]
    assert all(re.fullmatch(r"[0-9]+", text) for text in svg_texts(svg))


def test_a_bar_is_empty_without_data():
    assert str(charts.bar(None)).count("<rect") == 1
    assert '<rect width="42" height="4"' in str(charts.bar(42))
