"""Forms that create something are acted on once, however many times they arrive.

A double tap on a slow phone, or a retry after a dropped connection, sends the same form again.
Each such form carries a random key; the first arrival claims it in the shared cache and records
where it led, later arrivals are sent to the same place.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.cache import cache

_DAY = 24 * 3600


class OnceFormMixin(forms.Form):
    form_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("form_key", uuid.uuid4())
        super().__init__(*args, **kwargs)


def _cache_key(user: Any, key: uuid.UUID) -> str:
    return f"seat:once:{getattr(user, 'pk', '')}:{key}"


def submission_claim(*, user: Any, key: uuid.UUID) -> str | None:
    """None for the first arrival of this form; otherwise where the first one led ("" while it
    is still being handled)."""
    cache_key = _cache_key(user, key)
    if cache.add(cache_key, "", timeout=_DAY):
        return None
    return cache.get(cache_key) or ""


def submission_done(*, user: Any, key: uuid.UUID, url: str) -> None:
    cache.set(_cache_key(user, key), url, timeout=_DAY)


def submission_release(*, user: Any, key: uuid.UUID) -> None:
    """The first arrival failed: let the person send the form again."""
    cache.delete(_cache_key(user, key))


def submission_earlier(*, user: Any, data: Any) -> str | None:
    """Where the first arrival of this form (``data``: the POST) led, once it has finished; None
    otherwise. For forms whose first arrival removes what the page is about (a deletion): the
    second arrival of a double click then goes where the first went, not to a 404."""
    try:
        key = uuid.UUID(str(data.get("form_key", "")))
    except ValueError:
        return None
    return cache.get(_cache_key(user, key)) or None
