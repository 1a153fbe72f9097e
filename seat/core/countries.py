"""Countries as ISO 3166-1 alpha-2 codes, named in the reader's language by CLDR (Babel).

CLDR's territory list also holds regions ("001"), groupings (EU, UN), codes that are only
reserved in ISO 3166-1 (AC, CP, CQ, DG, EA, IC, TA), private-use codes (QO, XA, XB, XK) and
"unknown" (ZZ); none of them is a country an organisation can be in, so they are left out.
What remains is the 249 officially assigned codes.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale

from seat.core.formats import current_locale

_NOT_ASSIGNED = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
COUNTRY_CODES: frozenset[str] = frozenset(
    str(code)
    for code in Locale.parse("en").territories
    if len(str(code)) == 2 and str(code).isalpha() and code not in _NOT_ASSIGNED
)


def collation_key(name: str) -> tuple[str, str]:
    """Sorts names as a reader of Latin-script languages expects: accents and case come second
    (Åland beside Albania, Côte d'Ivoire before Croatia), not after Z as code points put them.
    A small stand-in for the Unicode collation algorithm, which would be a new dependency; the
    name itself breaks ties. Other scripts keep their code point order, which for Bengali is
    the alphabet's."""
    decomposed = unicodedata.normalize("NFKD", name)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (base.casefold(), name)


@lru_cache(maxsize=8)
def _choices(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    return tuple(
        sorted(
            ((code, str(names.get(code, code))) for code in COUNTRY_CODES),
            key=lambda c: collation_key(c[1]),
        )
    )


def country_choices() -> list[tuple[str, str]]:
    """Every country, by its name in the current language, in that language's order of names."""
    return list(_choices(str(current_locale())))


def country_name(code: str) -> str:
    """The country's name in the current language; the code itself if it is not a country."""
    return str(current_locale().territories.get(code, code)) if code in COUNTRY_CODES else code
