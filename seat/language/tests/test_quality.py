"""Quality, measured: precision and recall of every lexicon on the project's labelled corpus.

Run with ``-s`` to see the figures; README.md records them.
"""

from __future__ import annotations

import pytest

from seat.language.lexicon import available_languages, builtin_lexicon
from seat.language.quality import corpus_languages, evaluate, load_corpus

FLOOR = 0.9


def test_every_language_has_a_corpus():
    assert corpus_languages() == list(available_languages())


@pytest.mark.parametrize("lang", corpus_languages())
def test_the_corpus_is_large_labelled_with_real_rules_and_has_both_kinds(lang):
    examples = load_corpus(lang)
    rules = {rule.id for rule in builtin_lexicon(lang).rules}
    assert len(examples) >= 200
    assert len({e.sentence for e in examples}) == len(examples), "a sentence is listed twice"
    for example in examples:
        assert example.expected <= rules, (lang, example.line, example.expected - rules)
    flagged = sum(1 for e in examples if e.expected)
    assert 60 <= flagged <= len(examples) - 100, "needs both flagged and clean sentences"
    assert {rule for e in examples for rule in e.expected} == rules, "every rule is exercised"


@pytest.mark.parametrize("lang", corpus_languages())
def test_precision_and_recall_are_at_least_ninety_percent(lang):
    scores = evaluate(lang)
    print(
        f"\n{lang}: {scores.sentences} sentences ({scores.flagged} flagged), "
        f"precision {scores.precision:.3f}, recall {scores.recall:.3f}"
    )
    for mistake in scores.mistakes:
        print("  ", mistake)
    assert scores.precision >= FLOOR, scores.mistakes
    assert scores.recall >= FLOOR, scores.mistakes
