"""Joining Seat with a code, adding an organisation, choosing a new password with a reset code
(public pages under /join/), and the pages where an organisation makes those codes (/people/).

Codes never stay in an address: a joining link (/join/<code>/) keeps the code's digest in the
session and sends the browser on to the bare /join/ at once, and every other code travels in a
form's body. The step that creates the account carries a signed ticket of the digest, never the
code itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accounts.models import User
from seat.core.i18n import languages_first
from seat.core.onetime import code_digest
from seat.core.support import site_support
from seat.core.throttle import code_attempt_failed, code_attempts_blocked, too_many_attempts
from seat.people import selectors, services
from seat.people.forms import (
    JoinCodeForm,
    JoinForm,
    MakeCodeForm,
    ResetForm,
    ticket_make,
    ticket_read,
)
from seat.people.models import JoinCode
from seat.people.rules import resets_her_password

# The digest of a joining code she entered or followed a link with, until she uses it.
SESSION_JOIN = "seat_join_code"
# Set when she has just joined: her page greets her once.
SESSION_WELCOME = "seat_welcome"


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that show or carry a code stay out of every cache, the phone's included."""
    response["Cache-Control"] = "no-store"
    return response


def _log_in(request: HttpRequest, user: User) -> None:
    # login() gives the session a new key, so whatever was in the anonymous session (and its
    # cookie) cannot be used to ride on her account.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")


def _welcome(request: HttpRequest, user: User) -> HttpResponse:
    _log_in(request, user)
    request.session.pop(SESSION_JOIN, None)
    request.session[SESSION_WELCOME] = True
    return redirect("portal:home")


@require_safe
def join_link(request: HttpRequest, code: str) -> HttpResponse:
    """A joining link: keep the code's digest in the session and go on to /join/ at once, so the
    code leaves the address bar and the history. Every answer here is a redirect: Django logs
    the path of error responses, and this path holds a code."""
    if code_attempts_blocked(request, code):
        return redirect("people:join")  # which answers 429 at an address without the code
    digest = code_digest(code)
    if selectors.join_code_live(digest=digest) is None:
        code_attempt_failed(request, code)
        messages.error(request, services.code_error_message())
    else:
        request.session[SESSION_JOIN] = digest
    if request.user.is_authenticated and selectors.expert_for_user(user=request.user):
        return redirect("portal:organisations")
    return redirect("people:join")


def join(request: HttpRequest) -> HttpResponse:
    """Joining, in two steps: the code (which names the organisation that gave it), then her
    chosen name, a username and a password."""
    if request.user.is_authenticated:
        if selectors.expert_for_user(user=request.user) is not None:
            # A second arrival of the form that made her account lands on her page.
            return redirect("portal:home" if request.method == "POST" else "portal:organisations")
        return _private(render(request, "people/join_signed_in.html"))
    if request.method == "POST" and "ticket" in request.POST:
        return _join_details(request)
    if code_attempts_blocked(request):
        return too_many_attempts(request)
    code_form = JoinCodeForm(request.POST or None)
    if request.method == "POST":
        typed = request.POST.get("code", "")
        if code_attempts_blocked(request, typed):
            return too_many_attempts(request)
        if code_form.is_valid():
            digest = code_digest(code_form.cleaned_data["code"])
            if selectors.join_code_live(digest=digest) is not None:
                request.session[SESSION_JOIN] = digest
                return redirect("people:join")
        code_attempt_failed(request, typed)
        if not code_form.errors:
            code_form.add_error("code", services.code_error_message())
        return _private(render(request, "people/join_code.html", {"form": code_form}))
    live = selectors.join_code_live(digest=request.session.get(SESSION_JOIN, ""))
    if live is None:
        request.session.pop(SESSION_JOIN, None)
        return _private(render(request, "people/join_code.html", {"form": code_form}))
    form = JoinForm(
        initial={"ticket": ticket_make(live.code_digest), "username": services.username_suggest()}
    )
    return _private(
        render(
            request,
            "people/join.html",
            {
                "form": form,
                "organisation": live.organisation,
                "languages": languages_first(live.organisation.language_codes),
            },
        )
    )


