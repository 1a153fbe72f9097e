"""The languages survivors Seat serves read, each named in itself."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# Languages survivors Seat serves read; a consultation offers some of them, and its text is
# written in one of them and may be translated into the others (consultations/translations.py).
# Each name is written in the language itself, so a reader finds her own.
PARTICIPANT_LANGUAGES = [
    ("en", "English"),
    ("bn", "বাংলা"),
    ("hi", "हिन्दी"),
    ("ne", "नेपाली"),
    ("id", "Bahasa Indonesia"),
    ("km", "ខ្មែរ"),
    ("tl", "Tagalog"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
LANGUAGE_NAMES = dict(PARTICIPANT_LANGUAGES)

# The same languages named in the reader's language, for a sentence about a text ("This is
# written in English"): a reader who does not read the other language cannot read its own name.
LANGUAGE_NAMES_TRANSLATED: dict[str, Promise] = {
    "en": pgettext_lazy("language name", "English"),
    "bn": pgettext_lazy("language name", "Bengali"),
    "hi": pgettext_lazy("language name", "Hindi"),
    "ne": pgettext_lazy("language name", "Nepali"),
    "id": pgettext_lazy("language name", "Indonesian"),
    "km": pgettext_lazy("language name", "Khmer"),
    "tl": pgettext_lazy("language name", "Tagalog"),
    "es": pgettext_lazy("language name", "Spanish"),
    "fr": pgettext_lazy("language name", "French"),
    "ar": pgettext_lazy("language name", "Arabic"),
}


def language_name_translated(code: str) -> str:
    """``code``'s language named in the active language; a code Seat does not know keeps itself."""
    return str(LANGUAGE_NAMES_TRANSLATED.get(code, code))


# The ten languages Seat's own interface is being translated into (issue 14), each named in
# itself, with its writing direction. A language is offered in the picker (settings.LANGUAGES)
# once its catalog is complete; until then `GET /api/v1/languages` says how far it has come.
UI_LANGUAGES: list[tuple[str, str, str]] = [
    ("en", "English", "ltr"),
    ("bn", "বাংলা", "ltr"),
    ("hi", "हिन्दी", "ltr"),
    ("ne", "नेपाली", "ltr"),
    ("id", "Bahasa Indonesia", "ltr"),
    ("km", "ខ្មែរ", "ltr"),
    ("tl", "Tagalog", "ltr"),
    ("es", "Español", "ltr"),
    ("fr", "Français", "ltr"),
    ("ar", "العربية", "rtl"),
]


def language_names(codes: list[str]) -> list[tuple[str | None, str]]:
    """Each code with its name in its own language, for ``<span lang>``; a code Seat does not
    know keeps its code as the name and no lang (a made-up lang would mislead a screen reader)."""
    return [
        (code, LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else (None, code) for code in codes
    ]
