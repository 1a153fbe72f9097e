"""Security headers Django does not set by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Nothing is allowed unless named here (default-src 'none'), and what is named comes from Seat
# itself: no inline script or style anywhere, so no 'unsafe-inline'. data: images are the icon
# inlined in base.html and the API documentation's stylesheet; media is the read-aloud recording;
# connect is the small scripts' calls back to Seat (terminology check, drafts).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        # Nothing of Seat's (pages, recordings, exports, static files) is for another site's
        # pages to embed: a browser refuses to hand it to them.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages behind login must not linger in shared phones' caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
