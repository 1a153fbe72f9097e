"""Seat's one settings module, driven by the environment.

SEAT_ENV picks the mode:
- ``development`` (default): boots on SQLite with no configuration.
- ``demo``: set by ``seat demo``; keys are generated once into SEAT_DATA_DIR; cookies may travel
  over plain HTTP on loopback and admins are not forced to enrol a second factor.
- ``production``: refuses to start without SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from seat.core.database import sqlite_database
from seat.core.env import env_bool, env_int, env_networks, env_phone, env_secret, env_str
from seat.core.languages import UI_LANGUAGES
from seat.core.requestlog import log_format

BASE_DIR = Path(__file__).resolve().parent
SEAT_ENV = env_str("SEAT_ENV", "development")
if SEAT_ENV not in {"development", "demo", "production"}:
    raise ImproperlyConfigured("SEAT_ENV must be development, demo or production.")
DEMO = SEAT_ENV == "demo"
PRODUCTION = SEAT_ENV == "production"
DEBUG = env_bool("SEAT_DEBUG", False) and not PRODUCTION
DATA_DIR = Path(env_str("SEAT_DATA_DIR", str(Path.cwd() / ".seat-data"))).resolve()


def _demo_key(name: str, make: Callable[[], str]) -> str:
    """A key generated once per demo data folder, so restarts keep sessions and encrypted data."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(make(), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


SECRET_KEY = env_secret("SEAT_SECRET_KEY")
ENCRYPTION_KEYS = [k.strip() for k in env_secret("SEAT_ENCRYPTION_KEYS").split(",") if k.strip()]
if PRODUCTION and (not SECRET_KEY or not ENCRYPTION_KEYS):
    raise ImproperlyConfigured("Production needs SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS.")
if DEMO:
    SECRET_KEY = SECRET_KEY or _demo_key("secret-key", lambda: secrets.token_urlsafe(50))
    ENCRYPTION_KEYS = ENCRYPTION_KEYS or [_demo_key("encryption-key", _fernet_key)]
# Which keys fall back to the published ones written below (names of the variables to set).
SEAT_BUILTIN_KEYS = [
    name
    for name, value in (("SEAT_SECRET_KEY", SECRET_KEY), ("SEAT_ENCRYPTION_KEYS", ENCRYPTION_KEYS))
    if not value
]
if not SECRET_KEY:
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105
if not ENCRYPTION_KEYS:
    # A fixed development key (valid Fernet format); production must configure its own.
    ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE="]
# Published keys, or demo mode's plain-HTTP cookies, are safe for this computer only:
# seat.core.serving refuses to serve anyone else (runserver, seat.wsgi, ALLOWED_HOSTS).
SEAT_LOOPBACK_ONLY = DEMO or bool(SEAT_BUILTIN_KEYS)

