"""The shape of an API token, and its digest.

``seat_`` then 43 URL-safe characters (256 random bits). The fixed prefix lets secret scanners
and people recognise a Seat token pasted where it should not be (a repository, a chat).
"""

from __future__ import annotations

import hashlib
import re
import secrets

PREFIX = "seat_"
_SHAPE = re.compile(r"seat_[A-Za-z0-9_-]{43}")


def token_new() -> tuple[str, str]:
    """A fresh token, for showing once, and the digest to store."""
    token = PREFIX + secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_looks_valid(token: str) -> bool:
    """Cheap check before any database work."""
    return _SHAPE.fullmatch(token) is not None
