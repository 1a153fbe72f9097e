from __future__ import annotations

import base64
import math
from typing import Any

import segno
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts import selectors
from seat.accounts.drafts import ticket_read
from seat.accounts.forms import (
    CodeForm,
    NewAccountForm,
    PasswordChangeForm,
    PasswordChoiceForm,
    RecoveryCodeForm,
    TokenForm,
)
from seat.accounts.middleware import (
    SESSION_LANGUAGE,
    SESSION_NEXT,
    language_cookie_set,
    session_renew,
)
from seat.accounts.models import FormDraft, MemberInvitation, SecurityNotice, User
from seat.accounts.recovery import recovery_code_use, recovery_codes_left, recovery_codes_make
from seat.accounts.rules import (
    ROLE_DUTIES,
    has_second_factor,
    may_add_second_factor,
    may_enrol_second_factor,
)
from seat.accounts.services import (
    DraftRefused,
    InvitationProblem,
    OrganisationError,
    account_setup_complete,
    form_draft_discard,
    form_draft_keep,
    member_invitation_accept,
    member_invitation_accept_addressed,
    member_invitation_accept_new_account,
    member_invitation_check,
    member_invitation_decline,
    member_invitation_usable,
    security_notice_dismiss,
    totp_device_confirm,
    totp_device_start,
    user_language_set,
)
from seat.accounts.sessions import (
    user_password_change,
    user_session_end,
    user_sessions_end_others,
    user_sessions_of,
)
from seat.core.support import site_support
from seat.core.throttle import (
    WINDOW_SECONDS,
    code_attempt_failed,
    code_attempts_blocked,
    login_attempts_blocked,
    too_many_attempts,
)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout page (``AXES_LOCKOUT_CALLABLE``): how long the pause lasts, from the
    throttle's own setting, and who to ask for help, from the site's support contact.

    The same page for every username, existing or not, so it tells nobody whether an account
    exists.
    """
    cool_off = get_cool_off(request)
    response = render(
        request,
        "registration/locked_out.html",
        {
            # Each try during the pause starts it again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_
            # LOCKOUT), so from this page the whole pause lies ahead.
            "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
            "support": site_support(),
        },
        status=429,
    )
    # As the code pages say it (seat.core.throttle): programs and proxies read the wait here.
    # A lockout with no end (no cool-off set) has no honest number to give.
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response


def login_held_up(request: HttpRequest) -> HttpResponse:
    """Too many failed logins from this address, whatever the usernames (seat.core.throttle):
    the lockout page, saying so, the same for every username."""
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": WINDOW_SECONDS // 60, "from_address": True, "support": site_support()},
        status=429,
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# Logging someone in right after they chose their password: the password was just set, so the
# login-throttling backend has nothing to count.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


class LoginView(auth_views.LoginView):
    """Django's login, taking the page to return to from the session when the address has none
    (``LoginNextInSessionMiddleware`` keeps private paths out of addresses)."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if login_attempts_blocked(request):
            return login_held_up(request)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Who to ask about a forgotten password, from the site's support contact when set; the
        # same for everyone, so the page tells nothing about any account.
        return {**super().get_context_data(**kwargs), "support": site_support()}

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        given = super().get_redirect_url()
        if given:
            return given
        remembered = self.request.session.get(SESSION_NEXT, "")
        if url_has_allowed_host_and_scheme(
            remembered,
            allowed_hosts=self.get_success_url_allowed_hosts(),
            require_https=self.request.is_secure(),
        ):
            return remembered
        return ""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session.pop(SESSION_NEXT, None)
        # A language chosen on this device before logging in is her latest choice: save it.
        # Otherwise the account's saved language comes with her to this device.
        user = form.get_user()
        chosen = self.request.session.pop(SESSION_LANGUAGE, "")
        if chosen in dict(settings.LANGUAGES):
            user_language_set(user=user, language=chosen)
        if user.language:
            language_cookie_set(response, user.language)
        return response


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language picker: Django's set_language (cookie and redirect), and the choice saved to
    the account, or kept in the session until login."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)  # type: ignore[arg-type]
        else:
            request.session[SESSION_LANGUAGE] = language
    return response


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The authenticator's code, or one of the recovery codes (each works once)."""
    using_recovery = request.method == "POST" and "recovery_code" in request.POST
    form = TokenForm(None if using_recovery else request.POST or None)
    recovery_form = RecoveryCodeForm(request.POST if using_recovery else None)
    if using_recovery:
        if code_attempts_blocked(request):
            return too_many_attempts(request)
        if recovery_form.is_valid():
            device = recovery_code_use(
                user=request.user,  # type: ignore[arg-type]
                typed=recovery_form.cleaned_data["recovery_code"],
            )
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
        code_attempt_failed(request, "")
        recovery_form.add_error("recovery_code", _("That recovery code did not work."))
    elif request.method == "POST" and form.is_valid():
        # Only the authenticator here: recovery codes are checked as digests, above.
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error("token", _("That code did not match. Codes change every 30 seconds."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "recovery_form": recovery_form},
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if not may_enrol_second_factor(request.user):
        return render(request, "accounts/two_factor_not_needed.html", status=403)
    verified = request.user.is_verified()  # type: ignore[union-attr]
    if not may_add_second_factor(request.user, session_verified=verified):
        # The password alone must not add a device: a code from the existing one comes first.
        setup = reverse("accounts:two-factor-setup")
        return redirect(f"{reverse('accounts:two-factor-verify')}?next={setup}")
    device = totp_device_start(user=request.user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(
            user=request.user,  # type: ignore[arg-type]
            device=device,
            token=form.cleaned_data["token"],
            session_verified=verified,
        ):
            otp_login(request, device)
            return redirect("home")
        form.add_error(
            "token", _("That code did not match. Check the clock on your phone and try again.")
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)
    # The key as authenticator apps expect it when typed in by hand.
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret},
    )


