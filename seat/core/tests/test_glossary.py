"""Seat's words, held to locale/glossary.toml in every catalog and framework translation."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from seat.assessment.framework import CURRENT_FRAMEWORK_FILE, framework_read
from seat.core.gettext_calls import extract_messages
from seat.core.i18n import po_entries

LOCALE = Path(settings.LOCALE_PATHS[0])
GLOSSARY = tomllib.loads((LOCALE / "glossary.toml").read_text(encoding="utf-8"))
LANGS = ["bn", "es"]


def catalog_pairs(lang: str) -> list[tuple[str, str, str]]:
    """(where, English, translation) for every translated entry of a catalog."""
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    return [
        (
            f"{po.relative_to(LOCALE)}: {e.msgid!r}",
            f"{e.msgid} {e.plural}",
            " ".join(e.translations),
        )
        for e in po_entries(po.read_text(encoding="utf-8"))
        if e.translated
    ]


def framework_pairs(lang: str) -> list[tuple[str, str, str]]:
    """(where, English, translation) for every translated text of the assessment framework."""
    spec = framework_read(CURRENT_FRAMEWORK_FILE)
    translation = spec.translations.get(lang, {"domains": {}, "indicators": {}})
    pairs = []
    for domain in spec.domains:
        raw = translation["domains"].get(domain.id, {})
        for key in ("title", "summary"):
            if raw.get(key):
                pairs.append(
                    (f"framework {lang} {domain.id} {key}", getattr(domain, key), raw[key])
                )
        for indicator in domain.indicators:
            if raw := translation["indicators"].get(indicator.id):
                where = f"framework {lang} {indicator.id}"
                pairs.append((f"{where} text", indicator.text, raw["text"]))
                pairs += [
                    (f"{where} level {n}", en, tr)
                    for n, (en, tr) in enumerate(
                        zip(indicator.levels, raw["levels"], strict=True), 1
                    )
                ]
    return pairs


# %(survivor)s and {name} are names of values, not words a person reads.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def glossary_violations(lang: str, pairs: list[tuple[str, str, str]]) -> list[str]:
    violations = []
    for term in GLOSSARY["term"]:
        rule = term[lang]
        for where, english, translated in pairs:
            english = _PLACEHOLDER.sub("", english)
            if not re.search(term["en"], english, re.I):
                continue
            if any(re.search(e, english, re.I) for e in term.get("except", [])):
                continue
            text = _PLACEHOLDER.sub("", translated).casefold()
            if not any(a.casefold() in text for a in rule["approved"]):
                violations.append(f"{where}: use {' / '.join(rule['approved'])} — {translated!r}")
            violations += [
                f"{where}: never {f!r} for {term['en']} ({rule['note']}) — {translated!r}"
                for f in rule["forbidden"]
                if f.casefold() in text
            ]
    return violations


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_follows_the_glossary(lang):
    assert glossary_violations(lang, catalog_pairs(lang)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_framework_translation_follows_the_glossary(lang):
    assert glossary_violations(lang, framework_pairs(lang)) == []


def test_the_glossary_catches_the_mistakes_it_was_written_for():
    pairs_bn = [
        ("a", "This consultation is closed.", "এই পরামর্শ বন্ধ হয়ে গেছে।"),
        ("b", "Payment", "পেমেন্ট"),
        ("c", "a support person or extra breaks", "সঙ্গে একজন সহায়তাকারী মানুষ"),
    ]
    assert [v.split(":")[0] for v in glossary_violations("bn", pairs_bn)] == [
        "a",
        "a",
        "b",
        "b",
        "c",
        "c",
    ]
    pairs_es = [("d", "Administrator", "Administración")]
    assert [v.split(":")[0] for v in glossary_violations("es", pairs_es)] == ["d", "d"]


def test_every_term_has_a_rule_for_every_language():
    for term in GLOSSARY["term"]:
        re.compile(term["en"])
        for lang in LANGS:
            assert term[lang]["approved"], (term["en"], lang)


# --- One English word, two meanings: always with a message context -----------------------------

AMBIGUOUS = set(GLOSSARY["ambiguous"]["msgids"])
SEAT = Path(settings.BASE_DIR)
_TRANSLATE = re.compile(r"{%-?\s*(?:translate|trans)\s+(\"[^\"]*\"|'[^']*')([^%]*)%}")
_BLOCK = re.compile(
    r"{%-?\s*blocktrans(?:late)?\b([^%]*)%}(.*?){%-?\s*endblocktrans(?:late)?\s*-?%}", re.S
)


def bare_ambiguous_uses() -> list[str]:
    """Ambiguous msgids used without a context anywhere in Seat's code and templates."""
    found = []
    for path in sorted(SEAT.rglob("*.py")):
        if "tests" in path.parts:
            continue
        for message in extract_messages(path.read_text(encoding="utf-8"), str(path)):
            if message.msgid in AMBIGUOUS and not message.context:
                found.append(f"{path.relative_to(SEAT)}: {message.msgid!r}")
    for path in sorted(SEAT.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for m in _TRANSLATE.finditer(text):
            if m.group(1)[1:-1] in AMBIGUOUS and "context" not in m.group(2):
                found.append(f"{path.relative_to(SEAT)}: {m.group(1)}")
        for m in _BLOCK.finditer(text):
            body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m.group(2)).strip()
            if body in AMBIGUOUS and "context" not in m.group(1):
                found.append(f"{path.relative_to(SEAT)}: {body!r}")
    return found


def test_ambiguous_words_always_carry_a_context():
    assert bare_ambiguous_uses() == []


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_no_bare_ambiguous_msgid(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    bare = [
        e.msgid
        for e in po_entries(po.read_text(encoding="utf-8"))
        if e.msgid in AMBIGUOUS and not e.context
    ]
    assert bare == []
