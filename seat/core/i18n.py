"""How complete each language's catalog is, shown in the language picker."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

_FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')


def po_completeness(text: str) -> int:
    """Percentage of messages translated and not fuzzy. Entries are separated by blank lines."""
    translated = total = 0
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#~"):
                current = None  # obsolete entry
                fields = {}
                break
            elif match := _FIELD.match(line):
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if not fields.get("msgid"):
            continue  # the header, or an obsolete entry
        total += 1
        strings = [v for k, v in fields.items() if k.startswith("msgstr")]
        if strings and all(strings) and not fuzzy:
            translated += 1
    return round(100 * translated / total) if total else 100


@cache
def catalog_completeness() -> dict[str, int]:
    result = {settings.LANGUAGE_CODE: 100}
    for locale_dir in settings.LOCALE_PATHS:
        for code, _name in settings.LANGUAGES:
            po = Path(locale_dir) / code / "LC_MESSAGES" / "django.po"
            if po.exists():
                result[code] = po_completeness(po.read_text(encoding="utf-8"))
    return result
