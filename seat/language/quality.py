"""Measured quality: precision and recall of each lexicon on the project's labelled corpus.

``corpus/<lang>.tsv`` holds one sentence a line, after its expected rule ids (comma-separated, or
``-`` for a sentence that must not be flagged) and a tab; lines starting with ``#`` are comments.
A prediction is a (sentence, rule) pair: a rule found twice in one sentence counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seat.language.engine import get_checker

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Example:
    line: int
    expected: frozenset[str]
    sentence: str


@dataclass
class Scores:
    lang: str
    sentences: int = 0
    flagged: int = 0  # sentences with at least one expected rule
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def corpus_languages() -> list[str]:
    return sorted(path.stem for path in CORPUS_DIR.glob("*.tsv"))


def load_corpus(lang: str) -> list[Example]:
    examples = []
    path = CORPUS_DIR / f"{lang}.tsv"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        labels, separator, sentence = raw.partition("\t")
        if not separator or not sentence.strip():
            raise ValueError(f"{path}:{number}: expected labels, a tab, then a sentence")
        expected = frozenset() if labels.strip() == "-" else frozenset(labels.strip().split(","))
        examples.append(Example(number, expected, sentence.strip()))
    return examples


def evaluate(lang: str) -> Scores:
    checker = get_checker(lang)
    scores = Scores(lang)
    for example in load_corpus(lang):
        found = {finding.rule for finding in checker.check(example.sentence)}
        scores.sentences += 1
        scores.flagged += bool(example.expected)
        scores.true_positives += len(found & example.expected)
        extra, missed = found - example.expected, example.expected - found
        scores.false_positives += len(extra)
        scores.false_negatives += len(missed)
        if extra or missed:
            scores.mistakes.append(
                f"{lang}.tsv:{example.line}: extra {sorted(extra)} missed {sorted(missed)}: "
                f"{example.sentence}"
            )
    return scores


# --- Questions: the story_extraction detector ---------------------------------------------------
#
# ``corpus/questions/<lang>.tsv`` holds one question a line: its label (a kind, or ``-`` for a
# question that must not be flagged), its split and the question, tab-separated. ``tune`` may be
# read while tuning the rules. ``held`` was written before the rules, together with ``tune`` and
# in the same hand, and is never read while tuning. ``blind`` was written after the last round of
# tuning, in phrasings unlike the rest, and never read while tuning: the most honest measure of how
# the rules do on questions nobody fitted them to. A prediction is a whole question: flagged (any
# finding) or not; the kind is reported but not scored.

QUESTIONS_DIR = CORPUS_DIR / "questions"
QUESTION_LABELS = ("recount", "relive", "publicity", "blame", "-")
SPLITS = ("tune", "held", "blind")


@dataclass(frozen=True)
class Question:
    line: int
    label: str
    split: str
    text: str

    @property
    def positive(self) -> bool:
        return self.label != "-"


@dataclass
class QuestionScores:
    lang: str
    split: str  # tune, held or all
    questions: int = 0
    positives: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    kind_agrees: int = 0  # true positives whose first finding has the labelled kind
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def question_corpus_languages() -> list[str]:
    return sorted(path.stem for path in QUESTIONS_DIR.glob("*.tsv"))


def load_questions(lang: str) -> list[Question]:
    questions = []
    path = QUESTIONS_DIR / f"{lang}.tsv"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or parts[0] not in QUESTION_LABELS or parts[1] not in SPLITS:
            raise ValueError(
                f"{path}:{number}: expected a label ({'|'.join(QUESTION_LABELS)}), a tab, "
                f"a split ({'|'.join(SPLITS)}), a tab, then a question"
            )
        if not parts[2].strip():
            raise ValueError(f"{path}:{number}: the question is empty")
        questions.append(Question(number, parts[0], parts[1], parts[2].strip()))
    return questions


def question_scores(lang: str) -> dict[str, QuestionScores]:
    """Scores of the detector on ``lang``'s corpus, for each split and for ``all``."""
    from seat.language.questions import question_findings

    scores = {split: QuestionScores(lang, split) for split in (*SPLITS, "all")}
    for question in load_questions(lang):
        findings = question_findings(question.text, lang)
        for score in (scores[question.split], scores["all"]):
            score.questions += 1
            score.positives += question.positive
            if findings and question.positive:
                score.true_positives += 1
                score.kind_agrees += findings[0].kind == question.label
            elif findings:
                score.false_positives += 1
                score.mistakes.append(
                    f"{lang}.tsv:{question.line}: caught ({findings[0].rule} "
                    f"“{findings[0].text}”): {question.text}"
                )
            elif question.positive:
                score.false_negatives += 1
                score.mistakes.append(
                    f"{lang}.tsv:{question.line}: missed {question.label}: {question.text}"
                )
    return scores
