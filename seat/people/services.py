from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Organisation, User
from seat.accounts.services import user_create, user_language_set
from seat.core.onetime import code_new
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.enums import CONSENT_TEXT_VERSION, ConsentChannel
from seat.people.models import (
    ConsentRecord,
    ExpertIdentity,
    ExpertLink,
    ExpertProfile,
    JoinCode,
    ResetCode,
)
from seat.people.rules import (
    can_bring_experts,
    can_read_identity,
    is_self,
    keeps_her_profile,
    resets_her_password,
)

# How long a code may wait to be used. A joining code is often handed over on paper at a
# meeting and used days later; a reset code is asked for when it is needed.
JOIN_CODE_DAYS = 14
RESET_CODE_DAYS = 3


@transaction.atomic
def expert_create(
    *,
    user: User | None,
    pseudonym: str,
    languages: str = "",
    expertise: str = "",
    represented_by: Organisation | None = None,
    identity: dict[str, str] | None = None,
) -> ExpertProfile:
    expert = ExpertProfile.objects.create(
        user=user,
        pseudonym=pseudonym,
        languages=languages,
        expertise=expertise,
        represented_by=represented_by,
    )
    ExpertIdentity.objects.create(profile=expert, **(identity or {}))
    audit_record(actor=user, verb="expert.create", target=expert)
    return expert


# Channels where a facilitator heard the person say it: the facilitator is the witness.
WITNESSED_CHANNELS = frozenset({ConsentChannel.VERBAL, ConsentChannel.PHONE})


def _consent_record(
    *,
    actor: Any,
    expert: ExpertProfile,
    purpose: str,
    given: bool,
    channel: str,
    language: str = "",
    given_at: datetime.datetime | None = None,
) -> ConsentRecord:
    """``language`` is the language the wording was read aloud in, and ``given_at`` when she said
    it, for consent a facilitator heard (it may be written down after the session)."""
    witnessed = channel in WITNESSED_CHANNELS
    record = ConsentRecord.objects.create(
        expert=expert,
        purpose=purpose,
        given=given,
        text_version=CONSENT_TEXT_VERSION,
        channel=channel,
        witness=actor if witnessed else None,
        language=language if witnessed else "",
        given_at=given_at or timezone.now(),
    )
    audit_record(
        actor=actor,
        verb="consent.grant" if given else "consent.withdraw",
        target=expert,
        purpose=purpose,
        channel=channel,
    )
    return record


@transaction.atomic
def consent_grant(
    *,
    actor: Any,
    expert: ExpertProfile,
    purpose: str,
    channel: str = ConsentChannel.WEB,
    language: str = "",
    given_at: datetime.datetime | None = None,
) -> ConsentRecord:
    return _consent_record(
        actor=actor,
        expert=expert,
        purpose=purpose,
        given=True,
        channel=channel,
        language=language,
        given_at=given_at,
    )


@transaction.atomic
def consent_withdraw(
    *,
    actor: Any,
    expert: ExpertProfile,
    purpose: str,
    channel: str = ConsentChannel.WEB,
    language: str = "",
    given_at: datetime.datetime | None = None,
) -> ConsentRecord:
    return _consent_record(
        actor=actor,
        expert=expert,
        purpose=purpose,
        given=False,
        channel=channel,
        language=language,
        given_at=given_at,
    )


@transaction.atomic
def identity_read(
    *, actor: Any, expert: ExpertProfile, purpose: str = "", organisation_id: Any = None
) -> ExpertIdentity:
    """The one way to read identifying data: checks the reader, then logs the read.

    ``purpose`` says why, when it is not the person looking at her own page (for example
    ``notification``: Seat reading her address to send her the message she asked for).
    ``organisation_id`` names the organisation the reader reads for, so that her page "Who read
    your private details" can say it."""
    if not can_read_identity(actor, expert, purpose):
        raise PermissionDenied
    identity, _created = ExpertIdentity.objects.get_or_create(profile=expert)
    audit_record(
        actor=actor,
        verb="identity.read",
        target=expert,
        **({"purpose": purpose} if purpose else {}),
        **({"organisation": str(organisation_id)} if organisation_id else {}),
    )
    return identity


