"""Story extraction and blame in consultation questions (DESIGN.md's ``story_extraction`` code).

A question must never ask people to recount their own trafficking, exploitation or abuse, to relive
its worst moments, to lend their story for publicity, or blame them for what was done to them
("why did you not leave sooner?"). A list of fixed phrases misses most of the ways staff write
such questions ("How old were you when you were first sold?", "Could we film you talking about
what happened to you for our campaign?"), and a list long enough to catch them would also catch
the questions a consultation should ask ("Which services helped you after you came back?").

So the detector is compositional. Each language has one reviewed TOML file in
``question_rules/`` holding small **sets** of phrase patterns, each standing for one idea:

- a request addressed to the reader (imperatives "tell, describe, share", "can you…",
  "we would like to hear…", interrogatives "how / where / who…");
- the reader's own past and the harm in it ("you were sold", "did you escape", "they took your
  passport", "what happened to you", "your story / ordeal / journey");
- reliving ("the worst moment", "how did it feel", "what went through your mind", "nightmares");
- publicity ("donors, campaign, media, video, annual report", "be the face of");
- blame ("why did you not leave / tell / report", "why did you trust", "didn't you know",
  "how could you");
- and guards for what a good question does: it says the reader need not share ("you do not have
  to…", "without going into your story"), or asks about services, policy, laws and change.

A **rule** fires when every set it names (``all``) matches in one sentence and none of its guards
(``unless``) does; matches inside a ``mask`` set (a time clause such as "after you were rescued",
which sets the scene for a question about services) do not count. Each rule has a kind (recount,
relive, publicity, blame); where several fire in one sentence the finding takes the most specific
kind (publicity, then blame, relive, recount). The rules are data, so reviewers can improve them
without touching code, and every file is validated on load: a broken file is refused with a
message naming the file and the rule. Quality is measured on a labelled corpus per language
(``corpus/questions/``) with a held-out part that was written before the rules and never tuned on
(``quality.questions_scores``, ``tests/test_questions_quality.py``).

A rules file holds::

    lang = "en"                       # must match the file name
    name = "English"

    [sets]                            # named lists of patterns (regular expressions)
    harm = ["trafficked", "sold", "held (?:captive|prisoner)"]
    you_harm = ["you were {w:2} {set:harm}"]

    [[rule]]
    id = "recount-wh"                 # lower-case words joined by hyphens, unique in the file
    kind = "recount"                  # recount | relive | publicity | blame
    all = ["wh", "you_harm"]          # every one of these sets matches in the sentence
    unless = ["no_need", "remedy"]    # optional: none of these may match in the sentence
    mask = ["after_you"]              # optional: matches inside these do not count

Patterns match whole words, case-insensitively, on NFC text with ’ read as '. In a pattern a space
matches any run of whitespace, ``{set:NAME}`` stands for the set NAME, ``{w:N}`` for up to N
other words, and ``{W}`` for one word character (letters with their combining vowel signs and
viramas, which Python's ``\\w`` leaves out).

Three scripts need more. Khmer is written without spaces between words, so in Khmer text a match
may also start or end between two written clusters (the terminology engine's ``boundaries``), a
space in a Khmer rules file (``lang = "km"``) matches any whitespace or none, and ``{w:N}`` there
stands for up to N short words (N × 8 Khmer characters or spaces). Arabic is folded as the
terminology engine folds it (``lexicon.fold``: harakat and tatweel dropped, أ إ آ ٱ read as ا,
ى as ي, ة as ه), the text and the patterns alike, so a rule written with or without diacritics
matches both; ``{pre}`` stands for the optional proclitics written joined to the next word (و ف,
then ب ل ك, then ال, or لل). A sentence also ends at ؟ and at the Khmer ។ ៕.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from seat.language.engine import KHMER, _prepare, boundaries, guess_languages, word_class
from seat.language.lexicon import (
    APOSTROPHES,
    LANG_CODE,
    RULE_ID,
    LexiconError,
    UnknownLanguage,
    fold,
)
from seat.language.lexicon import nfc as _nfc

RULES_DIR = Path(__file__).resolve().parent / "question_rules"
CODE = "story_extraction"
SEVERITY = "blocker"
# Most specific first: a sentence asking for a story for a campaign is reported as publicity.
KINDS = ("publicity", "blame", "relive", "recount")
TOP_KEYS = {"lang", "name", "sets", "rule"}
RULE_KEYS = {"id", "kind", "all", "unless", "mask"}
SET_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SET_REF = re.compile(r"\{set:([^}]*)\}")
GAP = re.compile(r"\s*\{w:(\d)\}\s*")
# A sentence ends at . ? ! । ॥ ؟ ។ ៕ or a line break; guards and rules work within one sentence.
SENTENCE_END = re.compile(r"[.?!।॥؟។៕\n]+")
# Arabic proclitics joined to the next word: a conjunction, a preposition, the article.
ARABIC_PREFIXES = "(?:[وف]?(?:لل|[بلك]?(?:ال)?))"


def kind_message(kind: str) -> str:
    """How to fix a finding of ``kind``, in plain words."""
    messages = {
        "recount": _(
            "Ask what should change, not what happened to them. Nobody should have to retell "
            "their experience to take part."
        ),
        "relive": _(
            "Do not ask people to go back to their worst moments. Ask what would help, or what "
            "should change."
        ),
        "publicity": _(
            "Do not ask for a person's own experience for publicity, fundraising or the news. "
            "Ask for their advice, and pay for it."
        ),
        "blame": _(
            "This question blames the person for what others did to them. Ask what would have "
            "made help easier to reach."
        ),
    }
    return messages[kind]


class QuestionRulesError(LexiconError):
    """A question-rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class QuestionFinding:
    code: str  # always "story_extraction"
    kind: str  # recount | relive | publicity | blame
    severity: str  # always "blocker"
    message: str
    start: int  # character offsets into the question
    end: int
    text: str
    rule: str  # the id of the rule that fired, for reviewers

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class QuestionRule:
    id: str
    kind: str
    all: tuple[str, ...]
    unless: tuple[str, ...]
    mask: tuple[str, ...]


