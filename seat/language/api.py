"""``POST /api/v1/language/check``: the terminology checker over HTTP, for the live form check
and for anyone else. No login; the text is size-limited and each client address is rate-limited
through the shared cache (the address is kept only as a salted hash, for a minute)."""

from __future__ import annotations

import hashlib
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from seat.core.http import client_address
from seat.language.engine import checker_for
from seat.language.forms import fallback_language
from seat.language.lexicon import UnknownLanguage, available_languages

MAX_CHARACTERS = 100_000

router = Router(tags=["language"])


# Something to check: a character that is not white space (the same test the OpenAPI document
# states as the text's pattern, so the document and the answer agree).
SOMETHING = re.compile(r"\S")


class CheckIn(Schema):
    text: str = Field(
        description=f"At most {MAX_CHARACTERS:,} characters (longer: 413).",
        json_schema_extra={"pattern": SOMETHING.pattern},
    )
    # The view answers an unknown code with a clear 422; the document lists the known ones.
    lang: str = Field("en", json_schema_extra={"enum": ["auto", *available_languages()]})


class FindingOut(Schema):
    line: int
    column: int
    start: int
    end: int
    text: str
    rule: str
    severity: str
    suggestions: list[str]
    reason: str


class CheckOut(Schema):
    lang: str
    findings: list[FindingOut]


class ErrorOut(Schema):
    detail: str


def allow_check(request: HttpRequest) -> tuple[bool, int]:
    """Count this request in the caller's one-minute window: whether it is within the limit,
    and the seconds until the window ends (for Retry-After)."""
    limit = settings.SEAT_LANGUAGE_CHECKS_PER_MINUTE
    salted = f"{settings.SECRET_KEY}:{client_address(request)}".encode()
    now = time.time()
    window = int(now // 60)
    key = f"language-check:{hashlib.sha256(salted).hexdigest()[:32]}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= limit, max(1, math.ceil((window + 1) * 60 - now))


@router.post(
    "/check",
    auth=None,
    url_name="language-check",
    response={200: CheckOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Check text for labelling and stigmatising terms",
)
def check(
    request: HttpRequest, payload: CheckIn, response: HttpResponse
) -> Status[dict[str, object]]:
    """Findings in ``text`` for the lexicon ``lang`` (a language code, or ``auto`` to guess:
    the answer's ``lang`` names the lexicon used, or several joined by ``+`` when a short text
    could be in any of them).

    Each finding has ``line`` and ``column`` (1-based), ``start`` and ``end`` (character offsets),
    the matched ``text``, the ``rule``, its ``severity`` (error, warning or suggestion), the
    ``suggestions`` and the ``reason``.
    """
    allowed, retry_after = allow_check(request)
    if not allowed:
        response["Retry-After"] = str(retry_after)
        return Status(
            429, {"detail": _("Too many checks from this address. Wait a minute and try again.")}
        )
    if len(payload.text) > MAX_CHARACTERS:
        message = _("The text is too long: the most this checks at once is %(max)s characters.")
        return Status(413, {"detail": message % {"max": f"{MAX_CHARACTERS:,}"}})
    if not SOMETHING.search(payload.text):
        return Status(422, {"detail": _("Nothing to check: the text is empty.")})
    try:
        checker = checker_for(payload.lang, payload.text, fallback_language())
    except UnknownLanguage as error:
        return Status(422, {"detail": str(error)})
    findings = checker.check(payload.text)
    return Status(200, {"lang": checker.lang, "findings": [f.as_dict() for f in findings]})
