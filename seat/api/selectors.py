"""Reads for API access: always the signed-in person's own tokens."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from seat.api.models import ApiToken


def api_tokens_for_user(*, user: Any) -> list[ApiToken]:
    """Working tokens first, newest first; then revoked ones."""
    tokens = list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))
    return [t for t in tokens if t.revoked_at is None] + [t for t in tokens if t.revoked_at]


def api_token_get_for_user(*, user: Any, token_id: Any) -> ApiToken:
    """The person's own token; anybody else's is not found (404), never forbidden."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    return token
