from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from seat.core.i18n import catalog_completeness


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


def language(request: HttpRequest) -> HttpResponse:
    completeness = catalog_completeness()
    languages = [(code, name, completeness.get(code, 0)) for code, name in settings.LANGUAGES]
    return render(
        request,
        "core/language.html",
        {"languages": languages, "next": request.GET.get("next", "/")},
    )
