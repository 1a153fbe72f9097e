"""An insights report as files a funder or a board opens in a spreadsheet: CSV and XLSX.

Both are written from ``serialise.insights_dict``, the same figures the API answers, one row per
figure: the metric, the figure, its value, the part and the whole it is a share of (when it is a
share), and the metric's definition. Then the engagement ladder (its rung and each test, passed
or not, with what would pass it), the consultations opened over the quality check's blockers,
and the self-assessment. Headers and words are in the reader's language; numbers are numbers
(days and money as exact decimals, never floats) and every text cell goes through
``core.exports.defuse_cell``, so a consultation's title or an override's reason cannot start a
formula.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from seat.consultations.enums import Influence, Stage
from seat.core.exports import csv_text, defuse_cell
from seat.insights.ladder import RUNG_LABELS, TESTS, Rung

METRIC_LABELS: dict[str, Promise] = {
    "period": gettext_lazy("Period"),
    "counts": gettext_lazy("Totals"),
    "stage_coverage": gettext_lazy("Stage coverage"),
    "early_input": gettext_lazy("Early input"),
    "lead_time": gettext_lazy("Lead time"),
    "paid_share": gettext_lazy("Paid share"),
    "pay_parity": gettext_lazy("Pay parity"),
    "time_to_pay": gettext_lazy("Time to pay"),
    "loop_closure": gettext_lazy("Loop closure"),
    "influence": gettext_lazy("Influence"),
    "continuity": gettext_lazy("Continuity"),
    "partnership": gettext_lazy("Partnership"),
    "diversity": gettext_lazy("Diversity"),
    "ladder": gettext_lazy("Engagement ladder"),
    "overrides": gettext_lazy("Quality check overrides"),
    "self_assessment": gettext_lazy("Self-assessment"),
}
FIGURE_LABELS: dict[str, Promise] = {
    "start": pgettext_lazy("insights period", "From"),
    "end": pgettext_lazy("insights period", "To"),
    "consultations": gettext_lazy("Consultations"),
    "contributions": gettext_lazy("Pieces of input"),
    "people": gettext_lazy("People who gave input"),
    "percent": gettext_lazy("Share (%)"),
    "median_days": gettext_lazy("Median days"),
    "shorter_than_minimum": gettext_lazy("Consultations shorter than the minimum"),
    "minimum_days": gettext_lazy("Minimum days"),
    "lowest_percent": gettext_lazy("Lowest parity (%)"),
    "below_parity": gettext_lazy("Rate cards below parity"),
    "paid_on_time": gettext_lazy("Paid on time (%)"),
    "paid_late": gettext_lazy("Paid late"),
    "overdue": gettext_lazy("Overdue and unpaid"),
    "answered": gettext_lazy("Answered (%)"),
    "input_adopted": gettext_lazy("Input adopted (%)"),
    "recommendations_adopted": gettext_lazy("Recommendations adopted (%)"),
    "engaged_over_12_months": gettext_lazy("Engaged over 12 months (%)"),
    "survivors_on_staff": gettext_lazy("Survivors on paid staff"),
    "survivors_in_leadership": gettext_lazy("Survivors in leadership"),
    "rung": gettext_lazy("Rung"),
    "staff_rung": gettext_lazy("What staff say"),
    "survivor_advisors_rung": gettext_lazy("What survivor advisors say"),
    "not_yet": gettext_lazy("No data yet"),
}
HEADER: list[Promise] = [
    gettext_lazy("Metric"),
    gettext_lazy("Figure"),
    gettext_lazy("Value"),
    gettext_lazy("Part"),
    gettext_lazy("Whole"),
    gettext_lazy("Definition"),
]


@dataclass(frozen=True)
class Row:
    """One figure: ``metric`` and ``figure`` are stable keys (tests and programs read them);
    the file shows their labels."""

    metric: str
    figure: str
    label: str
    value: Any
    part: int | Decimal | None = None
    whole: int | Decimal | None = None
    note: str = ""

    def cells(self) -> list[object]:
        return [
            str(METRIC_LABELS[self.metric]),
            self.label,
            self.value,
            self.part,
            self.whole,
            self.note,
        ]


def _days(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _rung(key: str | None) -> str:
    return "" if key is None else str(RUNG_LABELS[Rung[key.upper()]])


def _share(metric: str, figure: str, label: Any, share: dict[str, Any], note: str = "") -> Row:
    return Row(metric, figure, str(label), share["percent"], share["part"], share["whole"], note)


def _fig(key: str) -> str:
    return str(FIGURE_LABELS[key])


def figure_rows(data: dict[str, Any]) -> Iterator[Row]:
    """Every row of the files, from ``insights_dict``'s answer, in the order of the pages."""
    meaning = data["definitions"]
    period, counts = data["period"], data["counts"]
    yield Row("period", "start", _fig("start"), datetime.date.fromisoformat(period["start"]))
    yield Row("period", "end", _fig("end"), datetime.date.fromisoformat(period["end"]))
    for key in ("consultations", "contributions", "people"):
        yield Row("counts", key, _fig(key), counts[key])

    coverage = data["stage_coverage"]
    for stage in Stage:
        share = coverage["stages"][stage.value]
        yield _share("stage_coverage", stage.value, stage.label, share, meaning["stage_coverage"])
    yield _share(
        "early_input", "percent", _fig("percent"), data["early_input"], meaning["early_input"]
    )
    lead = data["lead_time"]
    yield Row(
        "lead_time",
        "median_days",
        _fig("median_days"),
        _days(lead["days"]),
        whole=lead["count"],
        note=meaning["lead_time"],
    )
    yield Row(
        "lead_time",
        "shorter_than_minimum",
        _fig("shorter_than_minimum"),
        lead["shorter_than_minimum"],
        whole=lead["count"],
    )
    yield Row("lead_time", "minimum_days", _fig("minimum_days"), lead["minimum_days"])
    yield _share(
        "paid_share", "percent", _fig("percent"), data["paid_share"], meaning["paid_share"]
    )

    parity = data["pay_parity"]
    yield Row(
        "pay_parity",
        "lowest_percent",
        _fig("lowest_percent"),
        parity["lowest_percent"],
        note=meaning["pay_parity"],
    )
    yield Row("pay_parity", "below_parity", _fig("below_parity"), parity["below_parity"])
    for card in parity["rate_cards"]:
        # The survivor rate as the part of the other consultants' rate, both in the currency.
        yield Row(
            "pay_parity",
            f"{card['role']}/{card['unit']}/{card['currency']}",
            f"{card['role']}, {card['unit']}, {card['currency']}",
            card["percent"],
            Decimal(card["survivor_rate"]),
            Decimal(card["peer_rate"]),
        )

    pay = data["time_to_pay"]
    yield Row(
        "time_to_pay",
        "median_days",
        _fig("median_days"),
        _days(pay["days"]),
        whole=pay["count"],
        note=meaning["time_to_pay"],
    )
    yield _share("time_to_pay", "paid_on_time", _fig("paid_on_time"), pay["paid_on_time"])
    yield Row("time_to_pay", "paid_late", _fig("paid_late"), pay["paid_late"])
    yield Row("time_to_pay", "overdue", _fig("overdue"), pay["overdue"])

    loop = data["loop_closure"]
    yield _share(
        "loop_closure", "answered", _fig("answered"), loop["answered"], meaning["loop_closure"]
    )
    yield Row(
        "loop_closure",
        "median_days",
        _fig("median_days"),
        _days(loop["median_days"]["days"]),
        whole=loop["median_days"]["count"],
    )

    influence = data["influence"]
    levels = influence["levels"]
    total = sum(levels.values())
    for level in Influence:
        yield Row(
            "influence",
            level.value,
            str(level.label),
            levels[level.value],
            whole=total,
            note=meaning["influence"] if level is Influence.INFORM else "",
        )
    for key in ("input_adopted", "recommendations_adopted"):
        yield _share("influence", key, _fig(key), influence[key])

    continuity = data["continuity"]
    yield _share(
        "continuity",
        "engaged_over_12_months",
        _fig("engaged_over_12_months"),
        continuity["engaged_over_12_months"],
        meaning["continuity"],
    )
    for key in ("survivors_on_staff", "survivors_in_leadership"):
        yield Row("continuity", key, _fig(key), continuity[key])
    yield _share(
        "partnership", "percent", _fig("percent"), data["partnership"], meaning["partnership"]
    )
    yield from diversity_rows(data["diversity"], meaning["diversity"])

    ladder = data["ladder"]
    yield Row("ladder", "rung", _fig("rung"), ladder["rung_label"])
    advice = {test.key: test.advice for test in TESTS}
    for test in ladder["tests"]:
        if test["passed"]:
            verdict = _("Passed.")
        else:
            verdict = _("Not passed. To pass: %(advice)s") % {"advice": advice[test["key"]]}
        yield Row("ladder", test["key"], test["asks"], test["figure"], note=verdict)

    overrides = data["overrides"]
    yield Row(
        "overrides", "count", _fig("consultations"), overrides["count"], note=meaning["overrides"]
    )
    for override in overrides["consultations"]:
        yield Row(
            "overrides",
            override["consultation"],
            override["title"],
            override["blockers"],
            note=override["reason"],
        )

    said = data["self_assessment"]
    for key in ("staff_rung", "survivor_advisors_rung"):
        yield Row(
            "self_assessment",
            key,
            _fig(key),
            _rung(said[key]) if said else _fig("not_yet"),
        )


