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
