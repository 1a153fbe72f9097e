"""An organisation's own admin runs it: members, joining links, roles (and settings).

Every page here is for the organisation's admins only (``selectors.organisation_get_for_admin``:
404 outside the organisation, 403 for its other roles). The pages live outside /accounts/, so
the second-factor middleware has made an admin verify with a code before they arrive.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accounts import selectors
from seat.accounts.enums import Role
from seat.accounts.forms import MemberInviteForm, MemberRoleForm, OrganisationSettingsForm
from seat.accounts.links import invitation_link
from seat.accounts.rules import ROLE_DUTIES
from seat.accounts.services import (
    INVITATION_DAYS,
    OrganisationError,
    SettingsRefused,
    member_invitation_create,
    member_invitation_email,
    member_invitation_revoke,
    membership_remove,
    membership_role_change,
    organisation_settings_change,
)
from seat.core.once import submission_claim, submission_done, submission_release


@require_safe
@login_required
def organisation_index(request: HttpRequest) -> HttpResponse:
    """The organisations the person runs; straight to the one when there is one."""
    organisations = selectors.organisations_run_by(user=request.user)
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("organisation:members", organisation_id=organisations[0].pk)
    return render(request, "accounts/organisation_index.html", {"organisations": organisations})


@require_safe
@login_required
def members(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    people = selectors.members_of(organisation=organisation)
    return render(
        request,
        "accounts/organisation_members.html",
        {
            "organisation": organisation,
            "members": [
                (m, MemberRoleForm(initial={"role": m.role}, auto_id=f"id_%s_{m.pk}"))
                for m in people
                if m.role != Role.ADVISOR
            ],
            "advisor_count": sum(1 for m in people if m.role == Role.ADVISOR),
            # As services._keep_an_admin counts them: the only admin's role cannot change.
            "admin_count": sum(1 for m in people if m.role == Role.ADMIN),
            "invitations": selectors.invitations_pending(organisation=organisation),
        },
    )


@login_required
def invite(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """Make a joining link; it is shown once, on the page that answers the form."""
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["form_key"]
        if submission_claim(user=request.user, key=key) is not None:
            # The same form twice (a double tap): the first made the link; it is in the list.
            messages.info(
                request,
                _(
                    "That invitation was already made: it is in the list below. If you did not "
                    "see its link, cancel it there and make a new one."
                ),
            )
            return redirect("organisation:members", organisation_id=organisation.pk)
        try:
            made, code = member_invitation_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                role=form.cleaned_data["role"],
                username=form.cleaned_data["username"],
            )
        except OrganisationError as error:
            submission_release(user=request.user, key=key)
            form.add_error(None, str(error))
        else:
            link = invitation_link(code, request)
            email = form.cleaned_data["email"]
            sent = (
                member_invitation_email(
                    actor=request.user,  # type: ignore[arg-type]
                    invitation=made,
                    email=email,
                    link=link,
                )
                if email
                else None
            )
            submission_done(user=request.user, key=key, url="")
            return render(
                request,
                "accounts/organisation_invitation_made.html",
                {
                    "organisation": organisation,
                    "invitation": made,
                    "link": link,
                    "code": code,
                    "email": email,
                    "sent": sent,
                    # Said the same whether or not the account exists.
                    "username": form.cleaned_data["username"].strip(),
                    "days": INVITATION_DAYS,
                },
            )
    return render(
        request,
        "accounts/organisation_invite.html",
        {
            "organisation": organisation,
            "form": form,
            "roles": [(choice, ROLE_DUTIES[choice.data["value"]]) for choice in form["role"]],
            "days": INVITATION_DAYS,
        },
    )


@login_required
@require_POST
def member_role(request: HttpRequest, organisation_id: str, membership_id: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    membership = selectors.member_get(organisation=organisation, membership_id=membership_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("organisation:members", organisation_id=organisation.pk)
    try:
        changed = membership_role_change(
            actor=request.user,  # type: ignore[arg-type]
            membership=membership,
            role=form.cleaned_data["role"],
        )
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(username)s is now %(role)s.")
            % {"username": changed.user.username, "role": changed.get_role_display()},
        )
    return redirect("organisation:members", organisation_id=organisation.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, organisation_id: str, membership_id: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    membership = selectors.member_get(organisation=organisation, membership_id=membership_id)
    try:
        membership_remove(actor=request.user, membership=membership)  # type: ignore[arg-type]
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(username)s is no longer a member of %(organisation)s. Their account and what "
                "they did here stay."
            )
            % {"username": membership.user.username, "organisation": organisation.name},
        )
    return redirect("organisation:members", organisation_id=organisation.pk)


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, organisation_id: str, invitation_id: str
) -> HttpResponse:
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    invitation = selectors.invitation_get(organisation=organisation, invitation_id=invitation_id)
    try:
        member_invitation_revoke(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The link is cancelled: it opens nothing now."))
    return redirect("organisation:members", organisation_id=organisation.pk)


@login_required
def organisation_settings(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """The organisation's name, kind, country, currency, languages and the days it holds itself
    to; each change is saved by one service and listed, with who made it, below the form."""
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    form = OrganisationSettingsForm(
        request.POST or None,
        initial={
            "name": organisation.name,
            "kind": organisation.kind,
            "country": organisation.country,
            "default_currency": organisation.default_currency,
            "languages": organisation.language_codes,
            "min_lead_days": organisation.min_lead_days,
            "response_days": organisation.response_days,
            "pay_within_days": organisation.pay_within_days,
            "fair_rate_floor": organisation.fair_rate_floor,
            "fair_rate_floor_currency": organisation.fair_rate_floor_currency,
            "consultant_rate": organisation.consultant_rate,
            "consultant_rate_currency": organisation.consultant_rate_currency,
            "publishes_outcomes": organisation.publishes_outcomes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = organisation_settings_change(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except SettingsRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            if changed:
                messages.success(request, _("The settings are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("organisation:settings", organisation_id=organisation.pk)
    return render(
        request,
        "accounts/organisation_settings.html",
        {
            "organisation": organisation,
            "form": form,
            "history": selectors.organisation_settings_history(organisation=organisation),
        },
    )


@require_safe
@login_required
def organisation_audit(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """The organisation's audit log, for its admins: who did what and when, a page at a time."""
    organisation = selectors.organisation_get_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    page, lines = selectors.organisation_audit_page(
        organisation=organisation, page=request.GET.get("page")
    )
    return render(
        request,
        "accounts/organisation_audit.html",
        {"organisation": organisation, "page": page, "lines": lines},
    )
