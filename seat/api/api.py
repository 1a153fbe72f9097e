"""The /api/v1 API: thin routers over each app's services and selectors.

Each app contributes a ninja ``Router`` in its own ``api.py``; this module only mounts them,
says who is calling (``seat.api.auth``: a bearer token, or the browser's session with CSRF),
applies the rate limit (``seat.api.limits``) and keeps the OpenAPI document true: every answer
an operation can give is documented there (``document_common_answers``), which a schemathesis
run in the tests checks. Endpoints that need no login say so with ``auth=None``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import DocsBase

from seat.api.auth import AUTH, TokenInvalid
from seat.api.limits import WINDOW_SECONDS, PersonOrAddressThrottle, request_allowed
from seat.api.schemas import ErrorOut, ValidationErrorOut


class SeatAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        document_common_answers(schema)
        return schema

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        # Last, so it answers only what no operation does: a JSON 404, not the HTML page.
        patterns.append(re_path(r"^.*$", unknown_address, name="unknown-address"))
        return patterns, app_name, namespace


# The words ninja itself answers an object not found with, so a program sees one 404 shape.
NOT_FOUND = "Not Found"


def unknown_address(request: HttpRequest) -> HttpResponse:
    """An /api/v1/ address no operation answers, whatever the method."""
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


def _json_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ninja answers a method an address does not take with Django's plain-text 405: say it in
    the API's error shape, keeping the Allow header. ``wraps`` keeps ninja's csrf_exempt mark."""

    @wraps(view)
    def view_with_json_405(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        answer = api.create_response(request, {"detail": "Method Not Allowed"}, status=405)
        answer["Allow"] = response["Allow"]
        return answer

    return view_with_json_405


class LocalSwagger(DocsBase):
    """Swagger UI from this site's own static files (seat/static/apidocs), started by a script
    file rather than inline: ninja's own page loads it from a CDN unless ninja is an installed
    app, and then collects eight megabytes of files Seat does not serve."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        settings = {"url": openapi_url, "layout": "BaseLayout", "deepLinking": True}
        return render(
            request,
            "api/docs.html",
            {"api": api, "openapi_url": openapi_url, "swagger_settings": settings},
        )


api = SeatAPI(
    title="Seat API",
    version="1",
    description=(
        "Seat's API. Send a token from /me/tokens/ as `Authorization: Bearer seat_…`; a browser "
        "signed in to Seat may instead use its session (with the CSRF token on writes). "
        "Signed-in callers are rate-limited per person, others per client address: a 429 answer "
        "says in `Retry-After` how many seconds to wait."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    throttle=[PersonOrAddressThrottle()],
    docs=LocalSwagger(),
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Only where and what: pydantic's "input" would echo back what was sent, "ctx" and "url"
    # are for programmers of pydantic.
    issues = [
        {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": str(e.get("type"))}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": issues}, status=422)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request is too large.")}, status=413)


# Seconds a client is asked to wait when the database is busy or out of reach.
BUSY_RETRY_SECONDS = 5


@api.exception_handler(OperationalError)
def database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    # A write that waited its whole time for a lock (SQLite under a burst of writes), or a
    # database out of connections: nothing was stored (each write is one transaction), so the
    # client may send the same request again, and an idempotent one lands once.
    response = api.create_response(
        request,
        {"detail": _("Seat is busy. Nothing was saved; send it again in a few seconds.")},
        status=503,
    )
    response["Retry-After"] = str(BUSY_RETRY_SECONDS)
    return response


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # Refusals count too (ninja's throttle runs only after a successful login), so nobody can
    # try tokens or hammer the database without limit.
    allowed, retry_after = request_allowed(request)
    if not allowed:
        return throttled(request, Throttled(wait=retry_after))
    if isinstance(exc, TokenInvalid):
        detail = _(
            "This token does not work: it was revoked, mistyped, or never existed. Make a new "
            "one on your tokens page (/me/tokens/)."
        )
        challenge = 'Bearer error="invalid_token"'
    else:
        detail = _("Log in first, or send a token: Authorization: Bearer seat_…")
        challenge = "Bearer"
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Too many requests. Wait a minute and try again.")}, status=429
    )
    # ninja writes the same value again after its own throttle.
    response["Retry-After"] = str(math.ceil(exc.wait or WINDOW_SECONDS))
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {
        400: _("The request could not be read: check that the body is valid JSON."),
        403: _("Refused: this needs the CSRF token of your signed-in page, or a bearer token."),
    }
    detail = messages.get(exc.status_code, str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _ref(schema: dict[str, Any], model: type[Any]) -> dict[str, Any]:
    """A reference to ``model`` in the document's components, adding it there if needed."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    json_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in json_schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(model.__name__, json_schema)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def document_common_answers(schema: dict[str, Any]) -> None:
    """Add to each operation the answers Seat gives around its own: 401 when it needs a login,
    400 and 413 for a body that cannot be read, 403 for a session write without its CSRF
    token, 422 for parameters that do not fit, 429 with ``Retry-After`` from the rate limit, 503
    with ``Retry-After`` when the database is busy."""

    def answer(description: str, model: type[Any], **extra: Any) -> dict[str, Any]:
        return {
            "description": description,
            "content": {"application/json": {"schema": _ref(schema, model)}},
            **extra,
        }

    retry_after = {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    }
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            # ninja keys its own answers by number; JSON keys are strings, and the same status
            # under both would be written twice.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            # Every operation is rate-limited; this replaces an operation's own 429 so that
            # each one names the header.
            responses["429"] = answer("Too many requests.", ErrorOut, headers=retry_after)
            responses["503"] = answer(
                "The database is busy; nothing was saved. Send it again.",
                ErrorOut,
                headers=retry_after,
            )
            common: dict[str, dict[str, Any]] = {}
            if operation.get("security"):
                common["401"] = answer(
                    "Not logged in, or the bearer token does not work.",
                    ErrorOut,
                    headers={
                        "WWW-Authenticate": {
                            "description": "Bearer",
                            "schema": {"type": "string"},
                        }
                    },
                )
                if method not in {"get", "head", "options"}:
                    common["403"] = answer("A session write without its CSRF token.", ErrorOut)
            if operation.get("parameters") or operation.get("requestBody"):
                # Replaces an operation's own 422: ninja's validation answers with a list.
                responses["422"] = answer(
                    "The request does not fit this operation.", ValidationErrorOut
                )
            if operation.get("requestBody"):
                common["400"] = answer("The body is not valid JSON.", ErrorOut)
                common["413"] = answer("The request is too large.", ErrorOut)
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                common["404"] = answer("Not found, or not yours to see.", ErrorOut)
            for status, documented in common.items():
                responses.setdefault(status, documented)


def mount_routers() -> None:
    """Routers are added here as apps gain an API (``api.add_router(prefix, router)``)."""
    from seat.api.me import router as me_router

    api.add_router("/me", me_router)

    from seat.assessment.api import router as assessment_router

    api.add_router("/assessment/", assessment_router)

    from seat.language.api import router as language_router

    api.add_router("/language/", language_router)

    from seat.consultations.api import router as consultations_router

    api.add_router("/consultations/", consultations_router)

    from seat.consultations.translations_api import router as translations_router

    api.add_router("/consultations/", translations_router)

    from seat.partners.api import router as captures_router

    api.add_router("/captures", captures_router)

    from seat.compensation.api import router as payments_router

    api.add_router("/payments", payments_router)

    from seat.accountability.api import me_router as my_input_router
    from seat.accountability.api import router as contributions_router

    api.add_router("/contributions", contributions_router)
    api.add_router("/me", my_input_router)
    from seat.councils.api import router as councils_router

    api.add_router("/councils", councils_router)

    from seat.core.api import router as languages_router

    api.add_router("/languages", languages_router)

    from seat.insights.api import router as insights_router

    api.add_router("/organisations", insights_router)


mount_routers()
