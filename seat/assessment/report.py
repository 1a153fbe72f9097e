"""The results report as PDF (WeasyPrint) and the ratings as CSV."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from seat.assessment.enums import LEVEL_LABELS
from seat.assessment.models import AssessmentRound
from seat.assessment.selectors import ratings_for_export
from seat.core.exports import csv_text

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class PdfUnavailable(RuntimeError):
    """The server lacks the system libraries WeasyPrint needs (Pango)."""


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def results_pdf(*, context: dict[str, Any], paper: str) -> bytes:
    # Imported here: WeasyPrint takes over a second to import and only this path needs it.
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango missing: say so instead of failing with a 500
        raise PdfUnavailable from exc

    html = render_to_string("assessment/results_pdf.html", {**context, "paper": PAPER_SIZES[paper]})
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def ratings_csv(*, assessment_round: AssessmentRound) -> str:
    """One row per rating. Respondents appear as numbers per perspective, never by name."""
    numbers: dict[tuple[str, Any], int] = {}
    rows = []
    for rating in ratings_for_export(assessment_round=assessment_round):
        key = (rating.perspective, rating.respondent_id)
        number = numbers.setdefault(key, sum(1 for p, _r in numbers if p == rating.perspective) + 1)
        rows.append(
            [
                assessment_round.title,
                rating.perspective,
                f"{rating.perspective}-{number}",
                rating.indicator.domain.key,
                rating.indicator.key,
                rating.level,
                LEVEL_LABELS[rating.level] if rating.level else "",
                rating.evidence,
            ]
        )
    header = ["round", "perspective", "respondent", "domain", "indicator", "level", "level_name"]
    return csv_text(header=[*header, "evidence"], rows=rows)
