"""Where an account is signed in: one UserSession row per live login, and ending them.

Django keeps the session itself (SESSION_ENGINE: the database by default, or the cache); a row
here says whose it is, when it started, when it was last seen and on what kind of device, so its
owner can end it from another one. The session key is a bearer secret: a row holds only its keyed
digest (to find the row of the session in hand) and the key encrypted at rest (to delete that
session from the store when its owner ends it). No address, no full User-Agent.

Rows follow the session: made at login (``user_logged_in``), re-keyed and touched by
``UserSessionMiddleware`` (at most every ``SEEN_EVERY_SECONDS``, or at once when the key changed),
removed at logout, when ended, and once the idle logout must have come (``user_sessions_purge``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import User, UserSession
from seat.core.onetime import keyed_digest
from seat.core.privacy.audit import audit_record

# How often the middleware writes "last seen" for a session that keeps its key.
SEEN_EVERY_SECONDS = 5 * 60
# In the session: the row's id and the digest of the key it was last written with.
SESSION_ROW = "seat_user_session"
SESSION_ROW_DIGEST = "seat_user_session_digest"
SESSION_ROW_SEEN = "seat_user_session_seen"


def session_key_digest(key: str) -> str:
    """Keyed digest of a session key (HMAC-SHA256 with the site's secret key, as for one-time
    codes): a copy of the table cannot be turned into a working session cookie."""
    return keyed_digest(key, label="session:")


# Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def device_describe(user_agent: str) -> tuple[str, str]:
    """A browser and a system from a User-Agent, coarse on purpose ("Firefox", "Android"):
    enough for a person to tell their devices apart, too little to single one out. Empty when
    not recognised."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return browser, system


def _store() -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore()  # type: ignore[no-any-return]


def _live_after() -> datetime.datetime:
    """Rows last seen before this belong to sessions the idle logout has already ended."""
    return timezone.now() - datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE + SEEN_EVERY_SECONDS
    )


def user_session_touch(*, request: HttpRequest, user: User) -> UserSession | None:
    """Make or update the row of the session in hand: a new key (login, password change) is
    written at once, otherwise "last seen" at most every SEEN_EVERY_SECONDS."""
    session = request.session
    key = session.session_key
    if not key:
        return None
    digest = session_key_digest(key)
    now = timezone.now()
    seen = session.get(SESSION_ROW_SEEN, 0)
    if session.get(SESSION_ROW_DIGEST) == digest and now.timestamp() - seen < SEEN_EVERY_SECONDS:
        return None
    row_id = session.get(SESSION_ROW)
    row = UserSession.objects.filter(pk=row_id, user=user).first() if row_id else None
    if row is None:
        row = UserSession.objects.filter(key_digest=digest).first()
    if row is None or row.user_id != user.pk:
        browser, system = device_describe(request.META.get("HTTP_USER_AGENT", ""))
        UserSession.objects.filter(key_digest=digest).delete()
        row = UserSession.objects.create(
            user=user,
            key_digest=digest,
            key=key,
            browser=browser,
            system=system,
            last_seen_at=now,
        )
    else:
        row.key_digest = digest
        row.key = key
        row.last_seen_at = now
        row.save(update_fields=["key_digest", "key", "last_seen_at"])
    session[SESSION_ROW] = str(row.pk)
    session[SESSION_ROW_DIGEST] = digest
    session[SESSION_ROW_SEEN] = int(now.timestamp())
    return row


def user_session_forget(*, request: HttpRequest) -> None:
    """The session in hand is ending (logout): its row goes with it."""
    key = request.session.session_key
    if key:
        UserSession.objects.filter(key_digest=session_key_digest(key)).delete()


def _current_digest(request: HttpRequest) -> str:
    key = request.session.session_key
    return session_key_digest(key) if key else ""


@dataclass(frozen=True)
class SessionShown:
    id: Any
    started_at: datetime.datetime
    last_seen_at: datetime.datetime
    device: str
    is_current: bool


def _device_label(row: UserSession) -> str:
    browser = row.browser or _("Unknown browser")
    if not row.system:
        return browser
    return _("%(browser)s on %(system)s") % {"browser": browser, "system": row.system}


def user_sessions_of(*, request: HttpRequest, user: User) -> list[SessionShown]:
    """The person's live sessions, this one first, then the most recently seen."""
    current = _current_digest(request)
    rows = UserSession.objects.filter(user=user, last_seen_at__gte=_live_after())
    shown = [
        SessionShown(
            id=row.pk,
            started_at=row.created_at,
            last_seen_at=row.last_seen_at,
            device=_device_label(row),
            is_current=row.key_digest == current,
        )
        for row in rows.order_by("-last_seen_at")
    ]
    return sorted(shown, key=lambda s: not s.is_current)


def _end(rows: QuerySet[UserSession]) -> int:
    store = _store()
    ended = 0
    for row in rows:
        store.delete(row.key)
        row.delete()
        ended += 1
    return ended


@transaction.atomic
def user_session_end(*, request: HttpRequest, user: User, session_id: Any) -> None:
    """End one of the person's own sessions: its next request is signed out. Another person's
    session, or none, is not found (Http404)."""
    row = UserSession.objects.filter(pk=session_id, user=user).first()
    if row is None:
        raise Http404
    audit_record(actor=user, verb="session.end", target=row)
    _end(UserSession.objects.filter(pk=row.pk))


@transaction.atomic
def user_sessions_end_others(*, request: HttpRequest, user: User) -> int:
    """End every session of the person but the one in hand."""
    others = UserSession.objects.filter(user=user).exclude(key_digest=_current_digest(request))
    ended = _end(others)
    if ended:
        audit_record(actor=user, verb="session.end_others", target=user, count=ended)
    return ended


def user_sessions_end_all(*, user: Any) -> int:
    """End every session the person has, on every device (her account is being erased)."""
    return _end(UserSession.objects.filter(user=user))


def user_sessions_purge() -> int:
    """Rows of sessions the idle logout has ended."""
    deleted, _by_model = UserSession.objects.filter(last_seen_at__lt=_live_after()).delete()
    return deleted


def session_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: the new session gets its row at once."""
    if request is not None and hasattr(request, "session"):
        user_session_touch(request=request, user=user)


def session_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_out``: the session's row goes with it."""
    if request is not None and hasattr(request, "session"):
        user_session_forget(request=request)


@transaction.atomic
def user_password_change(*, request: HttpRequest, user: User, password: str) -> int:
    """Set a new password for the person signed in here, keep this session and end every other.

    Django's session check already signs the others out at their next request (the password
    hash they were made with has changed); their sessions are also deleted from the store and
    their rows removed, so the list shows at once that they are gone. Returns how many ended.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    # A new key for this session, with the new hash: its row follows.
    update_session_auth_hash(request, user)
    user_session_touch(request=request, user=user)
    others = UserSession.objects.filter(user=user).exclude(key_digest=_current_digest(request))
    ended = _end(others)
    # A token made by someone who got in for a moment would outlive the new password: every way
    # in that the old password opened ends with it (she makes new tokens if she wants them).
    from seat.api.models import ApiToken  # the API app builds on accounts, not the reverse

    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_record(
        actor=user,
        verb="password.change",
        target=user,
        sessions_ended=ended,
        api_tokens_revoked=tokens,
    )
    return ended
