from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from seat.accounts.selectors import security_notices_pending


def security_notices(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's undismissed security notices, read only if a page shows them."""
    return {
        "security_notices": SimpleLazyObject(
            lambda: security_notices_pending(user=getattr(request, "user", None))
        )
    }
