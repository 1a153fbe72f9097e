"""Charts drawn on the server as SVG: no chart JavaScript, readable in the PDF and without CSS.

Every chart carries a <title> and <desc>; the page also shows the same numbers in a table.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seat.assessment.enums import Perspective
from seat.assessment.scoring import Results

COLOURS = {Perspective.STAFF: "#0b5cad", Perspective.SURVIVOR: "#a34700"}
LABEL_WIDTH = 270
BAR_WIDTH = 360
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60


def _legend(y: int) -> str:
    parts = []
    x = LABEL_WIDTH
    for perspective in (Perspective.STAFF, Perspective.SURVIVOR):
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{COLOURS[perspective]}"/>'
            f'<text x="{x + 20}" y="{y + 12}" font-size="13">{escape(perspective.label)}</text>'
        )
        x += 170
    return "".join(parts)


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def domain_bars(results: Results) -> SafeString:
    """Two bars per domain, staff and survivor advisors, on a 0–100 scale."""
    row = 40
    top = 30
    height = top + row * len(results.domains) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="bars-title bars-desc" font-family="system-ui, sans-serif">',
        f'<title id="bars-title">{escape(_("Scores by domain, staff and survivor advisors"))}</title>',
        f'<desc id="bars-desc">{escape(_("Each domain has two bars from 0 to 100. The table below gives the same numbers."))}</desc>',
        _legend(4),
    ]
    for tick in (0, 25, 50, 75, 100):
        x = LABEL_WIDTH + BAR_WIDTH * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 24}" stroke="#d0d3da"/>'
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{tick}</text>'
        )
    for n, domain in enumerate(results.domains):
        y = top + n * row
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 20}" font-size="13" text-anchor="end">'
            f"{escape(_short(domain.title))}</text>"
        )
        for k, perspective in enumerate((Perspective.STAFF, Perspective.SURVIVOR)):
            score = domain.scores[perspective]
            bar_y = y + 4 + k * 16
            if score is None:
                parts.append(
                    f'<text x="{LABEL_WIDTH + 4}" y="{bar_y + 11}" font-size="11">{escape(_("no answers"))}</text>'
                )
                continue
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{BAR_WIDTH * score / 100:.1f}" height="14" '
                f'fill="{COLOURS[perspective]}"/>'
                f'<text x="{LABEL_WIDTH + BAR_WIDTH * score / 100 + 4:.1f}" y="{bar_y + 11}" font-size="11">'
                f"{score:.0f}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def trend_lines(points: list[tuple[str, Results]]) -> SafeString:
    """Overall score per round for staff and survivor advisors, oldest round first."""
    width, height, left, top, bottom = 640, 240, 50, 30, 50
    plot_w, plot_h = width - left - 30, height - top - bottom
    step = plot_w / max(1, len(points) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title trend-desc" font-family="system-ui, sans-serif">',
        f'<title id="trend-title">{escape(_("Overall score, round by round"))}</title>',
        f'<desc id="trend-desc">{escape(_("One line for staff and one for survivor advisors, from 0 to 100. The table below gives the same numbers."))}</desc>',
    ]
    for tick in (0, 50, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d0d3da"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
        )
    for n, (label, _results) in enumerate(points):
        x = left + n * step
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 18}" font-size="11" text-anchor="middle">'
            f"{escape(_short(label, 22))}</text>"
        )
    for k, perspective in enumerate((Perspective.STAFF, Perspective.SURVIVOR)):
        coords = [
            (left + n * step, top + plot_h * (1 - score / 100))
            for n, (_label, results) in enumerate(points)
            if (score := results.scores[perspective]) is not None
        ]
        if coords:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{COLOURS[perspective]}" stroke-width="3"/>'
            )
            parts.extend(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS[perspective]}"/>'
                for x, y in coords
            )
        parts.append(
            f'<rect x="{left + k * 170}" y="4" width="14" height="14" fill="{COLOURS[perspective]}"/>'
            f'<text x="{left + k * 170 + 20}" y="16" font-size="13">{escape(perspective.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
