"""Diversity totals: counted by the database, suppressed and rounded so that no one person's
answer can be read or worked out, by subtraction within a table or between two views."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seat.accounts.models import User
from seat.insights.diversity import Diversity, diversity_for, rounded, suppress
from seat.people.diversity import diversity_save
from seat.people.enums import DIVERSITY_MIN_CELL
from seat.people.models import ExpertProfile

pytestmark = pytest.mark.django_db

_made = itertools.count()


def people(n: int, **answers: str) -> list[ExpertProfile]:
    """``n`` people who each gave ``answers``, through her own service (no password hashing:
    these accounts never log in)."""
    made = []
    for _ in range(n):
        number = next(_made)
        user = User.objects.create(username=f"person-{number}")
        expert = ExpertProfile.objects.create(user=user, pseudonym=f"Person {number}")
        if answers:
            diversity_save(actor=user, expert=expert, answers=answers)
        made.append(expert)
    return made


def of(experts: list[ExpertProfile]):
    return ExpertProfile.objects.filter(pk__in=[e.pk for e in experts])


def table(result: Diversity, code: str) -> dict[str, int | None]:
    """A table as {row code: shown count, None when suppressed}."""
    found = next(t for t in result.tables if t.code == code)
    return {row.code: row.shown for row in found.rows}


def near(true: int) -> set[int]:
    """What a shown cell of ``true`` people may read: rounded to 5 after a nudge of -2 to 2."""
    return {rounded(true + step) for step in range(-2, 3)}


def matches(shown: dict[str, int | None], true: dict[str, int | None]) -> bool:
    """``shown`` hides exactly the cells ``true`` marks None, and shows the others near their
    true counts."""
    return shown.keys() == true.keys() and all(
        (shown[code] is None) if true[code] is None else shown[code] in near(true[code])
        for code in true
    )


def test_too_few_people_show_nothing():
    group = people(9, gender="woman")
    result = diversity_for(experts=of(group))
    assert result.enough is False
    assert result.people is None  # not even how many, rounded: the page says "too few"
    assert all(t.rows == () for t in result.tables)
    assert result.as_dict()["tables"][1] == {"code": "gender", "title": "Gender", "rows": []}


def test_a_table_is_rounded_and_small_cells_are_suppressed():
    group = (
        people(12, gender="woman", disability="no")
        + people(6, gender="man", disability="yes")
        + people(2, gender="non_binary", disability="no")
        + people(3)
    )
    result = diversity_for(experts=of(group))
    assert result.people == 25
    assert matches(
        table(result, "gender"),
        {"woman": 12, "man": 6, "non_binary": None, "self_described": None, "not_stated": None},
    )
    # 14 no, 6 yes, 3 not stated: "not stated" alone would be 23 - 14 - 6, so "yes" goes too;
    # and "no" alone would say both others are small, so it goes as well.
    assert table(result, "disability") == {"yes": None, "no": None, "not_stated": None}


def test_suppressed_cells_are_null_with_a_flag_in_the_api_form():
    group = people(12, disability="no") + people(3, disability="yes")
    cells = diversity_for(experts=of(group)).as_dict()["tables"][-1]["rows"]
    assert cells == [
        {"code": "yes", "label": "Yes", "count": None, "suppressed": True},
        {"code": "no", "label": "No", "count": None, "suppressed": True},
        {"code": "not_stated", "label": "Not stated", "count": None, "suppressed": True},
    ]


def test_countries_with_few_people_are_never_named():
    group = (
        people(6, origin="BD")
        + people(7, origin="PE")
        + people(2, origin="NP")
        + people(1, origin="IN")
        + people(4)
    )
    result = diversity_for(experts=of(group))
    assert matches(
        table(result, "origin"), {"PE": 7, "BD": 6, "other_countries": None, "not_stated": None}
    )
    labels = [row.label for row in result.tables[3].rows]
    assert labels == ["Peru", "Bangladesh", "Other countries", "Not stated"]


def test_counts_are_made_by_the_database_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    ten = people(10, gender="woman", origin="BD")
    with django_assert_num_queries(7):
        diversity_for(experts=of(ten))
    hundred = ten + people(90, gender="man", origin="NP", age_band="25_34")
    with django_assert_num_queries(7):
        result = diversity_for(experts=of(hundred))
    assert table(result, "gender")["man"] in near(90)


# Attacks: recover a small cell by subtraction --------------------------------------------------


def test_attack_total_minus_the_other_cells_of_the_same_table():
    """(a) 20 people, 3 of them non-binary: the total (exactly 20) minus the shown cells."""
    group = people(11, gender="woman") + people(6, gender="man") + people(3, gender="non_binary")
    shown = table(diversity_for(experts=of(group)), "gender")
    true = {"woman": 11, "man": 6, "non_binary": None, "self_described": None, "not_stated": None}
    assert matches(shown, true)
    # Every population of 20 that publishes this same table, by these same rules, even to a
    # reader who could undo the nudge (it only widens what a shown number may stand for):
    alike = [
        counts for counts in compositions(20, 5) if published(counts) == published([11, 6, 3, 0, 0])
    ]
    assert [11, 6, 3, 0, 0] in alike
    assert sorted({counts[2] for counts in alike}) == [0, 1, 2, 3, 4]


def test_attack_organisation_minus_the_same_people_but_one():
    """(b) A project's table (the organisation's people minus one) against the organisation's:
    the one left out is the only non-binary person."""
    everyone = people(1, gender="non_binary") + people(12, gender="woman") + people(7, gender="man")
    her, rest = everyone[0], everyone[1:]
    organisation = table(diversity_for(experts=of(everyone)), "gender")
    project = table(diversity_for(experts=of(rest)), "gender")
    true = {"woman": 12, "man": 7, "non_binary": None, "self_described": None, "not_stated": None}
    # Both views hide her cell and show the others near their counts: nothing says what the one
    # person answered.
    assert matches(organisation, true) and matches(project, true)
    assert her.pk not in {e.pk for e in rest}


def test_attack_two_periods_differing_by_one_person():
    """(c) This month against last month, one more woman since: differences are multiples of
    5, never the 1 that changed, and a small cell stays suppressed in both."""
    before = people(11, gender="woman") + people(2, gender="non_binary") + people(6, gender="man")
    after = before + people(1, gender="non_binary")
    first = table(diversity_for(experts=of(before)), "gender")
    second = table(diversity_for(experts=of(after)), "gender")
    assert first["non_binary"] is None and second["non_binary"] is None
    for code in first:
        if first[code] is not None and second[code] is not None:
            assert (second[code] - first[code]) % 5 == 0


def test_attack_the_cell_that_moves_when_one_person_joins():
    """(d) The same group seen twice, once before and once after one known person joined:
    deterministic rounding would give her away whenever her cell crossed a rounding boundary
    (7 people show 5, 8 show 10, and only her cell moves). The nudge is drawn afresh for each
    group, so other cells move too and hers often does not: over many such pairs, the cells
    that moved are not a reliable sign of her answer."""
    told_her_cell = 0
    pairs = 12
    for _round in range(pairs):
        before = people(7, gender="woman") + people(6, gender="man") + people(5)
        after = before + people(1, gender="woman")
        first = table(diversity_for(experts=of(before)), "gender")
        second = table(diversity_for(experts=of(after)), "gender")
        moved = {code for code in first if first[code] != second[code]}
        told_her_cell += moved == {"woman"}
    assert told_her_cell < pairs


# Properties, for any population ----------------------------------------------------------------


def compositions(total: int, cells: int) -> list[list[int]]:
    """Every way ``total`` people fall into ``cells`` cells."""
    return [
        [*head, total - sum(head)]
        for head in itertools.product(range(total + 1), repeat=cells - 1)
        if sum(head) <= total
    ]


def published(counts: list[int]) -> tuple[int | None, ...]:
    hidden = suppress(counts)
    return tuple(None if hide else rounded(n) for n, hide in zip(counts, hidden, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=3, max_size=12))
def test_no_table_has_one_suppressed_cell_and_shown_counts_are_round(counts):
    shown = published(counts)
    suppressed = [s is None for s in shown]
    assert sum(suppressed) != 1
    assert suppressed.count(False) != 1
    for true, value in zip(counts, shown, strict=True):
        if true < DIVERSITY_MIN_CELL:
            assert value is None
        if value is not None:
            assert value % 5 == 0 and value >= 5


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=14), min_size=3, max_size=4).filter(
        lambda c: sum(c) >= 10
    )
)
@example([4, 4, 4])  # all small: the shape alone gave 4, 4 and 4 before the lone-cell rule
@example([7, 7, 4, 7])  # "the next smallest" alone gave 7 and 4 before the ambiguity check
def test_a_reader_who_knows_the_rules_and_the_exact_total_cannot_recover_a_suppressed_cell(
    counts,
):
    """Every population that publishes the same table (same total, same rules): each
    suppressed cell takes at least two values among them."""
    shown = published(counts)
    total = sum(counts)
    alike = [
        candidate
        for candidate in itertools.product(range(total + 1), repeat=len(counts) - 1)
        if sum(candidate) <= total and published([*candidate, total - sum(candidate)]) == shown
    ]
    alike = [[*c, total - sum(c)] for c in alike]
    for i, value in enumerate(shown):
        if value is None:
            assert len({candidate[i] for candidate in alike}) >= 2, (counts, shown)


# The partial the dashboards include ----------------------------------------------------------


def test_the_partial_shows_tables_with_captions_and_headers_and_never_a_hidden_number():
    from django.template.loader import render_to_string

    group = people(11, gender="woman") + people(6, gender="man") + people(3, gender="non_binary")
    diversity = diversity_for(experts=of(group))
    html = render_to_string("insights/_diversity.html", {"diversity": diversity})
    assert html.count("<caption>") == 6
    assert "<caption>Gender</caption>" in html
    women = table(diversity, "gender")["woman"]
    assert women in near(11)
    assert f'<th scope="row">Woman</th><td>{women}</td>' in html
    assert '<th scope="row">Non-binary</th><td>not shown</td>' in html
    assert '<th scope="col">People</th>' in html
    assert ">3<" not in html and ">11<" not in html


def test_the_partial_says_when_there_are_too_few_people():
    from django.template.loader import render_to_string

    html = render_to_string(
        "insights/_diversity.html", {"diversity": diversity_for(experts=of(people(4)))}
    )
    assert "Too few people to show this safely" in html
    assert "at least 10 people" in html
    assert "<table" not in html


def test_after_a_key_change_reindexing_counts_the_same_again(settings):
    from seat.people.diversity import diversity_reindex

    group = people(6, gender="woman") + people(6, gender="man")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert table(diversity_for(experts=of(group)), "gender")["woman"] is None
    assert diversity_reindex() == 12
    assert table(diversity_for(experts=of(group)), "gender")["woman"] in near(6)