@login_required
@require_POST
def security_notice_dismiss_view(request: HttpRequest, notice_id: str) -> HttpResponse:
    # Someone holding only the password must not hide the notice from the owner.
    if not request.user.is_verified() and has_second_factor(request.user):  # type: ignore[union-attr]
        return redirect("accounts:two-factor-verify")
    notice = get_object_or_404(SecurityNotice, pk=notice_id, user=request.user)
    security_notice_dismiss(user=request.user, notice=notice)  # type: ignore[arg-type]
    return redirect(_next_url(request))


@require_safe
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Whether the second step is on, and the way to set it up. Every page's menu links here
    for the people this page is for (may_enrol_second_factor)."""
    if not may_enrol_second_factor(request.user):
        return render(request, "accounts/two_factor_not_needed.html", status=403)
    has_device = has_second_factor(request.user)
    # /accounts/ pages are open before the second step; this one says what is set up, so it
    # waits for the code like any other page.
    if has_device and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect_to_login(
            request.get_full_path(), "accounts:two-factor-verify", redirect_field_name="next"
        )
    codes_left = recovery_codes_left(user=request.user) if has_device else None  # type: ignore[arg-type]
    return render(
        request, "accounts/security.html", {"has_device": has_device, "codes_left": codes_left}
    )


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Typing counts as activity: the page's script calls this while someone writes, so a long
    answer is not lost to the idle logout. Idle pages still expire."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session_renew(request)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def form_draft(request: HttpRequest) -> HttpResponse:
    """Keep (or, once the form is sent, forget) a staff form's draft, sent by the page's script
    as the quick exit leaves. The signed ticket, not the session, says whose it is: the session
    may already be over (seat.accounts.drafts). No CSRF token for the same reason; a forged
    request would need a ticket only the person's own page carries."""
    ticket = ticket_read(request.POST.get("ticket", ""))
    if ticket is None:
        return HttpResponse(status=400)
    if request.POST.get("sent"):
        user = User.objects.filter(pk=ticket.user_id).first()
        if user is not None:
            form_draft_discard(user=user, path=ticket.path, form=ticket.form)
        return HttpResponse(status=204)
    fields = [(k, v) for k, values in request.POST.lists() if k != "ticket" for v in values]
    try:
        form_draft_keep(ticket=ticket, fields=fields)
    except DraftRefused:
        return HttpResponse(status=400)
    return HttpResponse(status=204)


