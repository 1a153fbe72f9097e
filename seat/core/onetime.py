"""One-time codes: joining links for new colleagues and survivor experts, password-reset codes.

A code is shown once, to the person who hands it over, and only its digest is stored, so a
database copy cannot be used to join or to take over an account. Codes are short enough to read
aloud or copy from a phone (a facilitator may pass one on in person) yet cannot be guessed:
``CODE_LENGTH`` characters from a 31-letter alphabet without look-alikes (0/O, 1/I/L) is about
74 bits. Entry forgives case, spaces and dashes.

Each model that stores codes keeps ``code_digest`` (unique), an expiry and a used-at time, and
claims a code with a conditional UPDATE (``WHERE used_at IS NULL AND expires_at > now``) so two
people racing with the same code cannot both succeed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 15
GROUP = 5


def code_shown(length: int = CODE_LENGTH) -> str:
    """A fresh code of ``length`` characters, grouped for reading (``ABCDE-FGHJK-MNPQR``)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + GROUP] for i in range(0, length, GROUP))


def code_new() -> tuple[str, str]:
    """A fresh code for showing once and the digest to store."""
    shown = code_shown()
    return shown, code_digest(shown)


def code_normalise(typed: str) -> str:
    """What the person typed, as the code it must be: case, spaces and dashes forgiven."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def keyed_digest(text: str, *, label: str = "") -> str:
    """HMAC-SHA256 of ``label`` + ``text`` with the site's secret key: a stolen table of
    digests cannot be checked against guesses without the key. ``label`` keeps the digests of
    different kinds of secret (a session key, a recovery code) apart."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (label + text).encode(), hashlib.sha256
    ).hexdigest()


def code_digest(code: str) -> str:
    """Keyed digest of a code, whatever case, spaces and dashes it was typed with."""
    return keyed_digest(code_normalise(code))


def code_looks_valid(typed: str, length: int = CODE_LENGTH) -> bool:
    """Cheap check before any database work: right length, right alphabet."""
    code = code_normalise(typed)
    return len(code) == length and all(ch in ALPHABET for ch in code)
