"""The facilitator's members pages: the organisation's members by chosen name, profiles kept for
members without a device, and consent said aloud, read to her in her language."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from seat.core.formats import format_number
from seat.core.i18n import languages_first
from seat.core.languages import LANGUAGE_NAMES
from seat.core.once import submission_claim, submission_done, submission_release
from seat.partners import members as services
from seat.partners.member_forms import ConsentSaidForm, MemberNewForm, MemberProfileForm
from seat.partners.members import Member, MemberError
from seat.people.enums import (
    CONSENT_INTRO,
    CONSENT_TEXT_VERSION,
    ConsentPurpose,
    consent_explanation,
)
from seat.sms.forms import MemberSmsForm, SmsCodeForm
from seat.sms.selectors import sms_contact_of
from seat.sms.services import (
    SmsError,
    sms_claim_waiting,
    sms_contact_confirm,
    sms_contact_request,
    sms_contact_stop,
)


def _organisation_id(request: HttpRequest) -> str | None:
    """The organisation asked for in the address (?organisation=<uuid>); a malformed id is 404."""
    value = request.GET.get("organisation") or None
    if value is not None:
        try:
            uuid.UUID(value)
        except ValueError as error:
            raise Http404 from error
    return value


@require_safe
@login_required
def members(request: HttpRequest) -> HttpResponse:
    # A facilitator of several survivor-led organisations chooses whose members to see.
    organisations = services.organisations_acting_for_members(user=request.user)
    asked = _organisation_id(request)
    organisation = next(
        (o for o in organisations if asked is None or str(o.pk) == asked), None
    ) or services.organisation_for_members(user=request.user, organisation_id=asked)
    paginator = Paginator(
        range(services.members_count(organisation=organisation)), services.MEMBERS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "partners/members.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "members": services.members_of(
                organisation=organisation,
                start=page.start_index() - 1 if page.object_list else 0,
                stop=page.end_index(),
            ),
            "page": page,
        },
    )


def _error(form: Any, error: MemberError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
def member_new(request: HttpRequest) -> HttpResponse:
    organisation = services.organisation_for_members(
        user=request.user, organisation_id=_organisation_id(request)
    )
    form = MemberNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or _members_url(organisation.pk))
        try:
            expert = services.member_profile_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **data,
            )
        except MemberError as error:
            submission_release(user=request.user, key=key)
            _error(form, error)
        else:
            url = reverse("partners:member-consent", kwargs={"member_id": expert.pk})
            submission_done(user=request.user, key=key, url=url)
            messages.success(
                request,
                _(
                    "%(name)s's profile is saved. Now read her the consent wording and write "
                    "down what she says."
                )
                % {"name": expert.pseudonym},
            )
            return redirect(url)
    return render(
        request,
        "partners/member_form.html",
        {"form": form, "organisation": organisation, "member": None},
    )


def _members_url(organisation_id: Any) -> str:
    return reverse("partners:members") + "?" + urlencode({"organisation": organisation_id})


@login_required
def member_edit(request: HttpRequest, member_id: str) -> HttpResponse:
    """A profile the organisation keeps is changed here; a member with an account sets her own
    preferences, and her facilitators read them."""
    member = services.member_get_for_user(user=request.user, expert_id=member_id)
    if not member.kept_by_organisation:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "partners/member_form.html", {"member": member, "form": None})
    profile = member.profile
    form = MemberProfileForm(
        request.POST or None,
        initial={
            "pseudonym": profile.pseudonym,
            "languages": profile.language_codes,
            "expertise": profile.expertise,
            "meeting_preference": profile.meeting_preference,
            "pay_preference": profile.pay_preference,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_profile_update(
                actor=request.user,  # type: ignore[arg-type]
                member=member,
                **form.cleaned_data,
            )
        except MemberError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_members_url(member.organisation.pk))
    contact = sms_contact_of(expert=profile)
    return render(
        request,
        "partners/member_form.html",
        {
            "form": form,
            "organisation": member.organisation,
            "member": member,
            "sms_contact": contact,
            "sms_language_name": LANGUAGE_NAMES.get(contact.language, "") if contact else "",
        },
    )


def _her_sms_language(member: Member) -> str:
    """Her first language Seat writes messages in, else the page's."""
    site = dict(settings.LANGUAGES)
    return next(
        (code for code in member.language_codes if code in site),
        (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0],
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_sms(request: HttpRequest, member_id: str) -> HttpResponse:
    """A member whose profile the collective keeps takes part by text message: the facilitator
    gives her number and language, Seat texts a code to it, she reads the code back and the
    facilitator types it (sms.services). The page never shows the number, and answers the same
    whoever uses it. A member with her own account enrols her number herself (403)."""
    member = services.member_get_for_user(user=request.user, expert_id=member_id)
    if not member.kept_by_organisation:
        raise PermissionDenied
    actor, expert = request.user, member.profile
    here = reverse("partners:member-sms", kwargs={"member_id": member.pk})
    contact = sms_contact_of(expert=expert)
    form = MemberSmsForm(
        initial={"language": contact.language if contact else _her_sms_language(member)}
    )
    code_form = SmsCodeForm()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "stop":
        sms_contact_stop(actor=actor, expert=expert)  # type: ignore[arg-type]
        messages.success(
            request, _("Text messages to %(name)s are stopped.") % {"name": member.pseudonym}
        )
        return redirect(here)
    if action == "confirm":
        code_form = SmsCodeForm(request.POST)
        if code_form.is_valid():
            try:
                sms_contact_confirm(
                    actor=actor,  # type: ignore[arg-type]
                    expert=expert,
                    code=code_form.cleaned_data["code"],
                )
            except SmsError as error:
                code_form.add_error("code", str(error))
            else:
                messages.success(request, _member_sms_saved(member))
                return redirect(here)
    elif request.method == "POST":
        form = MemberSmsForm(request.POST)
        if form.is_valid():
            try:
                code_sent = sms_contact_request(
                    actor=actor,  # type: ignore[arg-type]
                    expert=expert,
                    **form.cleaned_data,
                )
            except SmsError as error:
                form.add_error("phone", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "If this number can get text messages, a code is on its way to it. "
                        "Ask her to read it to you, and type it below."
                    )
                    if code_sent
                    else _member_sms_saved(member),
                )
                return redirect(here)
    contact = sms_contact_of(expert=expert)  # as it is after any change just made
    return render(
        request,
        "partners/member_sms.html",
        {
            "member": member,
            "form": form,
            "code_form": code_form,
            "code_waiting": sms_claim_waiting(expert=expert) or code_form.is_bound,
            "contact": contact,
            "language_name": LANGUAGE_NAMES.get(contact.language, "") if contact else "",
        },
    )


