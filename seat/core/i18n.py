"""How complete each language's catalog is, shown in the language picker.

Completeness counts every string a person can see: Seat's own and the messages of Django and the
other libraries listed in `library_strings_sources.py` (login errors, form validation, month
names). Those are copied into Seat's catalogs; one that is missing from a catalog, or is there
without a translation, counts as untranslated, so a stale catalog can never claim 100 %.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

_FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')


@dataclass(frozen=True)
class PoEntry:
    context: str
    msgid: str
    plural: str
    translations: tuple[str, ...]
    fuzzy: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.translations) and all(self.translations)


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def po_entries(text: str) -> list[PoEntry]:
    """The live entries of a .po file (not the header, not obsolete ones). Blank lines separate them."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#~"):
                fields = {}  # obsolete entry
                break
            elif match := _FIELD.match(line):
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if not fields.get("msgid"):
            continue  # the header, or an obsolete entry
        entries.append(
            PoEntry(
                context=_unescape(fields.get("msgctxt", "")),
                msgid=_unescape(fields["msgid"]),
                plural=_unescape(fields.get("msgid_plural", "")),
                translations=tuple(
                    _unescape(v) for k, v in fields.items() if k.startswith("msgstr")
                ),
                fuzzy=fuzzy,
            )
        )
    return entries


def _missing_keys(
    entries: list[PoEntry], required: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    known = {e.key for e in entries}
    missing = [e.key for e in entries if not e.translated]
    return missing + [key for key in dict.fromkeys(required) if key not in known]


def po_missing(text: str, required: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The msgids with no translation, or only a fuzzy one, plus every (context, msgid) in
    `required` that the catalog lacks."""
    return [msgid for _context, msgid in _missing_keys(po_entries(text), required)]


def po_completeness(text: str, required: Iterable[tuple[str, str]] = ()) -> int:
    """Percentage translated, rounded down so that one missing string never shows as 100."""
    entries = po_entries(text)
    required = list(required)
    total = len({e.key for e in entries} | set(required))
    if not total:
        return 100
    return (100 * (total - len(_missing_keys(entries, required)))) // total


def library_keys() -> list[tuple[str, str]]:
    """(context, msgid) of every library message a person can see (see library_strings.py)."""
    from seat.core.library_strings_gen import library_message_set

    return [(m.context, m.msgid) for m in library_message_set()]


@cache
def catalog_completeness() -> dict[str, int]:
    """Percent translated of each language offered or on its way (``UI_LANGUAGES``); a language
    with no catalog yet is 0."""
    from seat.core.languages import UI_LANGUAGES

    result = {settings.LANGUAGE_CODE: 100}
    required = library_keys()
    codes = dict.fromkeys([*(code for code, *_rest in UI_LANGUAGES), *dict(settings.LANGUAGES)])
    for code in codes:
        if code == settings.LANGUAGE_CODE:
            continue
        result[code] = 0
        for locale_dir in settings.LOCALE_PATHS:
            po = Path(locale_dir) / code / "LC_MESSAGES" / "django.po"
            if po.exists():
                result[code] = po_completeness(po.read_text(encoding="utf-8"), required)
    return result


def languages_first(codes: Iterable[str]) -> list[tuple[str, str]]:
    """The site's languages (code, own name), those in ``codes`` first in their given order: a
    page about one organisation offers the languages it works in before the others."""
    wanted = [code for code in codes if code in dict(settings.LANGUAGES)]
    rest = [code for code, _name in settings.LANGUAGES if code not in wanted]
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in [*wanted, *rest]]