@transaction.atomic
def identity_update(*, actor: Any, expert: ExpertProfile, **fields: str) -> ExpertIdentity:
    """She changes her private details. The organisation that keeps her profile writes (never
    reads) one thing there: the number she proved she holds for text messages (``sms``)."""
    writes_her_number = set(fields) == {"phone"} and keeps_her_profile(actor, expert)
    if not (can_read_identity(actor, expert) or writes_her_number):
        raise PermissionDenied
    identity, _created = ExpertIdentity.objects.get_or_create(profile=expert)
    for name, value in fields.items():
        setattr(identity, name, value)
    identity.save()
    audit_record(actor=actor, verb="identity.update", target=expert, fields=sorted(fields))
    return identity


# Joining, other organisations, password resets -------------------------------------------


class CodeError(Exception):
    """A code cannot be used (unknown, used, withdrawn or expired). The message says so plainly
    and never tells whether an account or a username exists."""


class JoinError(Exception):
    """Something she chose cannot be used; ``field`` names the form field it belongs to."""

    def __init__(self, message: str | list[str], *, field: str | None = None) -> None:
        super().__init__(message)
        self.messages = [message] if isinstance(message, str) else list(message)
        self.field = field


def code_error_message() -> str:
    return _(
        "This code cannot be used. It may be mistyped, already used, or too old. Check it, "
        "or ask the organisation that gave it to you for a new one."
    )


def not_linked_message() -> str:
    return _(
        "This person does not work with your organisation yet. Give them a joining code first "
        "(Experts and joining codes)."
    )


def _live(queryset: Any) -> Any:
    return queryset.filter(used_at__isnull=True, expires_at__gt=timezone.now())


# Words for usernames Seat suggests: short, common, and saying nothing about the person.
_USERNAME_WORDS = (
    "river", "lotus", "moon", "star", "rain", "hill", "leaf", "cloud", "sea", "bird",
    "lake", "sun", "tree", "rose", "wind", "stone",
)  # fmt: skip


def username_suggest() -> str:
    """A free username made of an everyday word and four digits (``river-4821``)."""
    while True:
        word = secrets.choice(_USERNAME_WORDS)
        candidate = f"{word}-{secrets.randbelow(9000) + 1000}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


@transaction.atomic
def join_code_create(
    *, actor: User, organisation: Organisation, form_key: uuid.UUID | None = None
) -> tuple[JoinCode, str]:
    """A new joining code for the organisation: the stored row and the code to show once.

    The same form arriving again (``form_key``) withdraws the code it made the first time, so a
    double tap leaves one live code, the one on the screen."""
    if not can_bring_experts(actor, organisation):
        raise PermissionDenied
    if form_key is not None:
        for earlier in _live(
            JoinCode.objects.filter(created_by=actor, form_key=form_key, withdrawn_at__isnull=True)
        ):
            join_code_withdraw(actor=actor, code=earlier)
    shown, digest = code_new()
    code = JoinCode.objects.create(
        organisation=organisation,
        created_by=actor,
        code_digest=digest,
        expires_at=timezone.now() + datetime.timedelta(days=JOIN_CODE_DAYS),
        form_key=form_key,
    )
    audit_record(
        actor=actor, verb="join_code.create", target=code, organisation=str(organisation.pk)
    )
    return code, shown


@transaction.atomic
def join_code_withdraw(*, actor: User, code: JoinCode) -> None:
    if not can_bring_experts(actor, code.organisation):
        raise PermissionDenied
    withdrawn = JoinCode.objects.filter(
        pk=code.pk, used_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), expires_at=timezone.now())
    if withdrawn:
        audit_record(actor=actor, verb="join_code.withdraw", target=code)


def _join_code_claim(*, digest: str) -> JoinCode:
    """Use up a live joining code, or raise CodeError. The conditional UPDATE lets exactly one
    of two people racing with the same code win."""
    claimed = _live(JoinCode.objects.filter(code_digest=digest)).update(used_at=timezone.now())
    if not claimed:
        raise CodeError(code_error_message())
    return JoinCode.objects.select_related("organisation").get(code_digest=digest)


