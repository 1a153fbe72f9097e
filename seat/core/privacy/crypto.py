"""Encryption at rest for identifying data.

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``; MultiFernet lets a new key be put
first in SEAT_ENCRYPTION_KEYS while old rows stay readable until ``seat rotate-keys``
(seat/core/privacy/rotation.py) re-encrypts them under it.

A value no configured key reads (its key was lost) reads as "" so pages keep working, and a save
writes its token back unchanged unless a new value was typed: see ``UnreadableText``.
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute

logger = logging.getLogger(__name__)

# The fields whose unreadable values were logged already: once per field and process is enough.
_WARNED_FIELDS: set[str] = set()
# Where an instance remembers, per field, the token that no configured key reads.
_UNREADABLE_TOKENS = "_seat_unreadable_tokens"


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.ENCRYPTION_KEYS))


def key_id(key: str) -> str:
    """A short name for a key, safe to print and to audit: the first 8 hex digits of its
    SHA-256 (Fernet tokens carry no key id, so this is how people tell keys apart)."""
    return hashlib.sha256(key.strip().encode("ascii")).hexdigest()[:8]


@cache
def _keys_by_id(keys: tuple[str, ...]) -> tuple[tuple[str, Fernet], ...]:
    return tuple((key_id(k), Fernet(k.encode())) for k in keys)


def configured_keys() -> tuple[tuple[str, Fernet], ...]:
    """(key id, Fernet) for each configured key, the one that encrypts first."""
    return _keys_by_id(tuple(settings.ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise ValueError("An encrypted value could not be read with the configured keys.") from exc


class UnreadableText(str):
    """What a value no configured key reads looks like: "" everywhere (pages, forms, tests of
    truth), with the stored token riding along so a save writes it back unchanged. Writing ""
    over it would destroy the data for good, and the lost key may yet be found."""

    token: str

    def __new__(cls, token: str) -> UnreadableText:
        value = super().__new__(cls, "")
        value.token = token
        return value


class _EncryptedAttribute(DeferredAttribute):
    """Remembers an unreadable token on the instance, so a form that posts the empty field back
    (she did not type anything) does not erase it; a value she types replaces it."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        attname = self.field.attname
        if isinstance(value, UnreadableText):
            instance.__dict__.setdefault(_UNREADABLE_TOKENS, {})[attname] = value.token
        elif value:
            instance.__dict__.get(_UNREADABLE_TOKENS, {}).pop(attname, None)
        instance.__dict__[attname] = value


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; empty stays empty so "not given" is visible.

    It cannot be searched or ordered on; that is the point.
    """

    descriptor_class = _EncryptedAttribute

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        try:
            return decrypt(value)
        except ValueError:
            self._warn_unreadable()
            return UnreadableText(value)

    def _warn_unreadable(self) -> None:
        # The name of the column, never the value.
        label = f"{self.model._meta.label}.{self.name}"
        if label in _WARNED_FIELDS:
            return
        _WARNED_FIELDS.add(label)
        logger.warning(
            "A value of %s is under no configured encryption key; it reads as empty "
            "(`seat rotate-keys --dry-run` counts them).",
            label,
        )

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        token = model_instance.__dict__.get(_UNREADABLE_TOKENS, {}).get(self.attname)
        if token and not value:
            return UnreadableText(token)
        return value

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, UnreadableText):
            return value.token
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(str(value))
