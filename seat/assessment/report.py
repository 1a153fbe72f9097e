"""The results report as PDF (WeasyPrint) and the ratings as CSV."""

from __future__ import annotations

import hashlib
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from seat.assessment.enums import LEVEL_LABELS, Perspective
from seat.assessment.models import AssessmentRound
from seat.assessment.selectors import (
    ratings_for_export,
    round_results,
    survivor_group,
    survivor_notes,
)
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

    html = render_to_string(
        "assessment/results_pdf.html",
        {**context, "paper": PAPER_SIZES[paper], "today": timezone.localdate()},
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def ratings_csv(*, assessment_round: AssessmentRound) -> str:
    """Staff ratings one row each, respondents numbered afresh in every round (never named, and
    the same number is not the same person from one round to the next). Survivor advisors only
    together: one row per indicator with the advisors' average level and how many gave one,
    then their notes in alphabetical order, and nothing at all while the group is not shown
    (selectors.survivor_group). Every cell goes through seat.core.exports."""
    staff = list(ratings_for_export(assessment_round=assessment_round))
    order = sorted(
        {r.respondent_id for r in staff},
        key=lambda rid: hashlib.sha256(f"{assessment_round.pk}:{rid}".encode()).hexdigest(),
    )
    numbers = {rid: n for n, rid in enumerate(order, start=1)}
    rows: list[list[object]] = []
    for rating in sorted(staff, key=lambda r: numbers[r.respondent_id]):
        rows.append(
            [
                assessment_round.title,
                Perspective.STAFF.value,
                f"staff-{numbers[rating.respondent_id]}",
                rating.indicator.domain.key,
                rating.indicator.key,
                rating.level,
                LEVEL_LABELS[rating.level] if rating.level else "",
                "",
                rating.evidence,
            ]
        )
    if survivor_group(assessment_round=assessment_round).shown:
        notes = survivor_notes(assessment_round=assessment_round)
        for indicator in round_results(assessment_round=assessment_round).indicators:
            level = indicator.mean_level[Perspective.SURVIVOR]
            together = [assessment_round.title, Perspective.SURVIVOR.value, "together"]
            where = [indicator.domain_key, indicator.key]
            if level is not None:
                count = indicator.respondents[Perspective.SURVIVOR]
                rows.append([*together, *where, f"{level:.1f}", "", count, ""])
            for note in notes.get(indicator.key, []):
                rows.append([*together, *where, "", "", "", note])
    header = ["round", "perspective", "respondent", "domain", "indicator", "level", "level_name"]
    return csv_text(header=[*header, "respondents", "evidence"], rows=rows)
