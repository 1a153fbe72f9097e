"""Lexicons as data: one TOML file per language in ``lexicons/``, reviewed like code.

A lexicon file holds::

    lang = "en"                 # must match the file name
    name = "English"

    [suffixes]                  # optional: named inflection sets, used by rules and patterns
    noun = [["", "রা", "দের"], ["", "ও", "ই"]]   # slots; every combination is a suffix

    [[rule]]
    id = "prostitute"           # lower-case words joined by hyphens, unique in the file
    severity = "warning"        # error | warning | suggestion
    terms = ["prostitute", "prostitutes"]    # literal words or phrases, matched whole-word
    suffixes = "noun"           # optional: every term also matches with each suffix of the set
    patterns = ['tell (?:us )?your story']   # optional regular expressions, matched whole-word
    suggestions = ["person in the sex trade"]
    reason = "One line: why the words harm."
    exceptions = ["victim compensation"]      # phrases around a match that make it legitimate
    exception_patterns = ['Victims of .{0,40}Act']

Matching is case-insensitive and Unicode-normalised (NFC). In terms and exception phrases a space
matches any run of whitespace or a hyphen, and an apostrophe matches ’ too. In patterns a space
matches one or more whitespace characters and ``{sfx:NAME}`` stands for the suffix set NAME; put
it before a stem for attached prefixes (Arabic و، ف، ب، ل and the article ال).

Arabic is folded before matching, in the text and in the lexicon alike (``fold``): the optional
short vowels and other harakat and the tatweel are ignored, and the spellings people use
interchangeably are one letter (أ إ آ ٱ as ا, ى as ي, ة as ه). Khmer, written without spaces
between words, matches at the start and end of a written cluster (see ``engine``).
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
SEVERITIES = ("error", "warning", "suggestion")
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
TOP_KEYS = {"lang", "name", "suffixes", "rule"}
RULE_KEYS = {
    "id",
    "severity",
    "terms",
    "suffixes",
    "patterns",
    "suggestions",
    "reason",
    "exceptions",
    "exception_patterns",
}
SUFFIX_REF = re.compile(r"\{sfx:([a-z0-9_]+)\}")


class LexiconError(Exception):
    """A lexicon file that cannot be used; the message names the file and, when known, the rule."""

    def __init__(self, path: Path | str, message: str, rule: str | None = None) -> None:
        self.path = str(path)
        self.rule = rule
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.rule:
            return _("%(path)s: rule “%(rule)s”: %(message)s") % {
                "path": self.path,
                "rule": self.rule,
                "message": self.message,
            }
        return _("%(path)s: %(message)s") % {"path": self.path, "message": self.message}


class UnknownLanguage(LookupError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        return _("Unknown language “%(code)s”. Choose one of: %(codes)s.") % {
            "code": self.code,
            "codes": ", ".join(("auto", *available_languages())),
        }


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    terms: tuple[str, ...]
    suffixes: str | None
    patterns: tuple[str, ...]
    suggestions: tuple[str, ...]
    reason: str
    exceptions: tuple[str, ...]
    exception_patterns: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    lang: str
    name: str
    path: Path
    suffix_sets: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def available_languages() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in LEXICON_DIR.glob("*.toml")))


def lexicon_path(lang: str) -> Path:
    if lang not in available_languages():
        raise UnknownLanguage(lang)
    return LEXICON_DIR / f"{lang}.toml"


@cache
def builtin_lexicon(lang: str) -> Lexicon:
    return load_lexicon(lexicon_path(lang))


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate one lexicon file; raise ``LexiconError`` naming the file and rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LexiconError(
            path, _("cannot be read (%(error)s).") % {"error": error.strerror}
        ) from None
    except UnicodeDecodeError:
        raise LexiconError(path, _("is not valid UTF-8.")) from None
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(path, _("is not valid TOML: %(error)s.") % {"error": error}) from None
    return _parse(path, data)


def _parse(path: Path, data: dict[str, Any]) -> Lexicon:
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise LexiconError(
            path, _("unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    lang = data.get("lang")
    if not isinstance(lang, str) or not LANG_CODE.match(lang):
        raise LexiconError(path, _("“lang” must be a language code such as “en”."))
    if path.suffix == ".toml" and path.parent == LEXICON_DIR and path.stem != lang:
        raise LexiconError(path, _("“lang” must match the file name."))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise LexiconError(path, _("“name” must name the language."))
    suffix_sets = _suffix_sets(path, data.get("suffixes", {}))
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise LexiconError(path, _("there are no [[rule]] tables."))
    rules: list[Rule] = []
    seen_ids: set[str] = set()
    term_owner: dict[str, str] = {}
    for index, raw in enumerate(raw_rules, start=1):
        rule = _rule(path, raw, index, suffix_sets)
        if rule.id in seen_ids:
            raise LexiconError(path, _("the id is used twice."), rule.id)
        seen_ids.add(rule.id)
        for term in expand_terms(rule, suffix_sets):
            owner = term_owner.setdefault(term_key(term), rule.id)
            if owner != rule.id:
                raise LexiconError(
                    path,
                    _("the term “%(term)s” is also in rule “%(other)s”.")
                    % {"term": term, "other": owner},
                    rule.id,
                )
        rules.append(rule)
    return Lexicon(lang, name, path, suffix_sets, tuple(rules))


def _suffix_sets(path: Path, raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise LexiconError(path, _("[suffixes] must be a table."))
    sets: dict[str, tuple[str, ...]] = {}
    for name, value in raw.items():
        slots = value if value and all(isinstance(v, list) for v in value) else [value]
        if not isinstance(value, list) or not all(
            isinstance(slot, list) and slot and all(isinstance(s, str) for s in slot)
            for slot in slots
        ):
            raise LexiconError(
                path,
                _("suffix set “%(name)s” must be a list of strings, or a list of such lists.")
                % {"name": name},
            )
        combos = {nfc("".join(parts)) for parts in itertools.product(*slots)}
        # Longest first, so that in a pattern the regex engine tries the fullest inflection first.
        sets[name] = tuple(sorted(combos, key=lambda s: (-len(s), s)))
    return sets


def _strings(
    path: Path, rule_id: str, raw: dict[str, Any], key: str, required: bool
) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(
            path, _("“%(key)s” must be a list of non-empty strings.") % {"key": key}, rule_id
        )
    if required and not value:
        raise LexiconError(path, _("“%(key)s” must not be empty.") % {"key": key}, rule_id)
    return tuple(nfc(v.strip()) for v in value)


def _rule(path: Path, raw: Any, index: int, suffix_sets: dict[str, tuple[str, ...]]) -> Rule:
    if not isinstance(raw, dict):
        raise LexiconError(path, _("rule number %(n)d is not a table.") % {"n": index})
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise LexiconError(
            path,
            _("rule number %(n)d needs an “id” of lower-case words joined by hyphens.")
            % {"n": index},
        )
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise LexiconError(
            path, _("unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}, rule_id
        )
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        raise LexiconError(
            path,
            _("“severity” must be one of: %(choices)s.") % {"choices": ", ".join(SEVERITIES)},
            rule_id,
        )
    terms = _strings(path, rule_id, raw, "terms", required=False)
    patterns = _strings(path, rule_id, raw, "patterns", required=False)
    if not terms and not patterns:
        raise LexiconError(path, _("give at least one term or pattern."), rule_id)
    suffixes = raw.get("suffixes")
    if suffixes is not None and suffixes not in suffix_sets:
        raise LexiconError(path, _("unknown suffix set “%(name)s”.") % {"name": suffixes}, rule_id)
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
        raise LexiconError(path, _("“reason” must be one line of text."), rule_id)
    rule = Rule(
        id=rule_id,
        severity=severity,
        terms=terms,
        suffixes=suffixes,
        patterns=patterns,
        suggestions=_strings(path, rule_id, raw, "suggestions", required=True),
        reason=reason.strip(),
        exceptions=_strings(path, rule_id, raw, "exceptions", required=False),
        exception_patterns=_strings(path, rule_id, raw, "exception_patterns", required=False),
    )
    for pattern in (*rule.patterns, *rule.exception_patterns):
        if "(?P<" in pattern or "(?P=" in pattern:
            raise LexiconError(
                path, _("patterns may not name groups: %(p)s") % {"p": pattern}, rule_id
            )
        try:
            re.compile(expand_pattern(pattern, suffix_sets), re.IGNORECASE)
        except (re.error, KeyError) as error:
            raise LexiconError(
                path,
                _("the pattern %(p)s is not a valid regular expression (%(error)s).")
                % {"p": pattern, "error": error},
                rule_id,
            ) from None
        if re.compile(expand_pattern(pattern, suffix_sets), re.IGNORECASE).match(""):
            raise LexiconError(
                path, _("the pattern %(p)s matches empty text.") % {"p": pattern}, rule_id
            )
    return rule


def expand_terms(rule: Rule, suffix_sets: dict[str, tuple[str, ...]]) -> list[str]:
    """Every literal form of a rule's terms: each term with each suffix of its set."""
    endings = suffix_sets[rule.suffixes] if rule.suffixes else ("",)
    return [term + ending for term in rule.terms for ending in endings]