def diversity_rows(diversity: dict[str, Any], definition: str) -> Iterator[Row]:
    """Who took part, as diversity.py gives it (already suppressed and rounded): the number of
    people, then one row per answer of each table; a hidden count stays empty and says so."""
    if not diversity["enough_people"]:
        too_few = _("Too few people to show this safely.")
        yield Row("diversity", "people", _fig("people"), None, note=f"{too_few} {definition}")
        return
    yield Row("diversity", "people", _fig("people"), diversity["people"], note=definition)
    hidden = pgettext("a count kept hidden", "not shown")
    for table in diversity["tables"]:
        for cell in table["rows"]:
            yield Row(
                "diversity",
                f"{table['code']}.{cell['code']}",
                f"{table['title']}: {cell['label']}",
                cell["count"],
                note=hidden if cell["suppressed"] else "",
            )


def insights_csv(data: dict[str, Any]) -> str:
    return csv_text(
        header=[str(name) for name in HEADER], rows=(row.cells() for row in figure_rows(data))
    )


def insights_xlsx(data: dict[str, Any]) -> bytes:
    """One sheet, the CSV's rows: numbers are numeric cells, days date cells, text defused."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "insights"
    sheet.append([defuse_cell(str(name)) for name in HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in figure_rows(data):
        sheet.append([_cell(value) for value in row.cells()])
        if isinstance(row.value, datetime.date):
            sheet.cell(row=sheet.max_row, column=3).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEF", (24, 40, 12, 10, 10, 80), strict=True):
        sheet.column_dimensions[column].width = width
    for (cell,) in sheet.iter_rows(min_col=6, max_col=6, min_row=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    return defuse_cell(value)
