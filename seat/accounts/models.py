from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seat.accounts.enums import OrganisationKind, Role, SecurityNoticeKind
from seat.core.bounds import (
    LEAD_DAYS_DEFAULT,
    LEAD_DAYS_MAX,
    LEAD_DAYS_MIN,
    PAY_WITHIN_DAYS_DEFAULT,
    PAY_WITHIN_DAYS_MAX,
    PAY_WITHIN_DAYS_MIN,
    RESPONSE_DAYS_DEFAULT,
    RESPONSE_DAYS_MAX,
    RESPONSE_DAYS_MIN,
)
from seat.core.models import PublicModel
from seat.core.privacy.crypto import EncryptedTextField


class SeatUserManager(UserManager["User"]):
    def _create_user_object(self, username, email, password, **extra_fields):  # type: ignore[no-untyped-def, override]
        # Seat keeps no e-mail on the account: contact details live encrypted in people.
        user = self.model(username=self.model.normalize_username(username), **extra_fields)
        user.password = ""
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A login. It holds no real name or contact details: a username and a display name only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(
        _("username"), max_length=150, unique=True, validators=[UnicodeUsernameValidator()]
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    is_staff = models.BooleanField(
        _("can use the Django admin"),
        default=False,
        help_text=_("For the people who run this Seat installation, not for organisation staff."),
    )
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[misc]
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The language the person last chose, so every device shows it after login. Empty: none chosen.
    language = models.CharField(_("language"), max_length=12, blank=True, default="")

    objects = SeatUserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


def default_pay_within_days() -> int:
    """What a new organisation's "days to pay" starts at: the installation's setting."""
    from django.conf import settings

    return int(settings.SEAT_DEFAULT_PAY_DAYS)


def default_languages() -> str:
    from django.conf import settings

    return str(settings.LANGUAGE_CODE)


class Organisation(PublicModel):
    """An organisation, and the settings its admins keep (accounts.services.organisation_settings_
    change): each one is read somewhere, listed in the README's "Running an organisation"."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    # ISO 3166-1 alpha-2 (seat.core.countries). Empty until an admin chooses one.
    country = models.CharField(_("country code"), max_length=2, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, default="USD")
    # The site's languages (settings.LANGUAGES) the organisation works in, comma-separated.
    languages = models.CharField(
        _("languages the organisation works in"),
        max_length=100,
        default=default_languages,
        # Rows written by code that predates the field (older migrations' models) get these.
        db_default="en",
    )
    # Days between invitations going out and the last day that the organisation holds itself to.
    min_lead_days = models.PositiveSmallIntegerField(
        _("minimum lead time in days"), default=LEAD_DAYS_DEFAULT, db_default=LEAD_DAYS_DEFAULT
    )
    # A response to each contribution is due this many days after the consultation's last day.
    response_days = models.PositiveSmallIntegerField(
        _("response target in days"),
        default=RESPONSE_DAYS_DEFAULT,
        db_default=RESPONSE_DAYS_DEFAULT,
    )
    # What a new consultation's pay_within_days starts at.
    pay_within_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=default_pay_within_days, db_default=PAY_WITHIN_DAYS_DEFAULT
    )
    # The quality check's fair-rate floor for the organisation's country in this currency, per
    # hour: used instead of the sourced default (consultations/data/fair_rates.toml). Empty: the
    # default applies.
    fair_rate_floor = models.DecimalField(
        _("fair-pay floor per hour"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fair_rate_floor_currency = models.CharField(
        _("currency of the fair-pay floor"), max_length=3, blank=True, default="", db_default=""
    )
    # What the organisation pays other consultants an hour: the quality check's pay parity.
    consultant_rate = models.DecimalField(
        _("rate for other consultants per hour"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    consultant_rate_currency = models.CharField(
        _("currency of the rate for other consultants"),
        max_length=3,
        blank=True,
        default="",
        db_default="",
    )
    # Opted in by an admin: a public "you said, we did" page shows, per consultation with a
    # sent outcome report, counts only (small ones suppressed) and the staff-written reports.
    publishes_outcomes = models.BooleanField(
        _("publish a “you said, we did” page"), default=False, db_default=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # Two organisations of the same name would be told apart by nobody: not by the
            # person choosing one, nor by a new colleague reading an invitation.
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    min_lead_days__gte=LEAD_DAYS_MIN,
                    min_lead_days__lte=LEAD_DAYS_MAX,
                    response_days__gte=RESPONSE_DAYS_MIN,
                    response_days__lte=RESPONSE_DAYS_MAX,
                    pay_within_days__gte=PAY_WITHIN_DAYS_MIN,
                    pay_within_days__lte=PAY_WITHIN_DAYS_MAX,
                ),
                name="organisation_days_in_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_survivor_led(self) -> bool:
        return self.kind in {OrganisationKind.SURVIVOR_LED, OrganisationKind.COLLECTIVE}

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class Membership(PublicModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class MemberInvitation(PublicModel):
    """A one-time link that makes someone a member of an organisation (seat.core.onetime).

    Only the code's digest is kept. Made by an organisation's admin for a new colleague, who
    picks a username and password or accepts with the account they have (told in their inbox
    when the admin gave its username: ``addressed_to``); or by the operator for
    an account made without a password (``for_user``: an organisation's first admin), whose
    owner chooses the password with it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    code_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    for_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # An account the admin named by its username: its owner is told in their inbox and may
    # accept there, without the code (accounts:invitation-addressed). Anyone holding the code
    # can still use it, as with every link.
    addressed_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The account it was addressed to said no (accounts:invitation-decline): from then on it
    # opens nothing, and the admins see it declined on the members page.
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()} · {self.created_at:%Y-%m-%d}"


class SecurityNotice(PublicModel):
    """Something about the safety of an account that its owner must hear of, even if someone
    else did it: shown on every page they open until they dismiss it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="security_notices")
    kind = models.CharField(_("kind"), max_length=20, choices=SecurityNoticeKind.choices)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("security notice")
        verbose_name_plural = _("security notices")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"


class FormDraft(PublicModel):
    """What a colleague had typed into a staff form when they used the quick exit.

    Offered back after their next login, until they use or discard it, for DRAFT_DAYS at most.
    Survivor pages never make one: nothing a survivor types outlives the quick exit.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="form_drafts")
    # The page's path (opaque ids only) and which of its forms.
    path = models.CharField(_("page"), max_length=300)
    form = models.CharField(_("form"), max_length=40)
    # JSON list of [field name, value] pairs, encrypted at rest: a draft may hold anything.
    fields = EncryptedTextField(_("fields"))

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "path", "form"], name="one_draft_per_form")
        ]
        verbose_name = _("form draft")
        verbose_name_plural = _("form drafts")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.form}"


class UserSession(PublicModel):
    """One signed-in session of a person, so they can see where they are signed in and end it
    (seat.accounts.sessions). ``created_at`` is when it started.

    The session key is a bearer secret: only its keyed digest is stored in the clear, to find
    the row of the session in hand, and the key itself encrypted, to end the session in the
    session store. No address and no full User-Agent: a coarse browser and system only.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    key_digest = models.CharField(max_length=64, unique=True)
    key = EncryptedTextField()
    # Coarse names ("Firefox", "Android"), never translated: seat.accounts.sessions.
    browser = models.CharField(max_length=30, blank=True)
    system = models.CharField(max_length=30, blank=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.browser} {self.system}"