def _password_check(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise JoinError(error.messages, field="password1") from error


@transaction.atomic
def expert_join(
    *, digest: str, pseudonym: str, username: str, password: str, language: str = ""
) -> ExpertProfile:
    """A new expert account from a joining code: a login (username and password, no e-mail or
    phone), a profile under her chosen name, and her link to the organisation that invited her.

    All or nothing: any refusal (code, username, chosen name, password) leaves nothing saved and
    the code unused."""
    pseudonym = pseudonym.strip()
    username = username.strip().lower()
    _password_check(password, User(username=username, display_name=pseudonym))
    code = _join_code_claim(digest=digest)
    organisation = code.organisation
    if User.objects.filter(username__iexact=username).exists():
        raise JoinError(_("This username is taken. Please choose another."), field="username")
    if ExpertLink.objects.filter(
        organisation=organisation, expert__pseudonym__iexact=pseudonym
    ).exists():
        raise JoinError(
            _(
                "Someone who works with this organisation already uses this name. Please "
                "choose another, for example with a letter or number after it."
            ),
            field="pseudonym",
        )
    try:
        with transaction.atomic():
            user = user_create(username=username, password=password)
    except IntegrityError as error:  # the same username, chosen a moment ago by someone else
        raise JoinError(
            _("This username is taken. Please choose another."), field="username"
        ) from error
    if language:
        user_language_set(user=user, language=language)
    expert = expert_create(
        user=user,
        pseudonym=pseudonym,
        languages=language,
        # A survivor-led organisation's code makes her one of its members.
        represented_by=organisation if organisation.is_survivor_led else None,
    )
    ExpertLink.objects.create(expert=expert, organisation=organisation, join_code=code)
    audit_record(actor=user, verb="expert.join", target=expert, organisation=str(organisation.pk))
    return expert


@transaction.atomic
def expert_sms_account_create(*, actor: User, expert: ExpertProfile, language: str) -> User:
    """An account for text messages only, for a member whose profile her organisation keeps:
    made as an expert's account is (``expert_join``), but with no usable password and a
    username nobody chose, so that nobody can log in to it. Invitations, her answers and
    everything told to her then go through it by text message (``sms``), while the
    organisation keeps her profile as before (``ExpertProfile.kept``). The caller does this in
    the transaction that enrols her number, once she has proved she holds it."""
    expert = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    if not keeps_her_profile(actor, expert) or expert.user_id is not None:
        raise PermissionDenied
    user = user_create(username=f"sms-{uuid.uuid4().hex}", password=None)
    if language:
        user_language_set(user=user, language=language)
    expert.user, expert.sms_only = user, True
    expert.save(update_fields=["user", "sms_only"])
    audit_record(
        actor=actor,
        verb="expert.sms_account",
        target=expert,
        organisation=str(expert.represented_by_id),
    )
    return user


def join_already_done(*, digest: str, username: str, password: str) -> User | None:
    """The account this very code and these very details made a moment ago, if they did: the
    same form sent twice (a double tap, a retry on a slow line) lands her in her account
    instead of telling her the code is used. Only the one account the code made can match."""
    link = (
        ExpertLink.objects.filter(join_code__code_digest=digest)
        .select_related("expert__user")
        .first()
    )
    user = link.expert.user if link is not None else None
    if (
        user is not None
        and user.is_active
        and user.username.lower() == username.strip().lower()
        and user.check_password(password)
    ):
        return user
    return None


@transaction.atomic
def expert_link_add(*, actor: User, expert: ExpertProfile, digest: str) -> ExpertLink:
    """She adds another organisation to her account with the joining code it gave her. An
    organisation she already works with is refused without using the code up."""
    if not is_self(actor, expert):
        raise PermissionDenied
    code = _live(JoinCode.objects.filter(code_digest=digest)).select_related("organisation").first()
    if code is None:
        raise CodeError(code_error_message())
    if ExpertLink.objects.filter(expert=expert, organisation=code.organisation).exists():
        raise JoinError(
            _("You already work with %(org)s. Nothing has changed.")
            % {"org": code.organisation.name}
        )
    code = _join_code_claim(digest=digest)
    link = ExpertLink.objects.create(expert=expert, organisation=code.organisation, join_code=code)
    audit_record(
        actor=actor, verb="expert.link", target=expert, organisation=str(code.organisation.pk)
    )
    return link


@transaction.atomic
def expert_link_record(
    *, actor: User | None, expert: ExpertProfile, organisation: Organisation
) -> ExpertLink:
    """Link an expert to an organisation without a code: for operators and the demo, which set
    up people who have agreed in person. The product's own way is a joining code."""
    link, created = ExpertLink.objects.get_or_create(expert=expert, organisation=organisation)
    if created:
        audit_record(
            actor=actor, verb="expert.link", target=expert, organisation=str(organisation.pk)
        )
    return link


@transaction.atomic
def reset_code_create(
    *, actor: User, organisation: Organisation, expert: ExpertProfile
) -> tuple[ResetCode, str]:
    """A password reset code for an expert who works with the organisation. Older codes the
    organisation made for her stop working. Staff never see or set her password."""
    # A profile the organisation keeps has no login to reset (an account for text messages only
    # must never get a password this way).
    if not can_bring_experts(actor, organisation) or expert.user_id is None or expert.kept:
        raise PermissionDenied
    if not ExpertLink.objects.filter(expert=expert, organisation=organisation).exists():
        raise PermissionDenied
    if not resets_her_password(organisation, expert):
        raise PermissionDenied
    _live(ResetCode.objects.filter(expert=expert, organisation=organisation)).update(
        expires_at=timezone.now()
    )
    shown, digest = code_new()
    code = ResetCode.objects.create(
        expert=expert,
        organisation=organisation,
        created_by=actor,
        code_digest=digest,
        expires_at=timezone.now() + datetime.timedelta(days=RESET_CODE_DAYS),
    )
    audit_record(
        actor=actor, verb="reset_code.create", target=expert, organisation=str(organisation.pk)
    )
    return code, shown


@transaction.atomic
def password_reset_with_code(*, username: str, digest: str, password: str) -> User:
    """She chooses a new password with her username and a reset code. The code must have been
    made for this very account; anything else is the same CodeError, so nobody learns whether a
    username exists. Changing the password ends every session she had (Django checks each
    session against the password)."""
    matches = list(User.objects.filter(username__iexact=username.strip(), is_active=True)[:2])
    user = matches[0] if len(matches) == 1 else None
    claimed = (
        _live(ResetCode.objects.filter(code_digest=digest, expert__user=user)).update(
            used_at=timezone.now()
        )
        if user is not None
        else 0
    )
    if user is None or not claimed:
        raise CodeError(code_error_message())
    _password_check(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    code = ResetCode.objects.select_related("organisation").get(code_digest=digest)
    audit_record(
        actor=user, verb="password.reset", target=user, organisation=str(code.organisation_id)
    )
    # Whoever typed the code, the message reaches her own e-mail or phone if she chose one.
    notify(
        event=Event.PASSWORD_RESET,
        recipients=[user],
        key=f"password.reset:{code.pk}",
        context={"organisation": code.organisation.name},
    )
    return user


@transaction.atomic
def expert_preferences_set(
    *, actor: Any, expert: ExpertProfile, meeting_preference: str, pay_preference: str
) -> ExpertProfile:
    """She says how she prefers to take part and to be paid; her organisations read it. Only
    she changes her own (a profile a collective keeps for someone without a device is changed
    through ``partners.members.member_profile_update``)."""
    from seat.core.money import PayMethod
    from seat.people.enums import MeetingPreference

    if not is_self(actor, expert):
        raise PermissionDenied
    if meeting_preference not in {"", *MeetingPreference.values}:
        raise ValueError(meeting_preference)
    if pay_preference not in {"", *PayMethod.values}:
        raise ValueError(pay_preference)
    changed = [
        name
        for name, value in (
            ("meeting_preference", meeting_preference),
            ("pay_preference", pay_preference),
        )
        if getattr(expert, name) != value
    ]
    if changed:
        expert.meeting_preference = meeting_preference
        expert.pay_preference = pay_preference
        expert.save(update_fields=changed)
        audit_record(actor=actor, verb="expert.preferences", target=expert, fields=changed)
    return expert
