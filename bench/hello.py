"""A bare Django "Hello, world" page: settings, URLs and WSGI application in one module.

bench/server.py serves it under the same server and workers as Seat, so Seat's figures can be
read against what Django itself costs on the same machine. No apps, no middleware, no database,
no templates: one view returning a short text.
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

# Settings (this module is its own DJANGO_SETTINGS_MODULE and ROOT_URLCONF).
DEBUG = False
SECRET_KEY = "bench-only-hello-world-not-a-secret"  # noqa: S105 - serves a fixed text
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hello"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_I18N = False


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world\n", content_type="text/plain")


urlpatterns = [path("", hello)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello")
application = get_wsgi_application()
