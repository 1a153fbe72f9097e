"""Diversity coverage: who the people engaged are, as totals only, safe to show anywhere.

``diversity_for(experts=...)`` is the one function behind every page, export and API that shows
diversity, so "suppressed" means the same everywhere. It counts in the database, over the blind
index of each answer (``people.diversity``), one query per question plus one for the number of
people: no answer is ever decrypted or read per person here.

Rules, applied in this order (constants in ``people.enums``, so her page states the same ones):

1. **Too few people.** Nothing is shown for a group of fewer than ``DIVERSITY_MIN_PEOPLE`` (10)
   people: every table says "too few people to show this safely".
2. **Primary suppression.** Every cell with a true count under ``DIVERSITY_MIN_CELL`` (5),
   *including 0*, is shown as "fewer than 5", never its number. Zero is suppressed too: "no one
   here is X" tells about everyone in the group, and showing 0 would let a reader tell a
   suppressed 1 to 4 from an empty cell.
3. **Secondary suppression.** The number of people in a group is known (it is shown elsewhere),
   and each table's cells add up to it (every person is in exactly one cell: a category, "other
   countries", or "not stated"). So the smallest shown cell is suppressed too, one at a time
   (ties: the first in table order), until at least two cells are suppressed and a reader who
   knows the exact total, the shown counts, these rules, and even which suppressed cells are
   small, still finds at least two possible values for every suppressed cell
   (``_each_hidden_cell_is_ambiguous``). A table never has exactly one suppressed cell, and
   never exactly one shown cell either: a lone shown cell is suppressed as well, since a table
   hidden but for one cell would say by its shape that all the others are small.
4. **Rounding.** Every shown count, and the number of people, is rounded to the nearest multiple
   of ``DIVERSITY_ROUND_TO`` (5), halves up (7 → 5, 8 → 10, 12 → 10, 13 → 15). A shown count is
   therefore at least 5 and a multiple of 5, so subtracting one view from another (an
   organisation and one project, one period and the next, the page and the CSV) gives a multiple
   of 5, never an exact small count; and the total minus the shown cells of a table is off by up
   to 2 per shown cell, so even the sum of the suppressed cells is not exact.
5. **National origin.** Only countries with at least 5 people are named; every other country
   (named or not by anyone) is counted together as "other countries", so a row never reveals
   that someone from a given country is in the group. That row follows the rules above.

What this does not promise: rounding is deterministic (the same people always give the same
table, so repeating a request teaches nothing new), and two groups that differ by one person can
still differ in a rounded cell when a count crosses a rounding boundary (7 → 8 shows 5 → 10).
Which cell moved says something about that person only to someone who already knows exactly who
the one person is; the amount (5) never equals what changed (1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from seat.core.countries import country_name
from seat.people.diversity import DIMENSIONS, Dimension, digests_of
from seat.people.enums import (
    DIVERSITY_MIN_CELL,
    DIVERSITY_MIN_PEOPLE,
    DIVERSITY_ROUND_TO,
    AgeBand,
    Disability,
    Exploitation,
    Gender,
    SexualOrientation,
)
from seat.people.models import DiversitySelfId, ExpertProfile

NOT_STATED = "not_stated"
OTHER_COUNTRIES = "other_countries"

_LABELS: dict[str, dict[str, Any]] = {
    "exploitation": dict(Exploitation.choices),
    "gender": dict(Gender.choices),
    "age_band": dict(AgeBand.choices),
    "orientation": dict(SexualOrientation.choices),
    "disability": dict(Disability.choices),
}


def rounded(count: int) -> int:
    """``count`` to the nearest multiple of ``DIVERSITY_ROUND_TO``, halves up."""
    step = DIVERSITY_ROUND_TO
    return ((count + step // 2) // step) * step


@dataclass(frozen=True)
class Cell:
    """One row of a table. ``shown`` is the rounded count, or None when suppressed."""

    code: str
    label: str
    shown: int | None
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": str(self.label),
            "count": self.shown,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class Table:
    """One question's totals. ``rows`` is empty when the group is too small to show."""

    code: str
    title: str
    rows: tuple[Cell, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": str(self.title),
            "rows": [row.as_dict() for row in self.rows],
        }


@dataclass(frozen=True)
class Diversity:
    """Totals for a group of people, already suppressed and rounded: safe to show as is.

    ``people`` is the rounded number of people (None under ``DIVERSITY_MIN_CELL``);
    ``enough`` is False when the group is under ``DIVERSITY_MIN_PEOPLE`` and no table is shown."""

    people: int | None
    enough: bool
    tables: tuple[Table, ...]
    min_cell: int = DIVERSITY_MIN_CELL
    min_people: int = DIVERSITY_MIN_PEOPLE
    round_to: int = DIVERSITY_ROUND_TO

    def as_dict(self) -> dict[str, Any]:
        """For the API and CSV exports: a suppressed cell is ``"count": null`` with
        ``"suppressed": true``, never its number."""
        return {
            "people": self.people,
            "people_suppressed": self.people is None,
            "enough_people": self.enough,
            "rules": {
                "min_cell": self.min_cell,
                "min_people": self.min_people,
                "round_to": self.round_to,
            },
            "tables": [table.as_dict() for table in self.tables],
        }