@login_required
@require_POST
def form_draft_forget(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = get_object_or_404(FormDraft, pk=draft_id, user=request.user)
    form_draft_discard(user=request.user, path=draft.path, form=draft.form)  # type: ignore[arg-type]
    return redirect(_next_url(request))


# The code of the joining or password link being used, kept out of the address bar.
SESSION_INVITATION = "seat_invitation_code"


@require_safe
def invitation_open(request: HttpRequest, code: str) -> HttpResponse:
    """A joining link's address holds its code: keep the code in the session and show the page
    at a bare address, so the code stays in neither the address bar nor the history. Every
    answer is a redirect (Django logs the path of error responses, and this path holds a code);
    while guesses are held up, the bare address answers 429."""
    if not code_attempts_blocked(request, code):
        request.session[SESSION_INVITATION] = code
    return redirect("accounts:invitation")


def invitation(request: HttpRequest) -> HttpResponse:
    """Use a joining or password code: from a link, or typed by hand. Codes that open nothing
    (guessed, used, cancelled, expired, or another kind of code) count against the address and
    the code's first group, as on the experts' joining page (seat.core.throttle)."""
    if code_attempts_blocked(request):
        request.session.pop(SESSION_INVITATION, None)
        return too_many_attempts(request)
    if request.method == "POST" and "code" in request.POST:
        typed = request.POST.get("code", "")
        if code_attempts_blocked(request, typed):
            return too_many_attempts(request)
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            request.session[SESSION_INVITATION] = code_form.cleaned_data["code"]
            return redirect("accounts:invitation")
        code_attempt_failed(request, typed)
        return render(request, "accounts/invitation_code.html", {"form": code_form})
    code = request.session.get(SESSION_INVITATION, "")
    if not code:
        return render(request, "accounts/invitation_code.html", {"form": CodeForm()})
    if code_attempts_blocked(request, code):
        request.session.pop(SESSION_INVITATION, None)
        return too_many_attempts(request)
    try:
        found = member_invitation_check(code=code)
    except InvitationProblem as problem:
        code_attempt_failed(request, code)
        request.session.pop(SESSION_INVITATION, None)
        return render(
            request,
            "accounts/invitation_code.html",
            {"form": CodeForm(), "problem": str(problem)},
            status=problem.status,
        )
    if found.for_user is not None:
        return _account_setup(request, code, found)
    return _invitation_join(request, code, found)


def _account_setup(request: HttpRequest, code: str, found: MemberInvitation) -> HttpResponse:
    """The first password of an account the operator made (an organisation's first admin)."""
    form = PasswordChoiceForm(request.POST or None, user=found.for_user)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_setup_complete(code=code, password=form.cleaned_data["password1"])
        except InvitationProblem as problem:
            request.session.pop(SESSION_INVITATION, None)
            return render(
                request,
                "accounts/invitation_code.html",
                {"form": CodeForm(), "problem": str(problem)},
                status=problem.status,
            )
        request.session.pop(SESSION_INVITATION, None)
        auth_login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Your password is set. You are logged in."))
        return redirect("home")
    return render(request, "accounts/account_setup.html", {"form": form, "invitation": found})


def _invitation_join(request: HttpRequest, code: str, found: MemberInvitation) -> HttpResponse:
    """Join the organisation: with a new account, or with the one the person is logged in with
    (a second organisation for someone who has one already)."""
    user = request.user
    if user.is_authenticated:
        # Someone holding only the password must not add the account to an organisation.
        if not user.is_verified() and has_second_factor(user):  # type: ignore[attr-defined]
            return redirect_to_login(
                reverse("accounts:invitation"),
                "accounts:two-factor-verify",
                redirect_field_name="next",
            )
        form = None
        if request.method == "POST":
            try:
                membership = member_invitation_accept(code=code, user=user)  # type: ignore[arg-type]
            except OrganisationError as error:
                return _invitation_refused(request, found, str(error))
            return _joined(request, membership.organisation.name, membership.get_role_display())
    else:
        form = NewAccountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                new_user = member_invitation_accept_new_account(
                    code=code,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    language=translation.get_language() or "",
                )
            except InvitationProblem as problem:
                return _invitation_refused(request, found, str(problem), status=problem.status)
            except OrganisationError as error:
                form.add_error("username", str(error))
            else:
                auth_login(request, new_user, backend=MODEL_BACKEND)
                return _joined(request, found.organisation.name, found.get_role_display())
    return render(
        request,
        "accounts/invitation_join.html",
        {"invitation": found, "form": form, "duty": ROLE_DUTIES.get(found.role, "")},
    )


@login_required
def invitation_addressed(request: HttpRequest, invitation_id: str) -> HttpResponse:
    """An invitation an admin addressed to this account by its username, opened from the
    inbox: accept it with the account, no code needed. 404 for anyone else."""
    found = selectors.invitation_addressed_get(user=request.user, invitation_id=invitation_id)
    user = request.user
    # Someone holding only the password must not add the account to an organisation.
    if not user.is_verified() and has_second_factor(user):  # type: ignore[attr-defined, union-attr]
        return redirect_to_login(
            request.get_full_path(), "accounts:two-factor-verify", redirect_field_name="next"
        )
    context = {"invitation": found, "duty": ROLE_DUTIES.get(found.role, ""), "addressed": True}
    if request.method == "POST":
        try:
            membership = member_invitation_accept_addressed(invitation=found, user=user)  # type: ignore[arg-type]
        except InvitationProblem as problem:
            return render(
                request,
                "accounts/invitation_join.html",
                context | {"refused": str(problem)},
                status=problem.status,
            )
        except OrganisationError as error:
            return render(
                request, "accounts/invitation_join.html", context | {"refused": str(error)}
            )
        return _joined(request, membership.organisation.name, membership.get_role_display())
    if found.declined_at is not None:
        return render(request, "accounts/invitation_join.html", context | {"declined": True})
    try:
        member_invitation_usable(found)
    except InvitationProblem as problem:
        return render(
            request,
            "accounts/invitation_join.html",
            context | {"refused": str(problem)},
            status=problem.status,
        )
    return render(request, "accounts/invitation_join.html", context)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, invitation_id: str) -> HttpResponse:
    """The account an invitation was addressed to says no to it (404 for anyone else); saying
    it again changes nothing and reads the same."""
    found = selectors.invitation_addressed_get(user=request.user, invitation_id=invitation_id)
    user = request.user
    # As for accepting: the password alone does not answer for the account.
    if not user.is_verified() and has_second_factor(user):  # type: ignore[attr-defined, union-attr]
        return redirect("accounts:two-factor-verify")
    try:
        member_invitation_decline(invitation=found, user=user)  # type: ignore[arg-type]
    except InvitationProblem as problem:
        context = {"invitation": found, "duty": ROLE_DUTIES.get(found.role, ""), "addressed": True}
        return render(
            request,
            "accounts/invitation_join.html",
            context | {"refused": str(problem)},
            status=problem.status,
        )
    return redirect("accounts:invitation-addressed", invitation_id=found.pk)


