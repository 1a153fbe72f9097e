"""Who is calling the API: a bearer token, or the signed-in browser's session (with CSRF).

A request that carries ``Authorization: Bearer …`` is judged by that token alone: an unknown or
revoked token is refused with 401 even if a session cookie rides along, so a program learns at
once that its token stopped working. The token is never logged: ninja's own bearer class writes
a malformed header to the log in DEBUG, which this one does not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from seat.api.services import api_token_use


class TokenInvalid(AuthenticationError):
    """A bearer token was sent and it does not open Seat (unknown, revoked, malformed)."""


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any | None:
        value = request.headers.get("Authorization")
        if not value:
            return None
        scheme, _space, token = value.partition(" ")
        if scheme.lower() != "bearer":
            raise TokenInvalid
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = api_token_use(token=token)
        if found is None:
            raise TokenInvalid
        user = found.user
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        # As on pages (AccountLanguageMiddleware), the language saved to the account wins.
        if user.language in {code for code, _name in settings.LANGUAGES}:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


# Bearer first: a program's token decides even when a browser cookie is present.
AUTH = [TokenAuth(), SessionAuth()]