def _each_hidden_cell_is_ambiguous(counts: list[int], hidden: list[bool]) -> bool:
    """Whether a reader who has the table, its exact total and these rules, and who even knows
    which hidden cells were small (primary) and which were hidden to protect them (secondary),
    still finds at least two possible values for every hidden cell.

    The reader knows: each shown cell is at least ``DIVERSITY_MIN_CELL`` and within rounding of
    what is shown; a small cell is under ``DIVERSITY_MIN_CELL``; a cell hidden to protect
    another was at least ``DIVERSITY_MIN_CELL`` and no larger than any cell still shown; and the
    cells add up to the total."""
    slack = DIVERSITY_ROUND_TO // 2
    shown = [i for i, hide in enumerate(hidden) if not hide]
    total = sum(counts)
    shown_low = sum(max(DIVERSITY_MIN_CELL, rounded(counts[i]) - slack) for i in shown)
    shown_high = sum(rounded(counts[i]) + slack for i in shown)
    hidden_low, hidden_high = total - shown_high, total - shown_low
    largest_protector = min((rounded(counts[i]) + slack for i in shown), default=total)
    bounds = [
        (0, DIVERSITY_MIN_CELL - 1)
        if counts[i] < DIVERSITY_MIN_CELL
        else (DIVERSITY_MIN_CELL, largest_protector)
        for i, hide in enumerate(hidden)
        if hide
    ]
    all_low = sum(low for low, _high in bounds)
    all_high = sum(high for _low, high in bounds)
    for low, high in bounds:
        least = max(low, hidden_low - (all_high - high))
        most = min(high, hidden_high - (all_low - low))
        if most - least < 1:
            return False
    return True


def suppress(counts: list[int]) -> list[bool]:
    """Which cells of one table to suppress (rules 2 and 3), given the true counts in table
    order: the small cells, then the smallest shown cell, one at a time, until at least two
    cells are hidden and each hidden cell could still be any of at least two numbers for a
    reader who knows the total and these rules (``_each_hidden_cell_is_ambiguous``). A single
    cell is never shown alone: a table hidden but for one cell would tell, by its very shape,
    that every other cell is small (three cells of 12 people, all under 5, can only be 4, 4 and
    4), so the lone cell is hidden too."""
    hidden = [n < DIVERSITY_MIN_CELL for n in counts]
    while any(hidden) and not all(hidden):
        if sum(hidden) > 1 and _each_hidden_cell_is_ambiguous(counts, hidden):
            break
        shown = [i for i, hide in enumerate(hidden) if not hide]
        smallest = min((counts[i], i) for i in shown)
        hidden[smallest[1]] = True
    if sum(not hide for hide in hidden) == 1:
        hidden = [True] * len(counts)
    return hidden


def _table_counts(
    dimension: Dimension, by_digest: dict[str, int], people: int
) -> list[tuple[str, str, int]]:
    """(code, label, true count) per row of ``dimension``'s table, adding up to ``people``."""
    by_code: dict[str, int] = {}
    for digest, code in digests_of(dimension).items():
        by_code[code] = by_digest.get(digest, 0)
    stated = sum(by_code.values())
    rows: list[tuple[str, str, int]] = []
    if dimension.name == "origin":
        named = sorted(
            (code for code, n in by_code.items() if n >= DIVERSITY_MIN_CELL),
            key=lambda code: (-by_code[code], code),
        )
        rows = [(code, country_name(code), by_code[code]) for code in named]
        rest = stated - sum(by_code[code] for code in named)
        rows.append((OTHER_COUNTRIES, str(_("Other countries")), rest))
    else:
        labels = _LABELS[dimension.name]
        rows = [(code, labels[code], by_code[code]) for code in dimension.codes]
    rows.append((NOT_STATED, str(_("Not stated")), people - stated))
    return rows


def diversity_for(*, experts: QuerySet[ExpertProfile]) -> Diversity:
    """Totals of the diversity answers of ``experts`` (the people engaged in a scope), with the
    rules of this module applied. One query for the number of people and one per question,
    however many people there are."""
    people_pks = experts.order_by().values("pk")
    people = experts.order_by().values("pk").distinct().count()
    shown_people = rounded(people) if people >= DIVERSITY_MIN_CELL else None
    if people < DIVERSITY_MIN_PEOPLE:
        return Diversity(
            people=shown_people,
            enough=False,
            tables=tuple(Table(code=d.name, title=str(d.title)) for d in DIMENSIONS),
        )
    answered = DiversitySelfId.objects.filter(profile__in=people_pks)
    tables = []
    for dimension in DIMENSIONS:
        index = dimension.index_field
        by_digest = {
            row[index]: row["n"]
            for row in answered.exclude(**{index: ""})
            .order_by()
            .values(index)
            .annotate(n=Count("pk"))
        }
        counts = _table_counts(dimension, by_digest, people)
        hidden = suppress([n for _code, _label, n in counts])
        tables.append(
            Table(
                code=dimension.name,
                title=str(dimension.title),
                rows=tuple(
                    Cell(
                        code=code,
                        label=str(label),
                        shown=None if hide else rounded(n),
                        suppressed=hide,
                    )
                    for (code, label, n), hide in zip(counts, hidden, strict=True)
                ),
            )
        )
    return Diversity(people=shown_people, enough=True, tables=tuple(tables))
