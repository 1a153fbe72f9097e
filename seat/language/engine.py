"""The checking engine: each lexicon compiled once into one scanning regular expression.

All literal terms of a language (with their inflections) become one prefix tree turned into a
regular expression, so a position in the text costs a few character comparisons however many terms
there are; a matched text is then looked up in a dictionary to find its rule. Patterns are extra
alternatives of the same expression. Word boundaries are Unicode-aware: combining marks (the vowel
signs and viramas of Bengali and Devanagari) and zero-width joiners count as part of a word, which
Python's ``\\b`` does not do. Khmer is written without spaces between words, so there a match
may also start or end between two written clusters (before a consonant or an independent vowel
that is not subscript); a longer word that merely contains a term is named in the rule's
exceptions. Arabic text is folded first (``lexicon.fold``): harakat and tatweel are ignored.

Input is processed as segments (a line, or a piece of a very long line), so a file of any size is
checked in bounded memory; offsets and columns are counted in characters of the original input.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from seat.language.lexicon import (
    APOSTROPHES,
    ARABIC,
    ARABIC_LETTERS,
    ARABIC_OPTIONAL,
    SEPARATORS,
    Lexicon,
    Rule,
    UnknownLanguage,
    available_languages,
    builtin_lexicon,
    expand_pattern,
    expand_terms,
    fold,
    term_key,
)

# A segment is a whole line unless the line is longer than this many characters; very long lines
# are cut at a space so that memory stays bounded (a phrase across the cut is not seen).
MAX_SEGMENT = 1 << 16
CHUNK_BYTES = 1 << 16
NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Finding:
    line: int  # 1-based
    column: int  # 1-based, in characters
    start: int  # character offset into the whole input
    end: int
    text: str
    rule: str
    severity: str
    suggestions: tuple[str, ...]
    reason: str

    @property
    def blocking(self) -> bool:
        """True for the severities that make the CLI exit with status 1."""
        return self.severity in ("error", "warning")

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "severity": self.severity,
            "suggestions": list(self.suggestions),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    line: int  # 1-based line number
    column: int  # 0-based column of the segment's first character within its line
    offset: int  # character offset of the segment's first character in the whole input


class InputError(ValueError):
    """Input that is not text: the message says what is wrong and at which byte."""

    def __init__(self, byte_offset: int, message: str) -> None:
        self.byte_offset = byte_offset
        super().__init__(message)


class BinaryInput(InputError):
    def __init__(self, byte_offset: int) -> None:
        message = _("The input looks binary (a NUL byte at byte %(offset)d); give UTF-8 text.")
        super().__init__(byte_offset, message % {"offset": byte_offset})


class InvalidUtf8(InputError):
    def __init__(self, byte_offset: int) -> None:
        message = _(
            "The input is not valid UTF-8 (at byte %(offset)d); save it as UTF-8 and try again."
        )
        super().__init__(byte_offset, message % {"offset": byte_offset})


# --- Words --------------------------------------------------------------------------------------


@cache
def word_class() -> str:
    """A character class body for "part of a word": ``\\w``, combining marks, ZWNJ and ZWJ."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = [r"\w", r"\u200c\u200d"]
    for low, high in ranges:
        parts.append(f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}")
    return "".join(parts)


# Khmer: any character of the block, and the letters that begin a written cluster (consonants and
# independent vowels); after the coeng (U+17D2) a consonant is subscript, inside its cluster.
KHMER = "\u1780-\u17ff"
KHMER_BASE = "\u1780-\u17b3"
KHMER_COENG = "\u17d2"


def boundaries() -> tuple[str, str]:
    """Look-arounds for the start and the end of a match: a word boundary, or in Khmer text a
    boundary between written clusters."""
    word = word_class()
    before = f"(?:(?<![{word}])|(?<=[{KHMER}])(?<!{KHMER_COENG})(?=[{KHMER_BASE}]))"
    after = f"(?:(?![{word}])|(?<=[{KHMER}])(?=[{KHMER_BASE}]))"
    return before, after


SEPARATOR_RE = r"(?:\s*[-‐‑]\s*|\s+)"
APOSTROPHE_RE = "['’ʼ‘]"


def _literal(char: str) -> str:
    if char == " ":
        return SEPARATOR_RE
    if char == "'":
        return APOSTROPHE_RE
    return re.escape(char)


def _trie_form(term: str) -> str:
    return SEPARATORS.sub(
        " ", fold(unicodedata.normalize("NFC", term)).translate(APOSTROPHES).lower()
    ).strip()


