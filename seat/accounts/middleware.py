"""Session upkeep for signed-in people: the idle clock and the second-factor step."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, resolve_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from seat.accounts.rules import has_second_factor, needs_second_factor

# Paths a user may reach before finishing the second factor.
_OPEN_PREFIXES = (
    "/accounts/",
    "/static/",
    "/healthz",
    "/readyz",
    "/i18n/",
    "/language/",
    "/exit/",
    "/favicon.ico",
)

# Where the login page sends someone afterwards, kept in the session instead of its address.
SESSION_NEXT = "seat_login_next"
# A language chosen before logging in, saved to the account at login.
SESSION_LANGUAGE = "seat_language_chosen"


# When the session row was last written (seconds since the epoch).
_RENEWED_AT = "seat_renewed_at"


def session_renew(request: HttpRequest) -> None:
    """Mark a signed-in session to be written now, which restarts its idle clock."""
    request.session[_RENEWED_AT] = int(timezone.now().timestamp())


class IdleSessionMiddleware:
    """Restart the idle clock on activity, writing the session row at most once a minute.

    The session's expiry lives in its database row and is pushed back each time the row is
    saved. Saving on every request (SESSION_SAVE_EVERY_REQUEST) turned every page view into a
    write, which serialises SQLite under load. Here a signed-in session is saved only when its
    last save is SEAT_SESSION_RENEW_SECONDS old or more, so the idle logout comes at most that
    much early, never late. It must sit just after SessionMiddleware, so that its response step
    runs before the session is saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.renew_seconds = min(
            settings.SEAT_SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 2
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # Only a signed-in session: a logout or quick exit has just emptied it, and writing a mark
        # would bring back a row for nobody.
        if SESSION_KEY in session:
            renewed_at = session.get(_RENEWED_AT, 0)
            if timezone.now().timestamp() - renewed_at >= self.renew_seconds:
                session_renew(request)
        return response


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined, union-attr]
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if has_second_factor(user):
                return redirect("accounts:two-factor-verify")
            if settings.SEAT_REQUIRE_ADMIN_2FA and needs_second_factor(user):
                return redirect("accounts:two-factor-setup")
        return self.get_response(request)


def remember_next(request: HttpRequest, target: str) -> None:
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        request.session[SESSION_NEXT] = target


class LoginNextInSessionMiddleware:
    """Keeps the page someone was asked to log in for in the session, never in an address.

    Django's login redirect writes it into the URL (``/accounts/login/?next=/me/input/<id>/``).
    After a quick exit or a log out, Back reloads the private page, which redirects there, and
    the private path sits in the address bar and the history of a phone that may be shared.
    Here that redirect keeps its query out of the address, and an old address that still has one
    is answered with a redirect to the bare login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        login_path = resolve_url(settings.LOGIN_URL)
        if (
            request.path == login_path
            and request.method in ("GET", "HEAD")
            and "next" in request.GET
        ):
            remember_next(request, request.GET["next"])
            return HttpResponseRedirect(login_path)
        response = self.get_response(request)
        if response.status_code in (301, 302, 303, 307, 308) and response.has_header("Location"):
            scheme, netloc, path, query, fragment = urlsplit(response["Location"])
            if path == login_path and netloc in ("", request.get_host()):
                params = QueryDict(query, mutable=True)
                if "next" in params:
                    remember_next(request, params.pop("next")[-1])
                    response["Location"] = urlunsplit(
                        (scheme, netloc, path, params.urlencode(), fragment)
                    )
        return response


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """The same cookie Django's language picker sets, so logged-out pages keep the language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


class AccountLanguageMiddleware:
    """A signed-in person reads Seat in the language saved to their account, on every device.

    It follows LocaleMiddleware (cookie, then browser) and AuthenticationMiddleware, and wins over
    them: the account holds the person's last choice, made on whichever device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        saved = getattr(user, "language", "") if user.is_authenticated else ""
        if saved not in self.languages:
            return self.get_response(request)
        if saved != translation.get_language():
            translation.activate(saved)
            request.LANGUAGE_CODE = saved
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != saved:
            language_cookie_set(response, saved)
        return response


class UserSessionMiddleware:
    """Keeps the signed-in session's UserSession row (seat.accounts.sessions) up to date: made
    if missing, re-keyed when Django gave the session a new key, "last seen" every few minutes.

    Its work is done on the way out, after the view (a login or logout in it has happened), and
    before SessionMiddleware saves the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from seat.accounts.sessions import user_session_touch

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and SESSION_KEY in request.session:
            user_session_touch(request=request, user=user)  # type: ignore[arg-type]
        return response
