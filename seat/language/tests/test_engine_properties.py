"""The terminology engine, for any text in every built-in language (hypothesis, no database):
it never raises, each finding's offsets lie in the text and cut out exactly its text, the same
text always gives the same findings, a lexicon term set among any neutral text is found where it
was put, and reading the text as a stream in chunks of any size finds what reading it whole finds.
"""

from __future__ import annotations

import io
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from seat.language.engine import NEWLINE, Checker, get_checker, read_segments
from seat.language.lexicon import available_languages, builtin_lexicon, expand_terms

LANGUAGES = available_languages()

# Any character a person can type or paste: every script, combining marks, zero-width joiners,
# right-to-left marks, emoji, line and paragraph separators. Not lone surrogates (not text) and
# not NUL (the stream reader refuses it as binary, which test_engine tests).
any_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\0"), max_size=300
)

# Text that cannot join onto a word or make a lexicon phrase: digits, punctuation, symbols,
# spaces and line breaks, and Greek and Cyrillic letters (no built-in lexicon is in them).
neutral_text = st.text(
    alphabet=st.one_of(
        st.characters(categories=("Nd", "Po", "Ps", "Pe", "Sm", "Sc", "So", "Zs")),
        st.characters(min_codepoint=0x0391, max_codepoint=0x03C9, categories=("Lu", "Ll")),
        st.characters(min_codepoint=0x0410, max_codepoint=0x044F),
        st.sampled_from(["\n", "\r", "\t"]),
    ),
    max_size=60,
)


def _terms(lang: str) -> list[str]:
    checker = get_checker(lang)
    return sorted(
        {
            term
            for rule in checker.lexicon.rules
            for term in expand_terms(rule, checker.lexicon.suffix_sets)
        }
    )


TERMS = {lang: _terms(lang) for lang in LANGUAGES}


@settings(max_examples=200, deadline=None)
@given(text=any_text, lang=st.sampled_from(LANGUAGES))
def test_any_text_is_checked_and_every_finding_cuts_out_its_own_text(text, lang):
    findings = get_checker(lang).check(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        line_start = max((m.end() for m in NEWLINE.finditer(text, 0, finding.start)), default=0)
        assert finding.line == len(NEWLINE.findall(text, 0, finding.start)) + 1
        assert finding.column == finding.start - line_start + 1


@settings(max_examples=100, deadline=None)
@given(text=any_text, lang=st.sampled_from(LANGUAGES))
def test_the_same_text_gives_the_same_findings_from_a_fresh_checker(text, lang):
    """A cached checker keeps no state between checks: a new one compiled from the same lexicon
    agrees with it, and so does checking again."""
    cached = get_checker(lang)
    first = cached.check(text)
    assert cached.check(text) == first
    assert _fresh_checker(lang).check(text) == first


@cache
def _fresh_checker(lang: str) -> Checker:
    """A second checker per language, compiled apart from ``get_checker``'s (once: compiling
    Bengali's thousands of inflected terms takes a while)."""
    return Checker(builtin_lexicon(lang))


@st.composite
def text_with_a_term(draw: st.DrawFn) -> tuple[str, str, int, str]:
    lang = draw(st.sampled_from([lang for lang in LANGUAGES if TERMS[lang]]))
    term = draw(st.sampled_from(TERMS[lang]))
    before = draw(neutral_text)
    after = draw(neutral_text)
    text = f"{before} {term} {after}"
    return lang, term, len(before) + 1, text


@settings(max_examples=200, deadline=None)
@given(text_with_a_term())
def test_a_lexicon_term_among_any_neutral_text_is_found_where_it_was_put(case):
    lang, term, start, text = case
    findings = get_checker(lang).check(text)
    assert any(f.start == start and f.end == start + len(term) for f in findings), (
        term,
        [(f.start, f.end, f.text) for f in findings],
    )


@settings(max_examples=150, deadline=None)
@given(text=any_text, lang=st.sampled_from(LANGUAGES), chunk=st.integers(1, 40))
def test_reading_any_text_as_a_stream_in_any_chunks_finds_what_checking_it_whole_finds(
    text, lang, chunk
):
    checker = get_checker(lang)
    streamed = list(
        checker.check_segments(read_segments(io.BytesIO(text.encode("utf-8")), chunk_bytes=chunk))
    )
    assert streamed == checker.check(text)
