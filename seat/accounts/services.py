from __future__ import annotations

import datetime
import json
import logging
import smtplib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.drafts import DRAFT_DAYS, MAX_CHARACTERS, MAX_FIELDS, Ticket
from seat.accounts.enums import OrganisationKind, Role, SecurityNoticeKind
from seat.accounts.models import (
    FormDraft,
    MemberInvitation,
    Membership,
    Organisation,
    SecurityNotice,
    User,
)
from seat.accounts.rules import (
    ASSIGNABLE_ROLES,
    INVITABLE_ROLES,
    can_manage_members,
    may_add_second_factor,
    may_keep_form_drafts,
)
from seat.core.bounds import (
    LEAD_DAYS_MAX,
    LEAD_DAYS_MIN,
    PAY_WITHIN_DAYS_MAX,
    PAY_WITHIN_DAYS_MIN,
    RESPONSE_DAYS_MAX,
    RESPONSE_DAYS_MIN,
    currency_problem,
    days_problem,
    money_problem,
)
from seat.core.countries import COUNTRY_CODES
from seat.core.formats import format_number
from seat.core.onetime import code_digest, code_looks_valid, code_new
from seat.core.privacy.audit import audit_record

logger = logging.getLogger(__name__)


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    audit_record(actor=actor, verb="membership.grant", target=membership, role=role)
    return membership


def user_create(*, username: str, password: str | None, display_name: str = "") -> User:
    return User.objects.create_user(username=username, password=password, display_name=display_name)


def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created once so a reload keeps the same secret."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


@transaction.atomic
def totp_device_confirm(
    *, user: User, device: TOTPDevice, token: str, session_verified: bool
) -> bool:
    """Confirm ``device`` with a code from it. Refused (PermissionDenied) when the account
    already has a confirmed device and the session has not been verified with one of them.
    The owner is told through a security notice, whoever added the device."""
    if device.user_id != user.pk or not may_add_second_factor(
        user, session_verified=session_verified
    ):
        raise PermissionDenied
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(actor=user, verb="two_factor.enrol", target=user)
    security_notice_record(user=user, kind=SecurityNoticeKind.DEVICE_ADDED)
    return True


def security_notice_record(*, user: User, kind: str) -> SecurityNotice:
    # Seat keeps no e-mail address on a login (see docs/PRIVACY.md), so the notice is shown on
    # the owner's pages rather than sent.
    notice = SecurityNotice.objects.create(user=user, kind=kind)
    audit_record(actor=user, verb="security_notice.record", target=notice, kind=kind)
    return notice


@transaction.atomic
def security_notice_dismiss(*, user: User, notice: SecurityNotice) -> None:
    if notice.user_id != user.pk:
        raise PermissionDenied
    if notice.dismissed_at is None:
        notice.dismissed_at = timezone.now()
        notice.save(update_fields=["dismissed_at"])
        audit_record(actor=user, verb="security_notice.dismiss", target=notice)


@transaction.atomic
def membership_end(*, actor: User | None, membership: Membership) -> None:
    audit_record(actor=actor, verb="membership.end", target=membership, role=membership.role)
    membership.delete()


class DraftRefused(Exception):
    """The draft cannot be kept (who, or how much); the page has already gone, so nobody hears."""


@transaction.atomic
def form_draft_keep(*, ticket: Ticket, fields: list[tuple[str, str]]) -> FormDraft:
    """Keep what was typed into one form when the quick exit left its page, replacing any older
    draft of the same form. No audit event: the words are the person's own, kept for them."""
    user = User.objects.filter(pk=ticket.user_id, is_active=True).first()
    if user is None or not may_keep_form_drafts(user):
        raise DraftRefused("not for this person")
    if len(fields) > MAX_FIELDS or sum(len(k) + len(v) for k, v in fields) > MAX_CHARACTERS:
        raise DraftRefused("too large")
    # Throw away what is too old to be offered, while we are here.
    FormDraft.objects.filter(
        user=user, created_at__lte=timezone.now() - datetime.timedelta(days=DRAFT_DAYS)
    ).delete()
    FormDraft.objects.filter(user=user, path=ticket.path, form=ticket.form).delete()
    return FormDraft.objects.create(
        user=user, path=ticket.path, form=ticket.form, fields=json.dumps(fields)
    )


