"""Encryption at rest for identifying data.

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``; MultiFernet lets a new key be put
first in SEAT_ENCRYPTION_KEYS while old rows stay readable until they are re-saved.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("An encrypted value could not be read with the configured keys.") from exc


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; empty stays empty so "not given" is visible.

    It cannot be searched or ordered on; that is the point.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(str(value))
