"""How complete each language's catalog is, shown in the language picker."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

_FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')


def po_missing(text: str) -> list[str]:
    """The msgids with no translation, or only a fuzzy one. Entries are separated by blank lines."""
    missing = []
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
        strings = [v for k, v in fields.items() if k.startswith("msgstr")]
        if fuzzy or not strings or not all(strings):
            missing.append(fields["msgid"])
    return missing


def po_completeness(text: str) -> int:
    """Percentage translated, rounded down so that one missing string never shows as 100."""
    total = sum(
        1
        for block in re.split(r"\n\s*\n", text)
        if re.search(r'^msgid "(?!")', block, re.M) or re.search(r'^msgid ""\n"', block, re.M)
    )
    if not total:
        return 100
    return (100 * (total - len(po_missing(text)))) // total


@cache
def catalog_completeness() -> dict[str, int]:
    result = {settings.LANGUAGE_CODE: 100}
    for locale_dir in settings.LOCALE_PATHS:
        for code, _name in settings.LANGUAGES:
            po = Path(locale_dir) / code / "LC_MESSAGES" / "django.po"
            if po.exists():
                result[code] = po_completeness(po.read_text(encoding="utf-8"))
    return result