def _invitation_refused(
    request: HttpRequest, found: MemberInvitation, reason: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_join.html",
        {"invitation": found, "refused": reason, "duty": ROLE_DUTIES.get(found.role, "")},
        status=status,
    )


def _joined(request: HttpRequest, organisation: str, role: str) -> HttpResponse:
    request.session.pop(SESSION_INVITATION, None)
    messages.success(
        request,
        _("Welcome. You are now a member of %(organisation)s, as %(role)s.")
        % {"organisation": organisation, "role": role},
    )
    return redirect("home")


def _waiting_for_second_factor(request: HttpRequest) -> HttpResponse | None:
    """/accounts/ pages are open before the second step; the ones that change the account wait
    for the code like any other page, so the password alone cannot use them."""
    if has_second_factor(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect_to_login(
            request.get_full_path(), "accounts:two-factor-verify", redirect_field_name="next"
        )
    return None


@require_safe
@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    """Where the person is signed in, for everyone signed in: each session can be ended."""
    if waiting := _waiting_for_second_factor(request):
        return waiting
    shown = user_sessions_of(request=request, user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/sessions.html", {"sessions": shown})


@login_required
@require_POST
def session_end(request: HttpRequest, session_id: str) -> HttpResponse:
    if waiting := _waiting_for_second_factor(request):
        return waiting
    user_session_end(request=request, user=request.user, session_id=session_id)  # type: ignore[arg-type]
    messages.success(request, _("That session has ended."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    if waiting := _waiting_for_second_factor(request):
        return waiting
    user_sessions_end_others(request=request, user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("You are now logged in here only."))
    return redirect("accounts:sessions")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password knowing the current one; every other session ends."""
    if waiting := _waiting_for_second_factor(request):
        return waiting
    form = PasswordChangeForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST":
        if code_attempts_blocked(request):
            return too_many_attempts(request)
        if form.is_valid():
            user_password_change(
                request=request,
                user=request.user,  # type: ignore[arg-type]
                password=form.cleaned_data["password1"],
            )
            messages.success(
                request, _("Your password is changed. Other sessions and API tokens have ended.")
            )
            return redirect("accounts:sessions")
        if "old_password" in form.errors:
            code_attempt_failed(request, "")
    return render(request, "accounts/password.html", {"form": form})


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make ten recovery codes, shown once on the answer to the POST; new ones replace old."""
    if not may_enrol_second_factor(request.user):
        return render(request, "accounts/two_factor_not_needed.html", status=403)
    if not has_second_factor(request.user):
        return redirect("accounts:two-factor-setup")
    if waiting := _waiting_for_second_factor(request):
        return waiting
    codes = recovery_codes_make(user=request.user) if request.method == "POST" else None  # type: ignore[arg-type]
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "codes_left": recovery_codes_left(user=request.user)},  # type: ignore[arg-type]
    )
    response["Cache-Control"] = "no-store"
    return response