def form_draft_discard(*, user: User, path: str, form: str | None = None) -> None:
    """Forget drafts of a page (one form, or all of them): used, or not wanted."""
    drafts = FormDraft.objects.filter(user=user, path=path)
    if form is not None:
        drafts = drafts.filter(form=form)
    drafts.delete()


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language a person chose, for every device they log in on."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# --- Organisations run themselves: creating one, inviting members, roles ---------------------

# How long a link to join an organisation (or to set a first password) stays usable.
INVITATION_DAYS = 7


class OrganisationError(Exception):
    """A change to an organisation or its members was refused; the message says why, in words
    for the person who asked. Nothing was saved."""


class InvitationProblem(OrganisationError):
    """A joining link or code that cannot be used (never existed, used, cancelled, expired)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class AdminAdded:
    organisation: Organisation
    admin: User
    created: bool
    # Shown once, never stored: the code that lets the admin choose a password. None when the
    # account already has one.
    setup_code: str | None
    # Earlier codes for the same account that stopped working because of this one.
    replaced: int = 0


def organisation_name_clean(name: str) -> str:
    """The name as it is kept: spaces at the ends dropped, runs of spaces made one."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise OrganisationError(_("Give the organisation a name."))
    if len(cleaned) > Organisation._meta.get_field("name").max_length:  # type: ignore[operator]
        raise OrganisationError(_("Keep the name under 200 characters."))
    return cleaned


def _name_taken(name: str, *, other_than: Organisation | None = None) -> bool:
    taken = Organisation.objects.filter(name__iexact=name)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    return taken.exists()


def _name_taken_message(name: str) -> str:
    """For the people who run the installation (the command line, the Django admin), who see
    every organisation anyway."""
    return _("An organisation named “%(name)s” already exists. Choose another name.") % {
        "name": name
    }


def _name_unusable_message() -> str:
    """For an organisation's own admins renaming it: uniqueness means refusing the name, but the
    refusal says no more than that, so an admin cannot use it to learn which organisations use
    Seat (the name is not repeated, nor another organisation named)."""
    return _("This name cannot be used. Choose another.")


@transaction.atomic
def organisation_create(
    *, actor: User | None, name: str, kind: str, admin_username: str
) -> AdminAdded:
    """A new organisation and its first admin, for the people who run this Seat installation
    (``seat create-organisation``, the Django admin). All of it is saved, or none of it."""
    name = organisation_name_clean(name)
    if kind not in OrganisationKind.values:
        raise OrganisationError(
            _("Unknown kind of organisation “%(kind)s”. Choose one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(OrganisationKind.values)}
        )
    if _name_taken(name):
        raise OrganisationError(_name_taken_message(name))
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name, kind=kind)
    except IntegrityError:
        # Someone created the same name a moment ago.
        raise OrganisationError(_name_taken_message(name)) from None
    audit_record(actor=actor, verb="organisation.create", target=organisation, kind=kind)
    return organisation_admin_add(actor=actor, organisation=organisation, username=admin_username)


