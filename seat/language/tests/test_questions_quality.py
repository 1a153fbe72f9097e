"""Story extraction and blame, measured: precision and recall of the ``story_extraction``
detector on the project's labelled questions, per language: on the tuning part, the held-out
part (written before the rules, never tuned on) and the blind part (written after a round of
tuning, in new phrasings, or by a second author kept unread while tuning; never tuned on). Fails
below 0.9 on the held-out part or overall.

The blind part is reported, not held to the floor: it is small (40 questions a language, 18 to
catch) and its recall is far below 0.9 today (README.md, "Story extraction and blame"); a floor on
it would be met by tuning on it, which would end its use as a blind measure.

Run with ``-s`` to see the table; README.md records it.
"""

from __future__ import annotations

import pytest

from seat.language.quality import (
    QUESTION_LABELS,
    load_questions,
    question_corpus_languages,
    question_scores,
)
from seat.language.questions import question_languages

FLOOR = 0.9


def test_every_language_with_rules_has_a_corpus_and_back():
    assert question_corpus_languages() == list(question_languages())


@pytest.mark.parametrize("lang", question_corpus_languages())
def test_the_corpus_is_large_has_every_kind_and_many_negatives(lang):
    questions = load_questions(lang)
    assert len(questions) >= 200
    assert len({q.text for q in questions}) == len(questions), "a question is listed twice"
    assert sum(q.split == "blind" for q in questions) >= 12
    for split in ("tune", "held"):
        part = [q for q in questions if q.split == split]
        assert len(part) >= 60, (split, len(part))
        for label in QUESTION_LABELS:
            assert sum(q.label == label for q in part) >= 5, (split, label)
    share = sum(q.positive for q in questions) / len(questions)
    assert 0.3 <= share <= 0.5, share


@pytest.mark.parametrize("lang", question_corpus_languages())
def test_precision_and_recall_are_at_least_ninety_percent_held_out_and_overall(lang):
    scores = question_scores(lang)
    print(f"\n{lang}: split      questions  positives  precision  recall  kind agrees")
    for split in ("tune", "held", "blind", "all"):
        s = scores[split]
        print(
            f"{lang}: {split:<10} {s.questions:>9}  {s.positives:>9}  {s.precision:>9.3f}  "
            f"{s.recall:>6.3f}  {s.kind_agrees:>4}/{s.true_positives}"
        )
    for mistake in scores["tune"].mistakes + scores["held"].mistakes:
        print("  ", mistake)
    for split in ("held", "all"):
        assert scores[split].precision >= FLOOR, (split, scores[split].mistakes)
        assert scores[split].recall >= FLOOR, (split, scores[split].mistakes)
