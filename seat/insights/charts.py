"""The dashboard's charts, drawn on the server as small SVG (as seat/assessment/charts.py does).

The SVG holds only shapes and digits; every word stays in the HTML around it, and each chart
sits beside a table or sentence with the same numbers, so the SVG is hidden from screen readers
(``aria-hidden``) rather than described twice. Coordinates are whole numbers and attributes
few: the dashboard must fit 14,600 bytes gzip with its charts.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from seat.core.formats import format_number
from seat.insights.selectors import QuarterFigures

BLUE = "#0b5cad"
ORANGE = "#a34700"
GREY = "#e3e5ea"
RULE = "#c9cbd2"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" aria-hidden="true">'


def bar(percent: int | None) -> SafeString:
    """One horizontal bar from 0 to 100 (a grey track; nothing filled with no data)."""
    filled = f'<rect width="{percent}" height="4" fill="{BLUE}"/>' if percent else ""
    return mark_safe(  # noqa: S308 - digits only
        SVG.format(w=100, h=4) + f'<rect width="100" height="4" fill="{GREY}"/>{filled}</svg>'
    )


def _frame(width: int, height: int, left: int, top: int, plot_h: int, ticks: list[int]) -> str:
    top_value = ticks[-1] or 1
    parts = [SVG.format(w=width, h=height)]
    for tick in ticks:
        y = round(top + plot_h * (1 - tick / top_value))
        parts.append(
            f'<path d="M{left} {y}H{width}" stroke="{RULE}"/>'
            f'<text x="{left - 4}" y="{y + 4}" font-size="12" text-anchor="end">'
            f"{format_number(tick)}</text>"
        )
    return "".join(parts)


def _numbers(xs: list[int], y: int) -> str:
    """Each quarter's number under the axis (1 the oldest), as the table numbers its rows."""
    return "".join(
        f'<text x="{x}" y="{y}" font-size="12" text-anchor="middle">{format_number(n)}</text>'
        for n, x in enumerate(xs, start=1)
    )


def trend_lines(trend: list[QuarterFigures]) -> SafeString:
    """Loop closure (blue) and paid share (orange), in percent, quarter by quarter: a point
    only where the quarter had something to count."""
    width, height, left, top, plot_h = 400, 160, 34, 8, 130
    step = (width - left - 8) / max(1, len(trend) - 1)
    parts = [_frame(width, height, left, top, plot_h, [0, 50, 100])]
    parts.append(_numbers([round(left + n * step) for n in range(len(trend))], height - 4))
    for colour, percents in (
        (BLUE, [q.answered.percent for q in trend]),
        (ORANGE, [q.paid.percent for q in trend]),
    ):
        points = [
            (round(left + n * step), round(top + plot_h * (1 - p / 100)))
            for n, p in enumerate(percents)
            if p is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x},{y}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"/>'
            )
        parts.extend(f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>' for x, y in points)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - digits only


def pay_columns(trend: list[QuarterFigures]) -> SafeString:
    """Median days from the work to its payment, one column per quarter (none without data)."""
    width, height, left, top, plot_h = 400, 160, 34, 8, 130
    days = [q.time_to_pay.median.days for q in trend]
    highest = max((int(d) for d in days if d is not None), default=0)
    scale = max(30, -(-highest // 30) * 30)
    parts = [_frame(width, height, left, top, plot_h, [0, scale // 2, scale])]
    slot = (width - left) / max(1, len(trend))
    parts.append(_numbers([round(left + (n + 0.5) * slot) for n in range(len(trend))], height - 4))
    for n, value in enumerate(days):
        if value is None:
            continue
        h = max(1, round(plot_h * float(value) / scale))
        x = round(left + n * slot + slot * 0.2)
        parts.append(
            f'<rect x="{x}" y="{top + plot_h - h}" width="{round(slot * 0.6)}" height="{h}" '
            f'fill="{BLUE}"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - digits only


def legend_key(colour: str) -> SafeString:
    return mark_safe(  # noqa: S308 - a constant colour
        f'<svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" '
        f'fill="{colour}"/></svg>'
    )
