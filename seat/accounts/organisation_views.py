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
from django.views.decorators.http import require_safe

from seat.accounts import selectors
from seat.accounts.enums import Role
from seat.accounts.forms import MemberInviteForm
from seat.accounts.links import invitation_link
from seat.accounts.rules import ROLE_DUTIES
from seat.accounts.services import (
    INVITATION_DAYS,
    OrganisationError,
    member_invitation_create,
    member_invitation_email,
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
            "members": [m for m in people if m.role != Role.ADVISOR],
            "advisor_count": sum(1 for m in people if m.role == Role.ADVISOR),
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