def expand_pattern(pattern: str, suffix_sets: dict[str, tuple[str, ...]]) -> str:
    """A lexicon pattern as a Python regular expression: spaces match whitespace runs,
    ``{sfx:NAME}`` becomes the suffix set NAME (an optional group, longest inflection first)."""

    def suffix_group(match: re.Match[str]) -> str:
        endings = suffix_sets[match.group(1)]
        return "(?:" + "|".join(re.escape(e) for e in endings if e) + ")?"

    return fold(SUFFIX_REF.sub(suffix_group, nfc(pattern))).replace(" ", r"\s+")


SEPARATORS = re.compile(r"\s*[-‐‑]\s*|\s+")
# Arabic harakat (fathatan to wavy hamza below), superscript alef and tatweel: optional in writing.
ARABIC_OPTIONAL = re.compile("[\u064b-\u065f\u0670\u0640]")
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
ARABIC = re.compile("[\u0600-\u06ff]")


def fold(text: str) -> str:
    """Arabic without its optional marks and with its interchangeable letters made one; any
    other text unchanged."""
    if ARABIC.search(text) is None:
        return text
    return ARABIC_OPTIONAL.sub("", text).translate(ARABIC_LETTERS)


APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def term_key(text: str) -> str:
    """The form under which a term, or text that matched it, is looked up."""
    return SEPARATORS.sub(" ", fold(nfc(text)).translate(APOSTROPHES).casefold()).strip()
