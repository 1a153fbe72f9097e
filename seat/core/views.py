from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from seat.core.i18n import catalog_completeness

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
def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(FAVICON, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def language(request: HttpRequest) -> HttpResponse:
    completeness = catalog_completeness()
    languages = [(code, name, completeness.get(code, 0)) for code, name in settings.LANGUAGES]
    return render(
        request,
        "core/language.html",
        {"languages": languages, "next": request.GET.get("next", "/")},
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
