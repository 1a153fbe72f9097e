"""Charts drawn on the server as SVG: no chart JavaScript, readable in the PDF and without CSS.

Words stay in HTML next to the SVG and the SVG holds only shapes and digits: PDF renderers do not
shape complex scripts (Bengali, Devanagari, Khmer) inside SVG text, while HTML text is shaped
correctly everywhere. The page also shows the same numbers in a table.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seat.assessment.enums import Perspective
from seat.assessment.scoring import Results
from seat.core.formats import format_number

COLOURS = {Perspective.STAFF: "#0b5cad", Perspective.SURVIVOR: "#a34700"}
SIDES = (Perspective.STAFF, Perspective.SURVIVOR)


def legend() -> SafeString:
    keys = [
        format_html(
            '<span class="key"><svg width="14" height="14" aria-hidden="true">'
            '<rect width="14" height="14" fill="{}"/></svg> {}</span>',
            COLOURS[side],
            side.label,
        )
        for side in SIDES
    ]
    return format_html('<p class="legend">{}</p>', mark_safe(" ".join(keys)))  # noqa: S308


def _score_text(score: float | None) -> str:
    return _("no answers") if score is None else format_number(score, 0)


def domain_bars(results: Results) -> SafeString:
    """For each domain, its name, then two bars from 0 to 100: staff and survivor advisors."""
    rows = []
    for domain in results.domains:
        shapes = []
        for k, side in enumerate(SIDES):
            score = domain.scores[side]
            y = 2 + k * 18
            if score is not None:
                shapes.append(
                    f'<rect x="0" y="{y}" width="{3.4 * score:.1f}" height="14" fill="{COLOURS[side]}"/>'
                    f'<text x="{3.4 * score + 4:.1f}" y="{y + 12}" font-size="12">'
                    f"{format_number(score, 0)}</text>"
                )
            else:
                shapes.append(
                    f'<rect x="0" y="{y}" width="2" height="14" fill="{COLOURS[side]}"/>'
                    f'<text x="6" y="{y + 12}" font-size="12">–</text>'
                )
        label = _("%(staff_side)s: %(staff)s. %(survivor_side)s: %(survivor)s.") % {
            "staff_side": Perspective.STAFF.label,
            "staff": _score_text(domain.scores[Perspective.STAFF]),
            "survivor_side": Perspective.SURVIVOR.label,
            "survivor": _score_text(domain.scores[Perspective.SURVIVOR]),
        }
        rows.append(
            '<div class="bar-row">'
            f'<p class="bar-label">{escape(domain.title)}</p>'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 380 38" role="img" '
            f'aria-label="{escape(label)}">'
            '<line x1="0" y1="0" x2="0" y2="38" stroke="#767a85"/>'
            f"{''.join(shapes)}</svg></div>"
        )
    return mark_safe(legend() + '<div class="bars">' + "".join(rows) + "</div>")  # noqa: S308 - text escaped


def trend_lines(points: list[tuple[str, Results]]) -> SafeString:
    """Overall score per round for staff and survivor advisors, oldest first; each point is
    labelled on the axis with its round's date, already formatted for the reader."""
    width, height, left, top, bottom = 640, 220, 44, 12, 34
    plot_w, plot_h = width - left - 30, height - top - bottom
    step = plot_w / max(1, len(points) - 1)
    label = _("Overall score, round by round. The table below gives the numbers.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for tick in (0, 50, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d0d3da"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end">{format_number(tick)}</text>'
        )
    for n, (day, _results) in enumerate(points):
        # The first and last dates are anchored inside the chart so they are not cut off.
        anchor = "start" if n == 0 else "end" if n == len(points) - 1 else "middle"
        parts.append(
            f'<text x="{left + n * step:.1f}" y="{height - 10}" font-size="12" '
            f'text-anchor="{anchor}">{escape(day)}</text>'
        )
    for side in SIDES:
        coords = [
            (left + n * step, top + plot_h * (1 - score / 100))
            for n, (_label, results) in enumerate(points)
            if (score := results.scores[side]) is not None
        ]
        if coords:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{COLOURS[side]}" stroke-width="3"/>'
            )
            parts.extend(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS[side]}"/>'
                for x, y in coords
            )
    parts.append("</svg>")
    return mark_safe(legend() + "".join(parts))  # noqa: S308 - only digits and escaped text
