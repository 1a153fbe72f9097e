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
   countries", or "not stated"). If exactly one cell of a table is suppressed, the total minus the
   shown cells would give it, so the next smallest cell is suppressed too (ties: the first in
   table order). A table never has exactly one suppressed cell. And while the shown cells, at
   the most their rounded values allow, would already account for everyone (so the suppressed
   cells could only all be 0), the next smallest shown cell is suppressed as well.
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


def suppress(counts: list[int]) -> list[bool]:
    """Which cells of one table to suppress (rules 2 and 3), given the true counts in table
    order. Also suppressed, one at a time: the smallest shown cell, while the shown cells'
    largest possible true values already use up the whole group (the suppressed cells could
    then only be 0, which would tell that nobody in the group gave those answers)."""
    hidden = [n < DIVERSITY_MIN_CELL for n in counts]
    total = sum(counts)
    slack = DIVERSITY_ROUND_TO // 2  # the most rounding moves a count
    while any(hidden) and not all(hidden):
        shown = [i for i, hide in enumerate(hidden) if not hide]
        # The most the suppressed cells could add up to, as a reader with the total sees it.
        most_suppressed = total - sum(
            max(DIVERSITY_MIN_CELL, rounded(counts[i]) - slack) for i in shown
        )
        if sum(hidden) > 1 and most_suppressed > 0:
            break
        smallest = min((counts[i], i) for i in shown)
        hidden[smallest[1]] = True
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
