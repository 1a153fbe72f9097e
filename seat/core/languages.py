"""The languages survivors Seat serves read, each named in itself."""

from __future__ import annotations

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
]
LANGUAGE_NAMES = dict(PARTICIPANT_LANGUAGES)


def language_names(codes: list[str]) -> list[tuple[str | None, str]]:
    """Each code with its name in its own language, for ``<span lang>``; a code Seat does not
    know keeps its code as the name and no lang (a made-up lang would mislead a screen reader)."""
    return [
        (code, LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else (None, code) for code in codes
    ]