ALLOWED_HOSTS = [h for h in env_str("SEAT_ALLOWED_HOSTS", "").split(",") if h] or [
    "localhost",
    "127.0.0.1",
    "[::1]",
    "testserver",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that its `runserver` (which refuses public addresses while the
    # built-in keys are in use) wins over staticfiles' own.
    "seat.core",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes for the second step (seat.accounts.recovery): stored as keyed digests.
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "seat.accounts",
    "seat.notifications",
    "seat.people",
    "seat.consultations",
    "seat.compensation",
    "seat.accountability",
    "seat.partners",
    "seat.trainings",
    "seat.opportunities",
    "seat.councils",
    "seat.language",
    "seat.assessment",
    "seat.insights",
    "seat.sms",
    "seat.portal",
    "seat.rights",
    "seat.api",
    "seat.demo",
]

MIDDLEWARE = [
    # First, so the request id is on everything logged and the access line times everything.
    "seat.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "seat.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "seat.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside the second-factor step, so a session waiting for its code is listed too.
    "seat.accounts.middleware.UserSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "seat.accounts.middleware.RequireSecondFactorMiddleware",
    "seat.accounts.middleware.LoginNextInSessionMiddleware",
    "seat.accounts.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "seat.urls"
WSGI_APPLICATION = "seat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seat.core.context_processors.seat",
                "seat.accounts.context_processors.security_notices",
                "seat.accounts.context_processors.account",
                "seat.accounts.context_processors.form_drafts",
                "seat.notifications.context_processors.inbox",
                "seat.trainings.context_processors.trainings",
                "seat.opportunities.context_processors.opportunities",
                "seat.councils.context_processors.councils",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
DATABASES: dict[str, Any]
if DATABASE_URL:
    # Connections are kept a minute between requests, and checked before a request uses one:
    # after PostgreSQL restarts (or a failover, or a proxy dropping idle links) the next page
    # opens a new one instead of failing (seat/tests/test_database_restart.py).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A page's queries join many tables: PostgreSQL spent 0.5-1.3 ms planning each for
        # 0.1 ms running it. Statements a connection has run SEAT_DB_PREPARE_AFTER times are
        # prepared and planned once (server-side binding; psycopg keeps the last 100; each new
        # connection is told to keep one plan a statement: core.database). 0 turns it off:
        # needed behind a pooler in transaction mode (PgBouncer before 1.21).
        _prepare_after = env_int("SEAT_DB_PREPARE_AFTER", 5)
        if _prepare_after > 0:
            DATABASES["default"].setdefault("OPTIONS", {}).update(
                {"server_side_binding": True, "prepare_threshold": _prepare_after}
            )
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(DATA_DIR / "seat.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis in production; without it, login throttling still needs a cache every process shares.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that hangs fails a request in seconds instead of holding a worker thread until
        # gunicorn's 30 s timeout (and /readyz says "cache": "unavailable").
        "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
    }
    CACHES = {"default": _shared_cache, "axes": _shared_cache}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # A database table (made by `seat createcachetable`, which `seat demo` runs) is shared by
        # every process and counts failures atomically enough for throttling.
        "axes": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "seat_login_throttle",
        },
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Before the password check, so none is made from an address past its limit, on any page.
    "seat.accounts.backends.AddressThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures for one username from one address lock it for fifteen minutes.
# Attempts live in the cache only, so no IP addresses are kept in the database.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
# The real client behind SEAT_TRUSTED_PROXIES: keyed on the proxy's address, anyone who knows a
# username could keep that account locked for everyone.
AXES_CLIENT_IP_CALLABLE = "seat.core.http.client_address"
AXES_CACHE = "axes"
AXES_FAILURE_LIMIT = env_int("SEAT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And failed logins from one address across all usernames (seat.core.throttle): past this many
# in 15 minutes, every login from that address waits out the window, so a script cannot try one
# password against each of many usernames. 30 because an NGO office puts all its staff behind one
# NAT address: each person is already stopped at 5 failures of her own, so 30 means several
# people locking themselves out in the same quarter hour, or someone trying many names, which
# one office does not do. An office larger than that raises it.
SEAT_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SEAT_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
# The lockout page (seat.accounts.views.locked_out) says how long the pause lasts and who can help.
AXES_LOCKOUT_CALLABLE = "seat.accounts.views.locked_out"
# A try during the pause starts it again: the page's "wait N minutes" is then always true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after 30 idle minutes. Activity renews the clock, but the session row is written
# at most once a minute (seat.accounts.middleware.IdleSessionMiddleware): rewriting it on every
# request made each page view a database write. So the idle logout comes between 29 and 30
# minutes after the last page view, never later.
SESSION_COOKIE_AGE = env_int("SEAT_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SEAT_SESSION_RENEW_SECONDS = env_int("SEAT_SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "seat.core.errors.csrf_failure"
# Gone when the browser closes: a shared phone keeps no year-long trace of the visit.
CSRF_COOKIE_AGE = None
SESSION_COOKIE_SECURE = not DEMO
CSRF_COOKIE_SECURE = not DEMO
# In production the names carry the `__Host-` prefix: a browser then keeps the cookie only if it
# came over HTTPS, for the whole site (Path=/) and this host alone (no Domain), so a page on a
# sibling host cannot plant a session or a CSRF token of its choosing.
SESSION_COOKIE_NAME = "__Host-seat-session" if PRODUCTION else "sessionid"
CSRF_COOKIE_NAME = "__Host-seat-csrf" if PRODUCTION else "csrftoken"
LANGUAGE_COOKIE_SECURE = not DEMO
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cross-Origin-Resource-Policy, the Content-Security-Policy and Permissions-Policy:
# seat.core.middleware.SecurityHeadersMiddleware.
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SEAT_SSL_REDIRECT", PRODUCTION)
# The probes answer over plain HTTP too: a container's or a proxy's healthcheck asks the server
# directly, not through TLS (docs/DEPLOY.md); so does a scraper of /metrics on the server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
# Seat has a host name of its own (seat.example.org): names under it are Seat's too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# The header says "preload" in production, so the domain's owner may submit it to the browsers'
# preload list (hstspreload.org); submitting is their decision, taken only when every name under
# the registered domain (example.org) speaks HTTPS (docs/DEPLOY.md, "HTTPS headers").
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None

# Admins must use a second factor everywhere except the local demo.
SEAT_REQUIRE_ADMIN_2FA = not DEMO
OTP_TOTP_ISSUER = "Seat"

# This site's address as people reach it (https://seat.example.org), for links that leave a page
# (e-mails, text messages). Outside production it defaults to the demo's usual address.
SEAT_BASE_URL = env_str("SEAT_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
# Whether the operator set it: `seat create-organisation` prints a whole link only then, since a
# command cannot know which address or port the server (`seat demo --port 8001`) is reached at.
SEAT_BASE_URL_SET = bool(env_str("SEAT_BASE_URL"))

# Who hears about security problems, as /.well-known/security.txt says (RFC 9116): a mailto: or
# https: address. Unset, there is no security.txt (404) rather than one naming nobody.
# Several are separated by commas, the preferred first; checked here, so a typo stops the start.
SEAT_SECURITY_CONTACTS = [
    c.strip() for c in env_str("SEAT_SECURITY_CONTACT").split(",") if c.strip()
]
for _contact in SEAT_SECURITY_CONTACTS:
    if not _contact.startswith(("mailto:", "https://", "tel:")):
        raise ImproperlyConfigured(
            "SEAT_SECURITY_CONTACT is a mailto:, https:// or tel: address (for example "
            f"mailto:security@example.org); {_contact!r} is not one."
        )
# The languages security reports may be written in (language tags, comma-separated).
SEAT_SECURITY_LANGUAGES = env_str("SEAT_SECURITY_LANGUAGES", "en").strip()

# Where the quick-exit control sends people: a neutral, everyday site.
SEAT_QUICK_EXIT_URL = env_str("SEAT_QUICK_EXIT_URL", "https://www.google.com/")

LANGUAGE_CODE = "en"
# The interface's languages whose catalogs are complete, each named in itself, in the order of
# seat.core.languages.UI_LANGUAGES (the ten on the way, which GET /api/v1/languages lists).
OFFERED_LANGUAGES = {"en", "bn", "hi", "ne", "id", "km", "tl", "es", "fr", "ar"}
LANGUAGES = [(code, name) for code, name, _direction in UI_LANGUAGES if code in OFFERED_LANGUAGES]
# Django knows every one of them but Tagalog.
LANG_INFO.setdefault(
    "tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
)
LOCALE_PATHS = [BASE_DIR.parent / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
# WhiteNoise serves static files in every mode. In production and under `seat serve` (and so
# `seat demo`, which sets SEAT_STATIC_COLLECTED) they are collected into STATIC_ROOT with the
# hash of their content in their names and compressed once (gzip and brotli), so they are sent
# compressed with a cache lifetime of ten years; elsewhere (tests, runserver) straight from the
# apps, so an edit shows at once.
STATIC_COLLECTED = PRODUCTION or env_bool("SEAT_STATIC_COLLECTED", False)
STATIC_ROOT = (
    Path(env_str("SEAT_STATIC_ROOT", str(DATA_DIR / "static"))) if STATIC_COLLECTED else None
)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
# Pages name static files only through {% static %}, that is by their hashed names: the
# unhashed copies would only double the time spent compressing (seat/core/staticfiles.py).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
if STATIC_COLLECTED:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "seat.core.staticfiles.CollectedStaticFiles"},
    }

# Logs carry ids and verbs, never names, contact details or free text (seat/core/requestlog.py):
# one JSON object a line in production (for a log collector), a plain line elsewhere;
# SEAT_LOG_FORMAT=json or text chooses. Every line carries the request's id; one access line a
# request (logger seat.access) names the URL pattern, never the path.
SEAT_LOG_FORMAT = log_format(seat_env=SEAT_ENV, chosen=env_str("SEAT_LOG_FORMAT"))
SEAT_LOG_LEVEL = env_str("SEAT_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Django's warnings about requests name the URL pattern, not the address (a code or an
        # id can be in it): seat/core/privatelogs.py.
        "private_paths": {"()": "seat.core.privatelogs.PrivatePaths"},
        "request_id": {"()": "seat.core.requestlog.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "seat.core.requestlog.JsonFormatter"},
        "text": {"()": "seat.core.requestlog.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "seat.core.requestlog.StandardErrorHandler",
            "filters": ["private_paths", "request_id"],
            "formatter": SEAT_LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": SEAT_LOG_LEVEL},
    "loggers": {
        "axes": {"level": "ERROR"},
        # SQL with its parameters (usernames, words searched for) stays out of the logs, even
        # with SEAT_DEBUG and SEAT_LOG_LEVEL=DEBUG.
        "django.db.backends": {"level": "INFO"},
        # The access line is INFO: on unless SEAT_ACCESS_LOG=false (or a level above INFO).
        "seat.access": {
            "level": "INFO" if env_bool("SEAT_ACCESS_LOG", True) else "WARNING",
        },
    },
}
# /metrics (seat/core/metrics.py): for the bearer of this token, or from these addresses or
# networks (for example 127.0.0.1,::1 for a scraper on the same machine); nobody else (404).
SEAT_METRICS_TOKEN = env_secret("SEAT_METRICS_TOKEN")
SEAT_METRICS_ALLOW = env_networks("SEAT_METRICS_ALLOW", "the scrapers allowed to read /metrics")
# Where `seat serve`'s worker processes keep their request counts for /metrics.
SEAT_METRICS_DIR = Path(env_str("SEAT_METRICS_DIR", str(DATA_DIR / "metrics")))

DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The open terminology-check API: requests per minute per client address.
SEAT_LANGUAGE_CHECKS_PER_MINUTE = env_int("SEAT_LANGUAGE_CHECKS_PER_MINUTE", 120)
# The API's rate limits (seat/api/limits.py), per minute: a signed-in caller (by token or
# session) is counted as a person, wherever they call from, so colleagues behind one office
# address do not use up each other's allowance; a caller without login by client address.
SEAT_API_REQUESTS_PER_MINUTE = env_int("SEAT_API_REQUESTS_PER_MINUTE", 120)
SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = env_int("SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE", 60)
# The reverse proxies in front of Seat (addresses or networks) whose X-Forwarded-For entries are
# believed; empty: the socket address is the client (seat.core.http.client_address).
SEAT_TRUSTED_PROXIES = env_networks("SEAT_TRUSTED_PROXIES")
# What a new consultation's "paid within N days of sending input" starts at (1 to 90, as
# seat.core.bounds allows); each consultation keeps its own, and payments fall due by it.
SEAT_DEFAULT_PAY_DAYS = min(max(env_int("SEAT_DEFAULT_PAY_DAYS", 14), 1), 90)
# The site's support contact (seat.core.support): survivor pages show it when a consultation names
# none, and the login lockout page names it. A name or role to ask for, a number in international
# form (checked here, so a typo stops the start, not a survivor's call) and when it is answered.
SEAT_SUPPORT_NAME = env_str("SEAT_SUPPORT_NAME").strip()
SEAT_SUPPORT_PHONE = env_phone("SEAT_SUPPORT_PHONE")
SEAT_SUPPORT_HOURS = env_str("SEAT_SUPPORT_HOURS").strip()
# The smallest group whose words may leave Seat: contributions given without a name are shown
# to an organisation only when at least this many exist in a closed consultation, and survivor
# advisors' assessment answers only as aggregates of at least this many advisors (PRIVACY.md).
# Below 3, guessing who wrote what is too easy; it cannot be set lower than 2.
SEAT_MIN_GROUP_SIZE = max(2, env_int("SEAT_MIN_GROUP_SIZE", 3))
# How long the insights dashboard and funder report keep an organisation's computed figures
# (seat.insights.selectors.figures_for): any change to its data is shown at once regardless;
# 0 computes them on every view.
SEAT_INSIGHTS_CACHE_SECONDS = max(0, env_int("SEAT_INSIGHTS_CACHE_SECONDS", 60))

# Background work (docs/ARCHITECTURE.md, "Background work"): `immediate` runs each task in the
# process that enqueues it, right after its transaction commits (the embedded default, the demo
# and the tests); `database` queues tasks in the database for `seat worker` (production).
SEAT_TASKS = env_str("SEAT_TASKS", "database" if PRODUCTION else "immediate")
if SEAT_TASKS not in {"immediate", "database"}:
    raise ImproperlyConfigured("SEAT_TASKS must be immediate or database.")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[SEAT_TASKS]
    }
}
# What `seat worker` (and `seat housekeeping`, for cron) runs every SEAT_SCHEDULE_SECONDS. Each
# is idempotent, so two workers running them at once do no harm.
SEAT_SCHEDULE_SECONDS = env_int("SEAT_SCHEDULE_SECONDS", 300)
# A message (e-mail or SMS) still waiting, or still being sent, this long after its last step lost
# the process that had it (a server or worker stopped): the periodic sweep sends it. Longer than
# any provider's call, so a slow send is not taken for a lost one and sent twice.
SEAT_STRANDED_SECONDS = max(env_int("SEAT_STRANDED_SECONDS", 600), 1)
SEAT_PERIODIC_TASKS = [
    "seat.notifications.tasks.retry_deliveries",
    "seat.sms.tasks.retry_outbound",
    "seat.sms.tasks.purge_log",
    "seat.sms.tasks.finish_held",
    "seat.consultations.tasks.send_due_invitations",
    "seat.consultations.tasks.send_deadline_reminders",
    "seat.consultations.tasks.purge_kept_answers",
    "seat.accounts.tasks.purge_form_drafts",
    "seat.accounts.tasks.purge_user_sessions",
    "seat.core.tasks.clear_sessions",
    "seat.core.tasks.prune_task_results",
    "seat.notifications.tasks.purge_notifications",
    "seat.trainings.tasks.resume_training_imports",
    "seat.insights.tasks.refresh_stale_figures",
    "seat.rights.tasks.enforce_retention",
]

# Notifications. Links in e-mails and text messages start with SEAT_BASE_URL (set it in
# production: without it they are bare paths).
# E-mail: the console (development, demo), a folder of files, or SMTP (production's default).
SEAT_EMAIL = env_str("SEAT_EMAIL", "smtp" if PRODUCTION else "console")
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "none": "django.core.mail.backends.dummy.EmailBackend",
}.get(SEAT_EMAIL, SEAT_EMAIL)
EMAIL_FILE_PATH = str(DATA_DIR / "mail")

# Consultations read aloud (seat.core.speech): recordings kept by the digest of their words, so
# any server can make a missing one again; a shared or local folder both work.
SEAT_AUDIO_DIR = Path(env_str("SEAT_AUDIO_DIR", str(DATA_DIR / "audio")))
EMAIL_HOST = env_str("SEAT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SEAT_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("SEAT_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("SEAT_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SEAT_EMAIL_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("SEAT_EMAIL_FROM", "Seat <seat@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Text messages: `console` (development, demo; the number masked), `locmem` (tests) or the
# dotted path of a provider's backend (seat/notifications/sms.py says what it implements).
SEAT_SMS_BACKEND = env_str("SEAT_SMS_BACKEND", "console")
# Twilio (SEAT_SMS_BACKEND=twilio, and its webhook at /sms/inbound/twilio/): seat/sms/adapters.
SEAT_TWILIO_ACCOUNT_SID = env_str("SEAT_TWILIO_ACCOUNT_SID")
SEAT_TWILIO_AUTH_TOKEN = env_secret("SEAT_TWILIO_AUTH_TOKEN")
SEAT_TWILIO_FROM = env_str("SEAT_TWILIO_FROM")
# The log of text messages in and out (ids and outcomes, no number or text) is kept this long.
SEAT_SMS_LOG_DAYS = env_int("SEAT_SMS_LOG_DAYS", 90)
# Parts of one long text message split by the carrier arrive as several messages: one that
# continues her answer within this many seconds is joined to it (seat/sms/services.py).
SEAT_SMS_JOIN_SECONDS = env_int("SEAT_SMS_JOIN_SECONDS", 60)
# Reminder this many days before a consultation's last day, to those who said yes and have not
# sent their input.
SEAT_REMINDER_DAYS = env_int("SEAT_REMINDER_DAYS", 3)
# Inbox messages are deleted after this many days.
SEAT_NOTIFICATION_DAYS = env_int("SEAT_NOTIFICATION_DAYS", 365)