@transaction.atomic
def organisation_admin_add(
    *, actor: User | None, organisation: Organisation, username: str
) -> AdminAdded:
    """Make ``username`` an admin of ``organisation``, for the people who run the installation.

    An account that does not exist yet is made without a password, and a one-time code lets its
    owner choose one (no password on a command line or in shell history). An existing account
    keeps its password; if it never had one, it gets a fresh code and older codes stop working.
    """
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise OrganisationError(
            _(
                "“%(username)s” cannot be a username: use letters, digits and @ . + - _ only, "
                "without spaces."
            )
            % {"username": username}
        ) from None
    if not username or len(username) > 150:
        raise OrganisationError(_("A username has 1 to 150 characters."))
    user = User.objects.filter(username__iexact=username).first()
    created = user is None
    if user is None:
        user = user_create(username=username, password=None)
        audit_record(actor=actor, verb="user.create", target=user)
    elif not user.is_active:
        raise OrganisationError(
            _("The account “%(username)s” is switched off. Switch it on first, or choose another.")
            % {"username": user.username}
        )
    current = Membership.objects.filter(user=user, organisation=organisation).first()
    if current is not None and current.role == Role.ADVISOR:
        # Advising is her own yes (assessment app); an operator cannot turn it into another role.
        raise OrganisationError(
            _("“%(username)s” advises this organisation as a survivor; choose another account.")
            % {"username": user.username}
        )
    if current is None or current.role != Role.ADMIN:
        membership = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": Role.ADMIN}
        )[0]
        audit_record(
            actor=actor,
            verb="membership.grant",
            target=membership,
            role=Role.ADMIN,
            previous=current.role if current else None,
        )
    code, replaced = None, 0
    if not user.has_usable_password():
        # Only the newest code for this account may set its password.
        replaced = MemberInvitation.objects.filter(
            for_user=user, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        _invitation, code = _invitation_new(
            actor=actor, organisation=organisation, role=Role.ADMIN, for_user=user
        )
    return AdminAdded(
        organisation=organisation,
        admin=user,
        created=created,
        setup_code=code,
        replaced=replaced,
    )


def _invitation_new(
    *, actor: User | None, organisation: Organisation, role: str, for_user: User | None = None
) -> tuple[MemberInvitation, str]:
    code, digest = code_new()
    invitation = MemberInvitation.objects.create(
        organisation=organisation,
        role=role,
        code_digest=digest,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        for_user=for_user,
    )
    audit_record(
        actor=actor,
        verb="member_invitation.create",
        target=invitation,
        organisation=str(organisation.pk),
        role=role,
        setup=for_user is not None,
    )
    return invitation, code


def member_invitation_check(*, code: str) -> MemberInvitation:
    """The invitation ``code`` opens, if it can still be used; InvitationProblem otherwise."""
    invitation = None
    if code_looks_valid(code):
        invitation = (
            MemberInvitation.objects.select_related("organisation", "for_user")
            .filter(code_digest=code_digest(code))
            .first()
        )
    if invitation is None:
        raise InvitationProblem(
            _(
                "This code does not open anything. Check that it was copied whole, or ask the "
                "person who gave it to you for a new one."
            ),
            status=404,
        )
    member_invitation_usable(invitation)
    return invitation


def member_invitation_usable(invitation: MemberInvitation) -> None:
    if invitation.used_at is not None:
        raise InvitationProblem(
            _(
                "This link has already been used, and works only once. If you need another, ask "
                "the person who gave it to you."
            ),
            status=410,
        )
    if invitation.revoked_at is not None:
        raise InvitationProblem(
            _("This link was cancelled. If you need another, ask the person who gave it to you."),
            status=410,
        )
    if invitation.declined_at is not None:
        raise InvitationProblem(
            _(
                "This invitation was declined, so it can no longer be used. If you need another, "
                "ask the person who gave it to you."
            ),
            status=410,
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem(
            ngettext(
                "This link has expired: links work for %(days)s day. Ask the person who gave it "
                "to you for a new one.",
                "This link has expired: links work for %(days)s days. Ask the person who gave it "
                "to you for a new one.",
                INVITATION_DAYS,
            )
            % {"days": format_number(INVITATION_DAYS)},
            status=410,
        )


def _invitation_claim(*, invitation: MemberInvitation, user: User) -> None:
    """Mark the invitation used by ``user``, once: of two people racing with the same code, only
    one gets past this conditional UPDATE."""
    now = timezone.now()
    claimed = MemberInvitation.objects.filter(
        pk=invitation.pk,
        used_at__isnull=True,
        revoked_at__isnull=True,
        declined_at__isnull=True,
        expires_at__gt=now,
    ).update(used_at=now, used_by=user)
    if not claimed:
        # Someone else got there first, or it was cancelled a moment ago: say what it is now.
        invitation.refresh_from_db()
        member_invitation_usable(invitation)
        raise InvitationProblem(_("This link can no longer be used."), status=410)


@transaction.atomic
def account_setup_complete(*, code: str, password: str) -> User:
    """The owner of an account made without a password (an organisation's first admin) chooses
    one with their one-time code. ``password`` has passed Django's password validators."""
    invitation = member_invitation_check(code=code)
    user = invitation.for_user
    if user is None:
        raise InvitationProblem(
            _("This link is for joining, not for setting a password."), status=400
        )
    if user.has_usable_password():
        raise InvitationProblem(
            _("This account already has a password. Log in with it."), status=410
        )
    _invitation_claim(invitation=invitation, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, verb="user.password_set", target=user, invitation=str(invitation.pk))
    return user


def form_drafts_purge() -> int:
    """Delete every draft older than the days it is offered (periodic); returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=DRAFT_DAYS)
    deleted, _by_model = FormDraft.objects.filter(created_at__lte=cutoff).delete()
    return deleted


def _lock_organisation(organisation: Organisation) -> None:
    """Changes to one organisation's members go one at a time: whoever comes second waits, then
    checks what the first one left (SQLite's writes are serialised already)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


@transaction.atomic
def member_invitation_create(
    *, actor: User, organisation: Organisation, role: str, username: str = ""
) -> tuple[MemberInvitation, str]:
    """A joining link for a new colleague. Returns the invitation and its code, which is shown
    once to the admin who made it and never stored.

    With ``username`` (exactly as the account spells it), the account of that name, if there is
    one and it is switched on, is told in its inbox and its chosen channels, once, and may
    accept there. Whether such an account exists, or is a member already, is never said: the
    admin's answer is the same in every case, so it cannot link a login name to a role here (a
    survivor advisor's, say). A member is simply not told (the link made, like any, would say
    so to them: ``_invitation_accept``).
    """
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    if role not in INVITABLE_ROLES:
        raise OrganisationError(_("Choose one of the roles offered."))
    username = username.strip()
    addressee = (
        User.objects.filter(username=username, is_active=True)
        .exclude(memberships__organisation=organisation)
        .first()
        if username
        else None
    )
    invitation, code = _invitation_new(actor=actor, organisation=organisation, role=role)
    if addressee is not None:
        _invitation_address(actor=actor, invitation=invitation, user=addressee)
    return invitation, code


def _invitation_address(*, actor: User, invitation: MemberInvitation, user: User) -> None:
    # notifications sits after accounts in the import order (docs/ARCHITECTURE.md).
    from django.urls import reverse

    from seat.notifications.enums import Event
    from seat.notifications.services import notify

    invitation.addressed_to = user
    invitation.save(update_fields=["addressed_to"])
    audit_record(
        actor=actor, verb="member_invitation.address", target=invitation, user=str(user.pk)
    )
    notify(
        event=Event.STAFF_INVITATION,
        recipients=[user],
        key=f"staff.invitation:{invitation.pk}",
        url=reverse("accounts:invitation-addressed", kwargs={"invitation_id": invitation.pk}),
        context={"organisation": invitation.organisation.name},
    )


def member_invitation_email(
    *, actor: User, invitation: MemberInvitation, email: str, link: str
) -> bool:
    """Send the joining link to ``email``; True when the mail server took it. The address is
    used for this one message and kept nowhere. The subject names neither the organisation nor
    the role: a subject line is read by whoever sees the phone's screen."""
    context = {
        "organisation": invitation.organisation.name,
        "role": invitation.get_role_display(),
        "link": link,
        "days": INVITATION_DAYS,
    }
    subject = render_to_string("accounts/email/member_invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/member_invitation.txt", context)
    try:
        send_mail(subject, body, None, [email])
    except (OSError, smtplib.SMTPException):
        logger.warning("member invitation %s: the e-mail could not be sent", invitation.pk)
        return False
    audit_record(actor=actor, verb="member_invitation.email", target=invitation)
    return True


@transaction.atomic
def member_invitation_accept(*, code: str, user: User) -> Membership:
    """``user`` joins the organisation with the role the link gives, once. Someone who is a
    member already is told so, and the link stays unused for the person it was meant for."""
    return _invitation_accept(invitation=member_invitation_check(code=code), user=user)


@transaction.atomic
def member_invitation_accept_addressed(*, invitation: MemberInvitation, user: User) -> Membership:
    """The account an invitation was addressed to accepts it from its inbox, without the code."""
    if invitation.addressed_to_id != user.pk:
        raise PermissionDenied
    member_invitation_usable(invitation)
    return _invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def member_invitation_decline(*, invitation: MemberInvitation, user: User) -> bool:
    """The account an invitation was addressed to says no, from its inbox: the invitation opens
    nothing from then on, for her or anyone holding its code. Saying no twice changes nothing
    (False the second time); one used, cancelled or expired is refused as it is."""
    if invitation.addressed_to_id != user.pk:
        raise PermissionDenied
    invitation.refresh_from_db()
    if invitation.declined_at is not None:
        return False
    member_invitation_usable(invitation)
    declined = MemberInvitation.objects.filter(
        pk=invitation.pk,
        used_at__isnull=True,
        revoked_at__isnull=True,
        declined_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(declined_at=timezone.now())
    if not declined:
        # Used, cancelled or declined a moment ago, by another request: say what it is now.
        invitation.refresh_from_db()
        if invitation.declined_at is not None:
            return False
        member_invitation_usable(invitation)
        raise InvitationProblem(_("This link can no longer be used."), status=410)
    invitation.refresh_from_db()
    audit_record(actor=user, verb="member_invitation.decline", target=invitation)
    return True


def _invitation_accept(*, invitation: MemberInvitation, user: User) -> Membership:
    if invitation.for_user is not None:
        raise InvitationProblem(
            _("This link is for setting a password, not for joining."), status=400
        )
    organisation = invitation.organisation
    _lock_organisation(organisation)
    current = Membership.objects.filter(user=user, organisation=organisation).first()
    if current is not None:
        raise OrganisationError(
            _(
                "You are already a member of %(organisation)s (%(role)s). The link was not used: "
                "it can still go to the person it was meant for."
            )
            % {"organisation": organisation.name, "role": current.get_role_display()}
        )
    _invitation_claim(invitation=invitation, user=user)
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=invitation.role
    )
    audit_record(
        actor=user,
        verb="membership.grant",
        target=membership,
        role=invitation.role,
        invitation=str(invitation.pk),
    )
    return membership


@transaction.atomic
def member_invitation_accept_new_account(
    *, code: str, username: str, password: str, language: str = ""
) -> User:
    """A new account, made with the link and joined to its organisation; both or neither.
    ``password`` has passed Django's password validators."""
    member_invitation_check(code=code)
    taken = OrganisationError(_("This username is taken. Choose another."))
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password)
    except IntegrityError:
        raise taken from None
    if language in dict(settings.LANGUAGES):
        user_language_set(user=user, language=language)
    audit_record(actor=user, verb="user.create", target=user)
    member_invitation_accept(code=code, user=user)
    return user


def _admin_check_fresh(*, actor: User, organisation: Organisation) -> None:
    """Whether ``actor`` is an admin of ``organisation`` now, read after the organisation's lock:
    an admin demoted a moment ago by another admin must not act on what they saw before."""
    if not Membership.objects.filter(
        user=actor, organisation=organisation, role=Role.ADMIN
    ).exists():
        raise PermissionDenied


def _member_for_change(*, actor: User, membership: Membership) -> Membership:
    """The membership as it is now, locked for a change by ``actor``; never a survivor
    advisor's (her yes and her leaving are hers, on the advisors page)."""
    organisation = membership.organisation
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    _lock_organisation(organisation)
    _admin_check_fresh(actor=actor, organisation=organisation)
    current = Membership.objects.filter(pk=membership.pk).select_related("user").first()
    if current is None:
        raise OrganisationError(_("This person is no longer a member."))
    if current.role == Role.ADVISOR:
        raise OrganisationError(
            _("Survivor advisors start and stop advising on the advisors page, not here.")
        )
    return current


def _not_own(*, actor: User, membership: Membership) -> None:
    """An admin cannot lock themselves out: another admin changes or ends their role."""
    if membership.user_id == actor.pk:
        raise OrganisationError(
            _(
                "You cannot change or end your own role, so that nobody locks themselves out. "
                "Another administrator can do it."
            )
        )


def _keep_an_admin(*, organisation: Organisation, leaving: Membership) -> None:
    if not (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .exclude(pk=leaving.pk)
        .exists()
    ):
        raise OrganisationError(
            _(
                "%(organisation)s must keep at least one administrator. Make someone else an "
                "administrator first."
            )
            % {"organisation": organisation.name}
        )


@transaction.atomic
def membership_role_change(*, actor: User, membership: Membership, role: str) -> Membership:
    """Give a member another role. Never the organisation's last admin, never the actor's own
    role; races are settled by the organisation's lock."""
    if role not in ASSIGNABLE_ROLES:
        raise OrganisationError(_("Choose one of the roles offered."))
    current = _member_for_change(actor=actor, membership=membership)
    if current.role == role:
        return current
    if current.role == Role.ADMIN:
        _keep_an_admin(organisation=current.organisation, leaving=current)
    _not_own(actor=actor, membership=current)
    previous = current.role
    current.role = role
    current.save(update_fields=["role"])
    audit_record(
        actor=actor, verb="membership.role_change", target=current, role=role, previous=previous
    )
    return current


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """End a member's membership (their account stays, with any other organisations)."""
    current = _member_for_change(actor=actor, membership=membership)
    if current.role == Role.ADMIN:
        _keep_an_admin(organisation=current.organisation, leaving=current)
    _not_own(actor=actor, membership=current)
    membership_end(actor=actor, membership=current)


@transaction.atomic
def member_invitation_revoke(*, actor: User, invitation: MemberInvitation) -> None:
    """Cancel a joining link nobody has used: from now on it opens nothing."""
    if not can_manage_members(actor, invitation.organisation):
        raise PermissionDenied
    cancelled = MemberInvitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not cancelled:
        raise OrganisationError(_("This link was already used or cancelled."))
    audit_record(actor=actor, verb="member_invitation.revoke", target=invitation)


# --- An organisation's settings ---------------------------------------------------------------

# The settings an admin changes, in the order the page and its history show them. The audit row
# keeps the new value of each changed one except the name (free text stays out of the log).
SETTINGS_LABELS = {
    "name": gettext_lazy("Name"),
    "kind": gettext_lazy("Kind of organisation"),
    "country": gettext_lazy("Country"),
    "default_currency": gettext_lazy("Currency"),
    "languages": gettext_lazy("Languages the organisation works in"),
    "min_lead_days": gettext_lazy("Minimum lead time, in days"),
    "response_days": gettext_lazy("Response target, in days"),
    "pay_within_days": gettext_lazy("Days to pay"),
    "fair_rate_floor": gettext_lazy("Fair-pay floor per hour"),
    "fair_rate_floor_currency": gettext_lazy("Currency of the fair-pay floor"),
    "consultant_rate": gettext_lazy("Rate for other consultants per hour"),
    "consultant_rate_currency": gettext_lazy("Currency of the rate for other consultants"),
    "publishes_outcomes": gettext_lazy("Publishes a “you said, we did” page"),
}
SETTINGS_FIELDS = tuple(SETTINGS_LABELS)


def _rate_problems(
    *, field: str, amount: Decimal | None, currency: str, country: str | None = None
) -> dict[str, str]:
    """An optional rate per hour and its currency: both or neither, a sensible amount."""
    currency_field = f"{field}_currency"
    if amount is None and not currency:
        return {}
    if amount is None:
        return {field: _("Enter the amount for this currency, or clear the currency.")}
    if not currency:
        return {currency_field: _("Choose the currency of this amount.")}
    if problem := currency_problem(currency):
        return {currency_field: problem}
    if problem := money_problem(amount, currency):
        return {field: problem}
    if amount <= 0:
        return {field: _("Enter an amount above zero, or leave it empty.")}
    if country == "":
        return {"country": _("Choose the country this fair-pay floor is for.")}
    return {}


def _settings_problems(
    *,
    kind: str,
    country: str,
    default_currency: str,
    languages: list[str],
    min_lead_days: int,
    response_days: int,
    pay_within_days: int,
) -> dict[str, str]:
    problems: dict[str, str | None] = {
        "kind": None if kind in OrganisationKind.values else _("Choose one of the kinds offered."),
        "country": None
        if country == "" or country in COUNTRY_CODES
        else _("Choose a country from the list."),
        "default_currency": currency_problem(default_currency),
        "languages": None
        if languages and set(languages) <= set(dict(settings.LANGUAGES))
        else _("Choose at least one of the languages offered."),
        "min_lead_days": days_problem(min_lead_days, low=LEAD_DAYS_MIN, high=LEAD_DAYS_MAX),
        "response_days": days_problem(response_days, low=RESPONSE_DAYS_MIN, high=RESPONSE_DAYS_MAX),
        "pay_within_days": days_problem(
            pay_within_days, low=PAY_WITHIN_DAYS_MIN, high=PAY_WITHIN_DAYS_MAX
        ),
    }
    return {field: problem for field, problem in problems.items() if problem}


class SettingsRefused(OrganisationError):
    """Settings that cannot be saved; ``problems`` says why, field by field. Nothing was saved."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@transaction.atomic
def organisation_settings_change(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str,
    country: str,
    default_currency: str,
    languages: list[str],
    min_lead_days: int,
    response_days: int,
    pay_within_days: int,
    fair_rate_floor: Decimal | None = None,
    fair_rate_floor_currency: str = "",
    consultant_rate: Decimal | None = None,
    consultant_rate_currency: str = "",
    publishes_outcomes: bool | None = None,
) -> list[str]:
    """Save an organisation's settings, all or none, with one audit row naming what changed.
    Returns the names of the changed fields (empty: nothing changed, nothing written).

    ``fair_rate_floor`` (per hour, in ``fair_rate_floor_currency``) replaces the quality check's
    default floor for the organisation's country in that currency; ``consultant_rate`` is what it
    pays other consultants an hour (pay parity). Each is optional, but an amount needs its
    currency and a floor needs a country."""
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    _lock_organisation(organisation)
    _admin_check_fresh(actor=actor, organisation=organisation)
    try:
        name = organisation_name_clean(name)
    except OrganisationError as error:
        name_problem: dict[str, str] = {"name": str(error)}
    else:
        name_problem = (
            {"name": _name_unusable_message()} if _name_taken(name, other_than=organisation) else {}
        )
    problems = name_problem | _settings_problems(
        kind=kind,
        country=country,
        default_currency=default_currency,
        languages=languages,
        min_lead_days=min_lead_days,
        response_days=response_days,
        pay_within_days=pay_within_days,
    )
    problems |= _rate_problems(
        field="fair_rate_floor",
        amount=fair_rate_floor,
        currency=fair_rate_floor_currency,
        country=country,
    )
    problems |= _rate_problems(
        field="consultant_rate", amount=consultant_rate, currency=consultant_rate_currency
    )
    if problems:
        raise SettingsRefused(problems)
    current = Organisation.objects.get(pk=organisation.pk)
    wanted: dict[str, object] = {
        "name": name,
        "kind": kind,
        "country": country,
        "default_currency": default_currency,
        # In the site's order, so that the same choice is always stored the same way.
        "languages": ",".join(code for code, _n in settings.LANGUAGES if code in languages),
        "min_lead_days": min_lead_days,
        "response_days": response_days,
        "pay_within_days": pay_within_days,
        "fair_rate_floor": fair_rate_floor,
        "fair_rate_floor_currency": fair_rate_floor_currency,
        "consultant_rate": consultant_rate,
        "consultant_rate_currency": consultant_rate_currency,
        # None: left as it is (callers that do not show the choice).
        "publishes_outcomes": current.publishes_outcomes
        if publishes_outcomes is None
        else publishes_outcomes,
    }
    changed = [field for field in SETTINGS_FIELDS if getattr(current, field) != wanted[field]]
    if not changed:
        return []
    for field in changed:
        setattr(current, field, wanted[field])
    try:
        with transaction.atomic():
            current.save(update_fields=changed)
    except IntegrityError:
        # Another organisation took the name a moment ago.
        raise SettingsRefused({"name": _name_unusable_message()}) from None
    audit_record(
        actor=actor,
        verb="organisation.settings_change",
        target=current,
        fields=changed,
        # Amounts as text: the log is JSON, and a Decimal must not become a float.
        values={
            field: str(wanted[field]) if isinstance(wanted[field], Decimal) else wanted[field]
            for field in changed
            if field != "name"
        },
    )
    for field in changed:
        setattr(organisation, field, wanted[field])
    return changed
