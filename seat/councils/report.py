"""A council's annual report, as a page and as a PDF (WeasyPrint): the meetings of the year
with their attendance, and every recommendation submitted that year with its whole status
timeline, its earlier wordings, the host's responses and the dissenting views. Meetings
still to come are not counted as held. No pay and no real names."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from seat.councils import selectors
from seat.councils.enums import RecommendationStatus
from seat.councils.models import Council


class PdfUnavailable(RuntimeError):
    """The server lacks the system libraries WeasyPrint needs (Pango)."""


def report_context(*, council: Council, year: int) -> dict[str, Any]:
    today = timezone.localdate()
    meetings = selectors.meetings_in(council=council, year=year, held_by=today)
    recommendations = selectors.recommendations_of(council=council, year=year)
    counts: dict[str, int] = {}
    for recommendation in recommendations:
        counts[recommendation.status] = counts.get(recommendation.status, 0) + 1
    return {
        "council": council,
        "year": year,
        "meetings": meetings,
        "present_total": sum(m.present_count for m in meetings),  # type: ignore[attr-defined]
        "recommendations": recommendations,
        "by_status": [
            (label, counts.get(value, 0)) for value, label in RecommendationStatus.choices
        ],
        "today": today,
    }


def report_pdf(*, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint takes over a second to import and only this path needs it.
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango missing: say so instead of failing with a 500
        raise PdfUnavailable from exc
    html = render_to_string("councils/report_pdf.html", context)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