def _join_details(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST)
    digest = ticket_read(request.POST.get("ticket", ""))
    if digest is None:
        messages.error(request, _("This page was open too long. Please enter the code again."))
        return redirect("people:join")
    if code_attempts_blocked(request):
        return too_many_attempts(request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            expert = services.expert_join(
                digest=digest,
                pseudonym=data["pseudonym"],
                username=data["username"],
                password=data["password1"],
                language=(get_language() or "").split("-")[0],
            )
        except services.CodeError as error:
            again = services.join_already_done(
                digest=digest, username=data["username"], password=data["password1"]
            )
            if again is not None:
                return _welcome(request, again)
            code_attempt_failed(request, "")
            request.session.pop(SESSION_JOIN, None)
            messages.error(request, str(error))
            return redirect("people:join")
        except services.JoinError as error:
            for message in error.messages:
                form.add_error(error.field, message)
        else:
            assert expert.user is not None
            return _welcome(request, expert.user)
    live = selectors.join_code_live(digest=digest)
    if live is None:
        again = (
            services.join_already_done(
                digest=digest,
                username=form.cleaned_data.get("username", ""),
                password=form.cleaned_data.get("password1", ""),
            )
            if form.is_valid()
            else None
        )
        if again is not None:
            return _welcome(request, again)
        messages.error(request, services.code_error_message())
        return redirect("people:join")
    return _private(
        render(
            request,
            "people/join.html",
            {
                "form": form,
                "organisation": live.organisation,
                "languages": languages_first(live.organisation.language_codes),
            },
        )
    )


def reset(request: HttpRequest) -> HttpResponse:
    """A new password with a reset code from an organisation she works with. Every refusal reads
    the same, so the page never tells whether a username exists."""
    form = ResetForm(request.POST or None)
    if request.method == "POST":
        typed = request.POST.get("code", "")
        if code_attempts_blocked(request, typed):
            return too_many_attempts(request)
        if not form.is_valid() and "code" in form.errors:
            code_attempt_failed(request, typed)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.password_reset_with_code(
                    username=data["username"],
                    digest=code_digest(data["code"]),
                    password=data["password1"],
                )
            except services.CodeError as error:
                code_attempt_failed(request, typed)
                form.add_error(None, str(error))
            except services.JoinError as error:
                for message in error.messages:
                    form.add_error(error.field, message)
            else:
                messages.success(
                    request,
                    _(
                        "Your password is changed, and you are logged out everywhere. Log in "
                        "now with your username and your new password."
                    ),
                )
                return redirect("login")
    return _private(
        render(
            request,
            "people/reset.html",
            {"form": form, "reset_days": services.RESET_CODE_DAYS, "support": site_support()},
        )
    )


# The organisation's side --------------------------------------------------------------------


@require_safe
@login_required
def experts(request: HttpRequest) -> HttpResponse:
    """Experts who work with the organisation, its joining codes, and the buttons that make
    codes. One section per organisation the person may make codes for."""
    organisations = selectors.organisations_bringing_experts(user=request.user)
    if not organisations:
        raise PermissionDenied
    sections = [
        {
            "organisation": organisation,
            "codes": selectors.join_codes_of(organisation=organisation),
            "experts": [
                (expert, resets_her_password(organisation, expert))
                for expert in selectors.experts_linked_to(organisation=organisation)
            ],
            "form": MakeCodeForm(),
        }
        for organisation in organisations
    ]
    return render(
        request,
        "people/experts.html",
        {"sections": sections, "join_days": services.JOIN_CODE_DAYS},
    )


@login_required
@require_POST
def join_code_new(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_bringing(
        user=request.user, organisation_id=organisation_id
    )
    form = MakeCodeForm(request.POST)
    form_key = form.cleaned_data["form_key"] if form.is_valid() else None
    code, shown = services.join_code_create(
        actor=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        form_key=form_key,
    )
    link = request.build_absolute_uri(reverse("people:join-link", kwargs={"code": shown}))
    return _private(
        render(
            request,
            "people/code_made.html",
            {
                "organisation": organisation,
                "code": code,
                "shown": shown,
                "link": link,
                "join_url": request.build_absolute_uri(reverse("people:join")),
            },
        )
    )


@login_required
@require_POST
def join_code_withdraw(request: HttpRequest, code_id: str) -> HttpResponse:
    code = get_object_or_404(JoinCode, pk=code_id)
    selectors.organisation_for_bringing(user=request.user, organisation_id=code.organisation_id)
    services.join_code_withdraw(actor=request.user, code=code)  # type: ignore[arg-type]
    messages.success(request, _("The code is withdrawn. Nobody can join with it now."))
    return redirect("people:experts")


@login_required
@require_POST
def reset_code_new(request: HttpRequest, organisation_id: str, expert_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_bringing(
        user=request.user, organisation_id=organisation_id
    )
    expert = selectors.expert_linked_get(organisation=organisation, expert_id=expert_id)
    code, shown = services.reset_code_create(
        actor=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        expert=expert,
    )
    return _private(
        render(
            request,
            "people/reset_code_made.html",
            {
                "organisation": organisation,
                "expert": expert,
                "code": code,
                "shown": shown,
                "reset_url": request.build_absolute_uri(reverse("people:reset")),
            },
        )
    )


# About her (diversity self-identification) -------------------------------------------------


def _her_profile(request: HttpRequest) -> Any:
    """The signed-in expert's own profile; nobody else has a page here (404, as on every page
    of hers)."""
    expert = selectors.expert_for_user(user=request.user)
    if expert is None:
        raise Http404
    return expert


@login_required
def about_you(request: HttpRequest) -> HttpResponse:
    """Her optional answers about herself: shown only to her, counted only in totals."""
    from seat.people import diversity
    from seat.people.enums import DIVERSITY_MIN_CELL, DIVERSITY_MIN_PEOPLE
    from seat.people.forms import AboutYouForm

    expert = _her_profile(request)
    if request.method == "POST":
        form = AboutYouForm(request.POST)
        if form.is_valid():
            diversity.diversity_save(actor=request.user, expert=expert, answers=form.cleaned_data)
            messages.success(request, _("Your answers are saved. Only you can see them."))
            return redirect("people:about-you")
    else:
        form = AboutYouForm(initial=diversity.diversity_read(actor=request.user, expert=expert))
    fields = [field for field in form.visible_fields() if field.name != "exploitation"]
    return _private(
        render(
            request,
            "people/about_you.html",
            {
                "form": form,
                "fields": fields,
                "exploitation_fields": [form["exploitation"]],
                "min_cell": DIVERSITY_MIN_CELL,
                "min_people": DIVERSITY_MIN_PEOPLE,
            },
        )
    )


@login_required
@require_POST
def about_you_delete(request: HttpRequest) -> HttpResponse:
    from seat.people import diversity

    expert = _her_profile(request)
    diversity.diversity_clear(actor=request.user, expert=expert)
    messages.success(request, _("Your answers are deleted."))
    return redirect("people:about-you")
