"""Words matter: Seat's own UI copy, in every language, passes the terminology checker.

Checked: every msgid (English) and every msgstr of every catalog in locale/, every
string marked for translation in the Python code, and the text of every template. A finding of
warning or error severity fails; suggestions are left to judgement.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from seat.language.engine import Finding, get_checker

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT.parent / "locale"
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}

# Legitimate uses, each with its reason. Keep this tiny.
ALLOWED: dict[str, str] = {}


def blocking(texts: list[tuple[str, str]], lang: str) -> list[str]:
    checker = get_checker(lang)
    problems = []
    for where, text in texts:
        found: list[Finding] = [f for f in checker.check(text) if f.blocking]
        problems += [
            f"{where}: {f.rule} “{f.text}” in {text!r}" for f in found if text not in ALLOWED
        ]
    return problems


def po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, plural forms included, header skipped."""
    entries: list[tuple[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            if match.group(1) in ("msgctxt", "msgid") and "msgstr" in "".join(current):
                entries += _pairs(current)
                current = {}
            key = match.group(1)
            current[key] = json.loads(f'"{match.group(2)}"')
        elif line.startswith('"') and key:
            current[key] += json.loads(line)
        elif not line and current:
            entries += _pairs(current)
            current, key = {}, ""
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


def _pairs(entry: dict[str, str]) -> list[tuple[str, str]]:
    sources = [entry.get("msgid", ""), entry.get("msgid_plural", "")]
    translations = [v for k, v in entry.items() if k.startswith("msgstr")]
    return [(source, text) for source in sources if source for text in translations]


CATALOGS = sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("code", CATALOGS)
def test_catalogs_pass_in_english_and_in_their_language(code):
    from seat.language.lexicon import available_languages

    entries = po_entries(LOCALE / code / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    assert blocking([(f"msgid ({code}.po)", msgid) for msgid, _ in entries], "en") == []
    if code not in available_languages():
        pytest.skip(f"the terminology checker has no {code} lexicon yet")
    assert (
        blocking([(f"msgstr ({code}.po)", msgstr) for _, msgstr in entries if msgstr], code) == []
    )


def test_every_catalog_of_an_offered_language_is_checked():
    offered = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    assert offered <= set(CATALOGS)


def marked_strings() -> list[tuple[str, str]]:
    found = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT
            ):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.append((f"{path.relative_to(ROOT.parent)}:{node.lineno}", arg.value))
    return found


def test_strings_marked_for_translation_in_the_code_pass():
    strings = marked_strings()
    assert len(strings) > 100
    assert blocking(strings, "en") == []


def template_text(source: str) -> str:
    source = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", " ", source, flags=re.S)
    quoted = re.findall(r"{%\s*(?:translate|trans)\s+[\"'](.*?)[\"']", source)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<[^>]+>", " ", source)
    return "\n".join([source, *quoted])


def test_template_text_passes():
    templates = [p for p in ROOT.rglob("templates/**/*.html") if "tests" not in p.parts]
    assert len(templates) > 20
    texts = [
        (str(p.relative_to(ROOT.parent)), template_text(p.read_text(encoding="utf-8")))
        for p in templates
    ]
    assert blocking(texts, "en") == []


def test_the_check_itself_catches_bad_copy():
    assert blocking([("example", "Share your story with our donors.")], "en") == [
        "example: story-extraction “Share your story” in 'Share your story with our donors.'"
    ]
    assert po_entries_from_text('msgid "Rescued girls"\nmsgstr "Niñas rescatadas"\n') == [
        ("Rescued girls", "Niñas rescatadas")
    ]


def po_entries_from_text(text: str) -> list[tuple[str, str]]:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".po", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    try:
        return po_entries(Path(handle.name))
    finally:
        Path(handle.name).unlink()
