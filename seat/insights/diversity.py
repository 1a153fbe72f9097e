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
4. **Nudged rounding.** Every shown count is moved by a whole number from -2 to 2 (``nudge``: a
   keyed digest of the group's fingerprint, the table and the row), then rounded to the nearest
   multiple of ``DIVERSITY_ROUND_TO`` (5), halves up. A shown count is therefore at least 5
   (only cells of 5 or more are shown) and a multiple of 5, so subtracting one view from another
   never gives an exact small count; and since a group with one more person has a new
   fingerprint, every cell is nudged afresh: the cells that moved between "before" and "after"
   someone joined do not point at her answer. The number of people is rounded plainly (it is
   shown elsewhere exactly) and not at all under ``DIVERSITY_MIN_PEOPLE``.
5. **National origin.** Only countries with at least 5 people are named; every other country
   (named or not by anyone) is counted together as "other countries", so a row never reveals
   that someone from a given country is in the group. That row follows the rules above.

What this does not promise: the nudge is fixed for a group (repeating a request teaches nothing
new), but over many pairs of groups that differ by the same one person, her cell moves up a
little more often than the others; one pair says nothing certain.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet
from django.utils.translation import gettext_lazy as _

from seat.core.countries import country_name
from seat.people.diversity import DIMENSIONS, Dimension, answer_label, digests_of
from seat.people.enums import (
    DIVERSITY_MIN_CELL,
    DIVERSITY_MIN_PEOPLE,
    DIVERSITY_ROUND_TO,
)
from seat.people.models import DiversitySelfId, ExpertProfile

NOT_STATED = "not_stated"
OTHER_COUNTRIES = "other_countries"


def rounded(count: int) -> int:
    """``count`` to the nearest multiple of ``DIVERSITY_ROUND_TO``, halves up."""
    step = DIVERSITY_ROUND_TO
    return ((count + step // 2) // step) * step


def nudge(group: str, table: str, code: str) -> int:
    """A whole number from -2 to 2, the same every time for one cell of one group of people and
    unrelated between groups (rule 4): a keyed digest of the group's fingerprint (how many
    people, and when the first and the last of them joined), the table and the row."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"seat-diversity-nudge", hashlib.sha256).digest()
    digest = hmac.new(key, f"{group}|{table}|{code}".encode(), hashlib.sha256).digest()
    return digest[0] % (2 * (DIVERSITY_ROUND_TO // 2) + 1) - DIVERSITY_ROUND_TO // 2


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
        rows = [
            (code, answer_label(dimension.name, code), by_code[code]) for code in dimension.codes
        ]
    rows.append((NOT_STATED, str(_("Not stated")), people - stated))
    return rows


def diversity_for(*, experts: QuerySet[ExpertProfile]) -> Diversity:
    """Totals of the diversity answers of ``experts`` (the people engaged in a scope), with the
    rules of this module applied. One query for the number of people and one per question,
    however many people there are."""
    people_pks = experts.order_by().values("pk")
    group = experts.order_by().aggregate(
        n=Count("pk", distinct=True), first=Min("created_at"), last=Max("created_at")
    )
    people = group["n"]
    fingerprint = f"{people}|{group['first']}|{group['last']}"
    shown_people = rounded(people) if people >= DIVERSITY_MIN_CELL else None
    if people < DIVERSITY_MIN_PEOPLE:
        return Diversity(
            people=None,
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
                        shown=None
                        if hide
                        else rounded(n + nudge(fingerprint, dimension.name, code)),
                        suppressed=hide,
                    )
                    for (code, label, n), hide in zip(counts, hidden, strict=True)
                ),
            )
        )
    return Diversity(people=shown_people, enough=True, tables=tuple(tables))