def _member_sms_saved(member: Member) -> str:
    return _(
        "Saved. Invitations your organisation sends %(name)s from now on reach her by text message."
    ) % {"name": member.pseudonym}


def _reading_language(request: HttpRequest, member: Member) -> str:
    """The language to show the wording in: the one asked for (?language=), else her first
    language Seat has the wording in, else the page's."""
    asked = request.GET.get("language", "")
    site = dict(settings.LANGUAGES)
    if asked in site:
        return asked
    for code in member.language_codes:
        if code in site:
            return code
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _wording(language: str) -> tuple[str, list[dict[str, str]]]:
    """What to read first, and each purpose's wording and what it means, in ``language``."""
    with translation.override(language):
        return str(CONSENT_INTRO), [
            {
                "purpose": value,
                "label": str(label),
                "explanation": str(consent_explanation(value)),
            }
            for value, label in ConsentPurpose.choices
        ]


@login_required
def member_consent(request: HttpRequest, member_id: str) -> HttpResponse:
    member = services.member_get_for_user(user=request.user, expert_id=member_id)
    language = _reading_language(request, member)
    form = ConsentSaidForm(request.POST or None, initial={"language": language})
    here = reverse("partners:member-consent", kwargs={"member_id": member.pk})
    intro, wording = _wording(language)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["form_key"]
        done = f"{here}?{urlencode({'language': form.cleaned_data['language']})}"
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or done)
        try:
            records = services.member_consent_record(
                actor=request.user,  # type: ignore[arg-type]
                member=member,
                answers=form.answers(),
                channel=form.cleaned_data["channel"],
                language=form.cleaned_data["language"],
                said_at=form.said_at(),
            )
        except MemberError as error:
            submission_release(user=request.user, key=key)
            _error(form, error)
        else:
            submission_done(user=request.user, key=key, url=done)
            messages.success(
                request,
                ngettext(
                    "Written down: %(count)s answer from %(name)s, witnessed by you.",
                    "Written down: %(count)s answers from %(name)s, witnessed by you.",
                    len(records),
                )
                % {"count": format_number(len(records)), "name": member.pseudonym},
            )
            return redirect(done)
    return render(
        request,
        "partners/member_consent.html",
        {
            "member": member,
            "form": form,
            "language": language,
            "language_name": LANGUAGE_NAMES.get(language, language),
            "languages": languages_first(member.language_codes),
            # Her languages Seat has no wording in: the facilitator reads it in another.
            "unwritten": [
                (code, LANGUAGE_NAMES.get(code, code))
                for code in member.language_codes
                if code not in dict(settings.LANGUAGES)
            ],
            "intro": intro,
            "wording": wording,
            "version": CONSENT_TEXT_VERSION,
            "history": services.consent_history(expert=member.profile),
            "history_shown": services.HISTORY_SHOWN,
            "here": here,
        },
    )
