"""Text to fill a page to its limits with, for the page-weight tests.

Real sentences, never random letters: gzip shrinks natural language far more than noise, and
the page budget is about what staff really write. Sentences come from the project's own
corpora (the questions and terminology corpora, in seat/language/corpus) and, for more
variety, the language's message catalog, each used once at most, so a repeated sentence
never flatters the compression.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "language" / "corpus"
LOCALE = Path(__file__).resolve().parent.parent.parent / "locale"
# Markup, placeholders and format codes: a catalog entry with any of them is not prose.
NOT_PROSE = re.compile(r"[<>{}%\\]|https?:")


def _corpus_sentences(path: Path) -> list[str]:
    if not path.exists():  # a language with no corpus yet: its catalog's sentences only
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[-1].strip() for line in lines if line and not line.startswith("#")]


def _catalog_sentences(language: str) -> list[str]:
    """Each translated message of the catalog that is a plain sentence of a few words."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return []
    found = []
    for entry in po.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgstr "(.*?)"\n((?:".*"\n?)*)', entry + "\n", re.M)
        if not match:
            continue
        text = match.group(1) + "".join(re.findall(r'^"(.*)"$', match.group(2), re.M))
        # A few words; Khmer writes none apart, so a long enough run counts too.
        if (text.count(" ") >= 4 or len(text) >= 40) and not NOT_PROSE.search(text):
            found.append(text)
    return found


def sentences(language: str) -> list[str]:
    """Every distinct sentence available in ``language`` (``en`` reads the msgids' corpus)."""
    pool = _corpus_sentences(CORPUS / "questions" / f"{language}.tsv")
    pool += _corpus_sentences(CORPUS / f"{language}.tsv")
    if language != "en":
        pool += _catalog_sentences(language)
    return sorted({s for s in pool if s})


class Filler:
    """Draws sentences without replacement: every field of one page gets different text."""

    def __init__(self, language: str, seed: int = 9) -> None:
        self.pool = sentences(language)
        random.Random(seed).shuffle(self.pool)

    def _next(self) -> str:
        if not self.pool:
            raise AssertionError("The corpus ran out of sentences: the page would repeat text.")
        return self.pool.pop()

    def text(self, length: int, *, paragraphs: int = 1) -> str:
        """``length`` characters of whole sentences (the last one cut short to fit), in
        ``paragraphs`` paragraphs separated by a blank line."""
        text = ""
        per_paragraph = length // paragraphs
        while len(text) < length:
            sentence = self._next()
            if not text:
                text = sentence
            elif len(text) >= per_paragraph * (text.count("\n\n") + 1):
                text += "\n\n" + sentence
            else:
                text += " " + sentence
        return text[:length]


class Noise:
    """The pathological case: random Bengali letters and spaces, which gzip can barely shrink."""

    letters = "অআইঈউঊএঐওঔকখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ "

    def __init__(self, seed: int = 9) -> None:
        self.rng = random.Random(seed)

    def text(self, length: int, *, paragraphs: int = 1) -> str:
        return "".join(self.rng.choice(self.letters) for _ in range(length))
