"""Keyed digests (blind indexes): find or count a value without storing or comparing it in clear.

An HMAC-SHA256 of the value under a key derived from ``SECRET_KEY`` with a label (``purpose``)
of its own, so a digest made for one purpose never matches one made for another. Changing
``SECRET_KEY`` changes every digest: what was indexed must be indexed again.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from django.conf import settings


@cache
def _key(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


def keyed_digest(purpose: bytes, value: str) -> str:
    """The hex digest of ``value`` for ``purpose``."""
    return hmac.new(_key(settings.SECRET_KEY, purpose), value.encode(), hashlib.sha256).hexdigest()