def trie_regex(terms: Iterable[str]) -> str:
    """One regular expression matching any of ``terms``, longest alternative first."""
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends_here = "" in node
        branches = [_literal(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            # Greedy optional: the longer term is tried first, the shorter one on backtracking.
            return f"(?:{body})?"
        return body

    return emit(root)


# --- Compiled lexicon ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    exceptions: tuple[re.Pattern[str], ...]


class Checker:
    """A lexicon compiled for checking. Build one per lexicon (``get_checker`` caches them)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.lang = lexicon.lang
        before, after = boundaries()
        self._term_rules: dict[str, _CompiledRule] = {}
        self._pattern_rules: dict[str, _CompiledRule] = {}
        trie_terms: set[str] = set()
        alternatives: list[str] = []
        for rule in lexicon.rules:
            compiled = _CompiledRule(rule, self._exceptions(rule, lexicon, before, after))
            for term in expand_terms(rule, lexicon.suffix_sets):
                self._term_rules[term_key(term)] = compiled
                trie_terms.add(_trie_form(term))
            for pattern in rule.patterns:
                group = f"p{len(self._pattern_rules)}"
                self._pattern_rules[group] = compiled
                body = expand_pattern(pattern, lexicon.suffix_sets)
                alternatives.append(f"(?P<{group}>{body})")
        if trie_terms:
            alternatives.insert(0, f"(?P<t>{trie_regex(trie_terms)})")
        # One boundary check for all alternatives: most positions are inside a word and fail it at
        # once, which makes the scan several times faster than a check per alternative.
        self._scanner = re.compile(f"{before}(?:{'|'.join(alternatives)}){after}", re.IGNORECASE)

    @staticmethod
    def _exceptions(
        rule: Rule, lexicon: Lexicon, before: str, after: str
    ) -> tuple[re.Pattern[str], ...]:
        patterns = []
        if rule.exceptions:
            phrases = trie_regex({_trie_form(p) for p in rule.exceptions})
            patterns.append(re.compile(f"{before}{phrases}{after}", re.IGNORECASE))
        for pattern in rule.exception_patterns:
            body = expand_pattern(pattern, lexicon.suffix_sets)
            patterns.append(re.compile(f"{before}(?:{body}){after}", re.IGNORECASE))
        return tuple(patterns)

    def check(self, text: str) -> list[Finding]:
        """All findings in ``text``, in order of position."""
        return list(self.check_segments(split_text(text)))

    def check_segments(self, segments: Iterable[Segment]) -> Iterator[Finding]:
        scanner = self._scanner
        for segment in segments:
            original = segment.text
            text, starts, ends = _prepare(original)
            exception_spans: dict[str, list[tuple[int, int]]] = {}
            for match in scanner.finditer(text):
                group = match.lastgroup
                if group == "t":
                    compiled = self._term_rules.get(term_key(match.group()))
                    if compiled is None:  # a case-folding corner the dictionary does not know
                        continue
                else:
                    compiled = self._pattern_rules[group or ""]
                start, end = match.span()
                if compiled.exceptions and _excepted(compiled, text, start, end, exception_spans):
                    continue
                if starts is not None and ends is not None:
                    start, end = starts[start], ends[end - 1]
                rule = compiled.rule
                yield Finding(
                    line=segment.line,
                    column=segment.column + start + 1,
                    start=segment.offset + start,
                    end=segment.offset + end,
                    text=original[start:end],
                    rule=rule.id,
                    severity=rule.severity,
                    suggestions=rule.suggestions,
                    reason=rule.reason,
                )


def _excepted(
    compiled: _CompiledRule,
    text: str,
    start: int,
    end: int,
    cache: dict[str, list[tuple[int, int]]],
) -> bool:
    """True when the match lies inside one of its rule's exception phrases in this segment."""
    spans = cache.get(compiled.rule.id)
    if spans is None:
        spans = [m.span() for pattern in compiled.exceptions for m in _overlapping(pattern, text)]
        cache[compiled.rule.id] = spans
    return any(low <= start and end <= high for low, high in spans)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    position = 0
    while True:
        match = pattern.search(text, position)
        if match is None:
            return
        yield match
        position = match.start() + 1


def _prepare(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """The text to scan and, when its offsets differ from ``text``'s, the map back."""
    if not unicodedata.is_normalized("NFC", text):
        return _normalise_with_map(text)
    if ARABIC.search(text) is None:
        return text, None, None
    if ARABIC_OPTIONAL.search(text) is None:
        # Folding Arabic letters is one for one: the offsets stay.
        return text.translate(ARABIC_LETTERS), None, None
    return _drop_optional_with_map(text)


_OPTIONAL_RUN = re.compile(f"(?:{ARABIC_OPTIONAL.pattern})+")


def _drop_optional_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """NFC Arabic text folded, and the map back: a letter spans the harakat after it."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for run in _OPTIONAL_RUN.finditer(text):
        low, high = run.span()
        pieces.append(text[position:low])
        starts.extend(range(position, low))
        ends.extend(range(position + 1, low + 1))
        if low > position:
            ends[-1] = high
        position = high
    pieces.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return "".join(pieces).translate(ARABIC_LETTERS), starts, ends


def _normalise_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """NFC text, folded (``lexicon.fold``), and for each of its characters where it starts and
    ends in ``text``.

    Normalises cluster by cluster (a character and the combining marks after it), which is what
    NFC does for every script this checker covers; a harakah folded away leaves its letter
    spanning it, a tatweel leaves nothing.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index, length = 0, len(text)
    while index < length:
        stop = index + 1
        while stop < length and unicodedata.category(text[stop]).startswith("M"):
            stop += 1
        piece = fold(unicodedata.normalize("NFC", text[index:stop]))
        out.append(piece)
        starts.extend([index] * len(piece))
        ends.extend([stop] * len(piece))
        index = stop
    return "".join(out), starts, ends


# --- Segments -----------------------------------------------------------------------------------


class _LineAssembler:
    """Turns decoded text, fed in pieces, into segments with line numbers and offsets."""

    def __init__(self) -> None:
        self.carry = ""
        self.line = 1
        self.column = 0  # column of ``carry``'s first character
        self.offset = 0  # input offset of ``carry``'s first character

    def feed(self, text: str, final: bool) -> Iterator[Segment]:
        buffer = self.carry + text
        position = 0
        for match in NEWLINE.finditer(buffer):
            if not final and match.group() == "\r" and match.end() == len(buffer):
                break  # maybe the first half of "\r\n"
            yield from self._pieces(buffer[position : match.start()], whole=True)
            self.offset += match.end() - match.start()
            self.line += 1
            self.column = 0
            position = match.end()
        self.carry = yield from self._pieces(buffer[position:], whole=final)

    def _pieces(self, text: str, whole: bool) -> Generator[Segment, None, str]:
        """Segments of one line's text, cut where longer than ``MAX_SEGMENT``; returns what is
        left to carry over when the line is not yet ``whole``."""
        while len(text) > MAX_SEGMENT:
            cut = _cut_point(text)
            yield Segment(text[:cut], self.line, self.column, self.offset)
            self.offset += cut
            self.column += cut
            text = text[cut:]
        if not whole:
            return text
        if text:
            yield Segment(text, self.line, self.column, self.offset)
            self.offset += len(text)
            self.column += len(text)
        return ""


def _cut_point(text: str) -> int:
    space = max(
        text.rfind(" ", MAX_SEGMENT // 2, MAX_SEGMENT),
        text.rfind("\t", MAX_SEGMENT // 2, MAX_SEGMENT),
    )
    return space + 1 if space > 0 else MAX_SEGMENT


def split_text(text: str) -> Iterator[Segment]:
    return _LineAssembler().feed(text, final=True)


def read_segments(stream: BinaryIO, chunk_bytes: int = CHUNK_BYTES) -> Iterator[Segment]:
    """Decode a byte stream as UTF-8 incrementally and yield its segments.

    Raises ``BinaryInput`` at the first NUL byte and ``InvalidUtf8`` at the first byte that is not
    UTF-8, each with its byte offset, after yielding the text before it.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    assembler = _LineAssembler()
    consumed = 0  # bytes read before this chunk
    while True:
        chunk = stream.read(chunk_bytes)
        final = not chunk
        pending = decoder.getstate()[0]
        nul = chunk.find(b"\0")
        stop: InputError | None = None
        if nul >= 0:
            stop, chunk, final = BinaryInput(consumed + nul), chunk[:nul], True
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            valid = (pending + chunk)[: error.start]
            text = valid.decode("utf-8")
            bad = InvalidUtf8(consumed - len(pending) + error.start)
            # A NUL after the bad byte is not reached; a truncated character before a NUL is.
            if stop is None or bad.byte_offset < stop.byte_offset:
                stop = bad
            final = True
        consumed += len(chunk)
        yield from assembler.feed(text, final)
        if stop is not None:
            raise stop
        if final:
            return


# --- Languages ----------------------------------------------------------------------------------


@cache
def get_checker(lang: str) -> Checker:
    """The checker for a built-in lexicon (compiled once per process)."""
    if lang not in available_languages():
        raise UnknownLanguage(lang)
    return Checker(builtin_lexicon(lang))


LATIN_STOPWORDS = {
    "en": [
        "the",
        "and",
        "of",
        "to",
        "is",
        "in",
        "for",
        "with",
        "are",
        "that",
        "we",
        "you",
        "your",
        "this",
        "it",
        "be",
        "will",
        "on",
        "as",
        "our",
        "have",
        "not",
        "by",
    ],
    "es": [
        "el",
        "la",
        "los",
        "las",
        "de",
        "que",
        "y",
        "en",
        "para",
        "con",
        "por",
        "una",
        "del",
        "es",
        "su",
        "se",
        "al",
        "lo",
        "como",
        "más",
        "sus",
        "nos",
    ],
    "fr": [
        "le",
        "la",
        "les",
        "des",
        "de",
        "et",
        "est",
        "une",
        "pour",
        "que",
        "du",
        "dans",
        "au",
        "avec",
        "vous",
        "votre",
        "sont",
        "qui",
        "sur",
        "pas",
        "nous",
        "ces",
    ],
    "id": [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "ini",
        "itu",
        "tidak",
        "akan",
        "pada",
        "kami",
        "anda",
        "adalah",
        "dalam",
        "atau",
        "bagi",
    ],
    "tl": [
        "ang",
        "ng",
        "mga",
        "sa",
        "ay",
        "hindi",
        "ito",
        "namin",
        "ninyo",
        "niya",
        "nila",
        "siya",
        "kami",
        "po",
        "nang",
        "iyong",
        "inyong",
    ],
}
DEVANAGARI_MARKERS = {
    "ne": [
        "छ",
        "छन्",
        "हो",
        "लाई",
        "हरू",
        "हरु",
        "गर्नुहोस्",
        "भएको",
        "थियो",
        "गरेको",
        "पनि",
        "तथा",
        "र",
        "हुन्छ",
        "गर्न",
    ],
    "hi": [
        "है",
        "हैं",
        "का",
        "की",
        "के",
        "में",
        "से",
        "और",
        "नहीं",
        "था",
        "थी",
        "करें",
        "किया",
        "पर",
        "भी",
        "यह",
    ],
}


SCRIPT_GROUPS = {"latin": ("en", "es", "fr", "id", "tl"), "devanagari": ("hi", "ne")}


def guess_languages(text: str, fallback: str = "en") -> tuple[str, ...]:
    """The lexicons to check ``text`` with when its language is not given.

    One language when the script and common words decide it; when they do not (a short title),
    every language of the script, the likeliest first, so nothing is missed.
    """
    sample = text[:20000]
    bengali = sum(1 for c in sample if "\u0980" <= c <= "\u09ff")
    devanagari = sum(1 for c in sample if "\u0900" <= c <= "\u097f")
    latin = sum(1 for c in sample if c.isalpha() and c <= "\u024f")
    khmer = sum(1 for c in sample if "\u1780" <= c <= "\u17ff")
    arabic = sum(1 for c in sample if "\u0600" <= c <= "\u06ff")
    if bengali and bengali >= max(devanagari, latin, khmer, arabic):
        return ("bn",)
    if khmer and khmer >= max(devanagari, latin, arabic):
        return ("km",)
    if arabic and arabic >= max(devanagari, latin):
        return ("ar",)
    if devanagari and devanagari >= latin:
        group, markers = SCRIPT_GROUPS["devanagari"], DEVANAGARI_MARKERS
    else:
        group, markers = SCRIPT_GROUPS["latin"], LATIN_STOPWORDS
    words = [w.casefold() for w in re.findall(f"[{word_class()}]+", sample)]
    scores = {code: sum(1 for w in words if w in markers[code]) for code in group}
    ranked = sorted(group, key=lambda code: (-scores[code], code != fallback, code))
    best, second = scores[ranked[0]], scores[ranked[1]]
    if best >= 2 and best >= 2 * second:
        return (ranked[0],)
    return tuple(ranked)


def detect_language(text: str, fallback: str = "en") -> str:
    """The likeliest language of ``text`` among the lexicons."""
    return guess_languages(text, fallback)[0]


class MultiChecker:
    """Several lexicons at once, for text whose language is unsure; overlapping findings keep
    the earliest and longest, then the likeliest language's."""

    def __init__(self, checkers: list[Checker]) -> None:
        self.checkers = checkers
        self.lang = "+".join(checker.lang for checker in checkers)

    def check(self, text: str) -> list[Finding]:
        return list(self.check_segments(split_text(text)))

    def check_segments(self, segments: Iterable[Segment]) -> Iterator[Finding]:
        for segment in segments:
            found = [f for checker in self.checkers for f in checker.check_segments([segment])]
            found.sort(key=lambda f: (f.start, f.start - f.end))
            reached = -1
            for finding in found:
                if finding.start >= reached:
                    yield finding
                    reached = finding.end


def checker_for(lang: str, text: str = "", fallback: str = "en") -> Checker | MultiChecker:
    """The checker for ``lang``, or for ``auto`` the one(s) ``guess_languages`` picks."""
    if lang != "auto":
        return get_checker(lang)
    codes = guess_languages(text, fallback)
    if len(codes) == 1:
        return get_checker(codes[0])
    return MultiChecker([get_checker(code) for code in codes])


def check_text(text: str, lang: str = "en") -> list[Finding]:
    """Findings in ``text`` for the lexicon ``lang`` (a code, or ``auto``)."""
    return checker_for(lang, text).check(text)
