"""The /api/v1 API: thin routers over each app's services and selectors.

Each app contributes a ninja ``Router`` in its own ``api.py``; this module only mounts them.
Session authentication (with CSRF) serves the signed-in browser; endpoints that need no login
say so with ``auth=None``.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import SessionAuth

api = NinjaAPI(
    title="Seat API",
    version="1",
    urls_namespace="api-v1",
    auth=SessionAuth(),
    # The interactive docs page loads scripts from a CDN, which the CSP forbids; the OpenAPI
    # document at /api/v1/openapi.json is what clients use.
    docs_url=None,
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request is too large.")}, status=413)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Log in first.")}, status=401)


def mount_routers() -> None:
    """Routers are added here as apps gain an API (``api.add_router(prefix, router)``)."""
    from seat.assessment.api import router as assessment_router

    api.add_router("/assessment/", assessment_router)

    from seat.language.api import router as language_router

    api.add_router("/language/", language_router)


mount_routers()
