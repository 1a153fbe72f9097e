from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from seat.core.i18n import catalog_completeness
from seat.core.readiness import OK, readiness

# A 16-pixel icon (174 bytes). Pages name an inline copy (base.html), so browsers never ask for
# it; this answers the clients that ask anyway, once a year, instead of a 404 page.
FAVICON = (settings.BASE_DIR / "static" / "seat" / "favicon.ico").read_bytes()


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "error",
            "database": database,
            "vendor": connection.vendor,
        },
        status=status,
    )


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve (seat.core.readiness): 200, or 503 naming the part that is not."""
    result = readiness()
    return JsonResponse(result, status=200 if result["status"] == OK else 503)


# RFC 9116 asks for an expiry under a year away, so a forgotten file stops being believed; made
# fresh at each request, it stays true as long as the setting does.
SECURITY_TXT_LIFETIME = timedelta(days=180)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): where to report a security problem. Without
    SEAT_SECURITY_CONTACT there is none (404) rather than one naming nobody."""
    if not settings.SEAT_SECURITY_CONTACTS:
        raise Http404
    expires = (timezone.now() + SECURITY_TXT_LIFETIME).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in settings.SEAT_SECURITY_CONTACTS]
    lines += [
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"Preferred-Languages: {settings.SEAT_SECURITY_LANGUAGES}",
        # Served over HTTPS only in production (SECURE_SSL_REDIRECT), so that is its address.
        f"Canonical: https://{request.get_host()}/.well-known/security.txt",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(FAVICON, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _came_from(request: HttpRequest) -> str:
    """The page to go back to after choosing a language: the same-origin page that linked here
    (pages send a same-origin referrer), so no private path has to sit in this page's address."""
    target = request.GET.get("next", "")
    if not target:
        referer = urlsplit(request.headers.get("Referer", ""))
        if referer.netloc == request.get_host():
            target = urlunsplit(("", "", referer.path, referer.query, ""))
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@require_safe
def language(request: HttpRequest) -> HttpResponse:
    completeness = catalog_completeness()
    languages = [(code, name, completeness.get(code, 0)) for code, name in settings.LANGUAGES]
    return render(
        request,
        "core/language.html",
        {"languages": languages, "next": _came_from(request)},
    )


@csrf_exempt
@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the session at once and leave for a neutral site.

    It answers any method, GET included: leaving must work as a plain link without JavaScript,
    from a stale page and from a form's CSRF error, and the only thing it can change is to log
    the person out, which is what someone in danger needs.
    """
    logout(request)
    response = HttpResponseRedirect(settings.SEAT_QUICK_EXIT_URL)
    response["Referrer-Policy"] = "no-referrer"
    return response