@dataclass(frozen=True)
class QuestionRules:
    lang: str
    name: str
    path: Path
    sets: dict[str, str]  # name → regular expression body, references expanded
    rules: tuple[QuestionRule, ...]


# --- Loading ------------------------------------------------------------------------------------


def question_languages() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in RULES_DIR.glob("*.toml")))


@cache
def builtin_question_rules(lang: str) -> QuestionRules:
    if lang not in question_languages():
        raise UnknownLanguage(lang)
    return load_question_rules(RULES_DIR / f"{lang}.toml")


def load_question_rules(path: Path) -> QuestionRules:
    """Read and validate one rules file; raise ``QuestionRulesError`` naming the file and rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise QuestionRulesError(
            path, _("cannot be read (%(error)s).") % {"error": error.strerror}
        ) from None
    except UnicodeDecodeError:
        raise QuestionRulesError(path, _("is not valid UTF-8.")) from None
    except tomllib.TOMLDecodeError as error:
        raise QuestionRulesError(
            path, _("is not valid TOML: %(error)s.") % {"error": error}
        ) from None
    return _parse(path, data)


def _parse(path: Path, data: dict[str, Any]) -> QuestionRules:
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise QuestionRulesError(
            path, _("unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    lang = data.get("lang")
    if not isinstance(lang, str) or not LANG_CODE.match(lang):
        raise QuestionRulesError(path, _("“lang” must be a language code such as “en”."))
    if path.parent == RULES_DIR and path.stem != lang:
        raise QuestionRulesError(path, _("“lang” must match the file name."))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise QuestionRulesError(path, _("“name” must name the language."))
    sets = _sets(path, data.get("sets"), lang)
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise QuestionRulesError(path, _("there are no [[rule]] tables."))
    rules: list[QuestionRule] = []
    for index, raw in enumerate(raw_rules, start=1):
        rule = _rule(path, raw, index, sets)
        if any(rule.id == other.id for other in rules):
            raise QuestionRulesError(path, _("the id is used twice."), rule.id)
        rules.append(rule)
    return QuestionRules(lang, name, path, sets, tuple(rules))


def _sets(path: Path, raw: Any, lang: str = "") -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise QuestionRulesError(path, _("[sets] must be a table of named lists of patterns."))
    for set_name, patterns in raw.items():
        if not SET_NAME.match(set_name):
            raise QuestionRulesError(
                path,
                _("the set name “%(name)s” must be lower-case letters, digits and _.")
                % {"name": set_name},
            )
        if (
            not isinstance(patterns, list)
            or not patterns
            or not all(isinstance(p, str) and p.strip() for p in patterns)
        ):
            raise QuestionRulesError(
                path,
                _("the set “%(name)s” must be a list of non-empty patterns.") % {"name": set_name},
            )
    expanded: dict[str, str] = {}

    def expand(set_name: str, trail: tuple[str, ...]) -> str:
        if set_name in expanded:
            return expanded[set_name]
        if set_name in trail:
            raise QuestionRulesError(
                path,
                _("the sets refer to each other in a circle: %(trail)s.")
                % {"trail": " → ".join((*trail, set_name))},
            )
        bodies = []
        for pattern in raw[set_name]:

            def reference(match: re.Match[str], pattern: str = pattern) -> str:
                target = match.group(1)
                if target not in raw:
                    raise QuestionRulesError(
                        path,
                        _("the pattern %(p)s in set “%(name)s” refers to an unknown set “%(ref)s”.")
                        % {"p": pattern, "name": set_name, "ref": target},
                    )
                return "(?:" + expand(target, (*trail, set_name)) + ")"

            body = _pattern_body(SET_REF.sub(reference, fold(_nfc(pattern.strip()))), lang)
            _validate_pattern(path, set_name, pattern, body)
            bodies.append(body)
        expanded[set_name] = "|".join(bodies)
        return expanded[set_name]

    for set_name in raw:
        expand(set_name, ())
    return expanded


def _pattern_body(pattern: str, lang: str = "") -> str:
    pattern = pattern.replace("{pre}", ARABIC_PREFIXES)
    if lang == "km":
        # No spaces between words: a space is an optional break, a gap counts characters.
        pattern = GAP.sub(lambda m: rf"[{KHMER}\s]{{0,{8 * int(m.group(1))}}}", pattern)
        pattern = pattern.replace("{W}", f"[{word_class()}]")
        return re.sub(r"(?<!\\) ", r"\\s*", pattern)
    word = f"[{word_class()}'’-]"
    # A gap starts after whitespace: its own, or that of an optional group before it ("(?:been )?").
    pattern = GAP.sub(lambda m: rf"(?:\s+|(?<=\s))(?:{word}+[,\s]+){{0,{m.group(1)}}}", pattern)
    pattern = pattern.replace("{W}", f"[{word_class()}]")
    return re.sub(r"(?<!\\) ", r"\\s+", pattern)


def _validate_pattern(path: Path, set_name: str, pattern: str, body: str) -> None:
    if "(?P<" in body or "(?P=" in body:
        raise QuestionRulesError(
            path,
            _("the pattern %(p)s in set “%(name)s” may not name groups.")
            % {"p": pattern, "name": set_name},
        )
    try:
        compiled = re.compile(body, re.IGNORECASE)
    except re.error as error:
        raise QuestionRulesError(
            path,
            _("the pattern %(p)s in set “%(name)s” is not a valid regular expression (%(error)s).")
            % {"p": pattern, "name": set_name, "error": error},
        ) from None
    if compiled.match(""):
        raise QuestionRulesError(
            path,
            _("the pattern %(p)s in set “%(name)s” matches empty text.")
            % {"p": pattern, "name": set_name},
        )


def _names(
    path: Path, rule_id: str, raw: dict[str, Any], key: str, sets: dict[str, str]
) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionRulesError(
            path, _("“%(key)s” must be a list of set names.") % {"key": key}, rule_id
        )
    for set_name in value:
        if set_name not in sets:
            raise QuestionRulesError(
                path,
                _("“%(key)s” names an unknown set “%(name)s”.") % {"key": key, "name": set_name},
                rule_id,
            )
    return tuple(value)


def _rule(path: Path, raw: Any, index: int, sets: dict[str, str]) -> QuestionRule:
    if not isinstance(raw, dict):
        raise QuestionRulesError(path, _("rule number %(n)d is not a table.") % {"n": index})
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise QuestionRulesError(
            path,
            _("rule number %(n)d needs an “id” of lower-case words joined by hyphens.")
            % {"n": index},
        )
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise QuestionRulesError(
            path, _("unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}, rule_id
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        raise QuestionRulesError(
            path,
            _("“kind” must be one of: %(choices)s.") % {"choices": ", ".join(sorted(KINDS))},
            rule_id,
        )
    required = _names(path, rule_id, raw, "all", sets)
    if not required:
        raise QuestionRulesError(path, _("“all” must name at least one set."), rule_id)
    return QuestionRule(
        id=rule_id,
        kind=kind,
        all=required,
        unless=_names(path, rule_id, raw, "unless", sets),
        mask=_names(path, rule_id, raw, "mask", sets),
    )


# --- Detecting ----------------------------------------------------------------------------------


class QuestionDetector:
    """A rules file compiled for detecting (``get_detector`` caches one per language)."""

    def __init__(self, rules: QuestionRules) -> None:
        self.lang = rules.lang
        self.rules = rules.rules
        before, after = boundaries()
        used = {name for rule in rules.rules for name in (*rule.all, *rule.unless, *rule.mask)}
        self._sets = {
            name: re.compile(f"{before}(?:{rules.sets[name]}){after}", re.IGNORECASE)
            for name in used
        }

    def check(self, text: str) -> list[QuestionFinding]:
        """Findings in ``text`` (one question, or several), one per sentence at most."""
        normal, starts, ends = _prepare(text)
        normal = normal.translate(APOSTROPHES)
        findings = []
        for low, high in _sentences(normal):
            found = self._sentence(normal[low:high])
            if found is None:
                continue
            rule, start, end = found
            start, end = low + start, low + end
            if starts is not None and ends is not None:
                start, end = starts[start], ends[end - 1]
            findings.append(
                QuestionFinding(
                    code=CODE,
                    kind=rule.kind,
                    severity=SEVERITY,
                    message=kind_message(rule.kind),
                    start=start,
                    end=end,
                    text=text[start:end],
                    rule=rule.id,
                )
            )
        return findings

    def _sentence(self, sentence: str) -> tuple[QuestionRule, int, int] | None:
        spans: dict[str, list[tuple[int, int]]] = {}

        def matches(name: str) -> list[tuple[int, int]]:
            if name not in spans:
                spans[name] = [m.span() for m in self._sets[name].finditer(sentence)]
            return spans[name]

        best: tuple[QuestionRule, int, int] | None = None
        for rule in self.rules:
            if best is not None and KINDS.index(rule.kind) >= KINDS.index(best[0].kind):
                continue
            masks = [span for name in rule.mask for span in matches(name)]
            found = []
            for name in rule.all:
                usable = [
                    (low, high)
                    for low, high in matches(name)
                    if not any(m_low <= low and high <= m_high for m_low, m_high in masks)
                ]
                if not usable:
                    break
                found.append(usable[0])
            else:
                if any(matches(name) for name in rule.unless):
                    continue
                best = (rule, min(low for low, _ in found), max(high for _, high in found))
        return best


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for match in SENTENCE_END.finditer(text):
        if text[position : match.end()].strip():
            yield position, match.end()
        position = match.end()
    if text[position:].strip():
        yield position, len(text)


@cache
def get_detector(lang: str) -> QuestionDetector:
    return QuestionDetector(builtin_question_rules(lang))


def question_findings(text: str, lang: str) -> list[QuestionFinding]:
    """``story_extraction`` findings in one question written in ``lang`` (a code, or ``auto``).

    Raises ``UnknownLanguage`` for a language without rules.
    """
    if lang != "auto":
        return get_detector(lang).check(text)
    codes = [code for code in guess_languages(text) if code in question_languages()]
    for code in codes:
        found = get_detector(code).check(text)
        if found:
            return found
    return []
