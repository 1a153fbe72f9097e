"""A survivor-led organisation's members, as its facilitators know them: by chosen name, with
their languages and preferences, and consent they said aloud.

Reads (``members_of``, ``member_get_for_user``, ...) and writes (``member_profile_create``,
``member_profile_update``, ``member_consent_record``) for the facilitator's workspace. Other
parts of the workspace (requests, captures) list members through ``members_of``.

A member may have her own account, or none: the collective then keeps her profile for her (a
member with no phone, or a basic phone without internet: once the facilitator has enrolled her
number, she gets an account for text messages only, and the profile is still kept, see
``ExpertProfile.kept``). Her preferences are hers when she has her own account: only she changes
them (``people.services.expert_preferences_set``); the collective changes those of profiles it
keeps.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from seat.accounts.models import Organisation, User
from seat.accounts.rules import is_member
from seat.core.languages import LANGUAGE_NAMES
from seat.core.privacy.audit import audit_record
from seat.partners.selectors import partner_members, partner_organisations_for_user
from seat.people import services as people_services
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ConsentRecord, ExpertLink, ExpertProfile
from seat.people.rules import can_act_for_members
from seat.people.selectors import consent_ledgers


class MemberError(Exception):
    """A member's profile or consent cannot be saved as asked; the message is safe to show and
    ``field`` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# How many members one page of the list shows: a page must fit one round trip on a slow link.
MEMBERS_PER_PAGE = 50


# Reads -------------------------------------------------------------------------------------


# Each purpose in a word or two, for lists where the whole wording does not fit.
SHORT_PURPOSES: dict[str, Any] = {
    ConsentPurpose.PARTICIPATE: pgettext_lazy("consent, short", "take part"),
    ConsentPurpose.QUOTE_ANONYMOUSLY: pgettext_lazy("consent, short", "quote without a name"),
    ConsentPurpose.QUOTE_PSEUDONYM: pgettext_lazy("consent, short", "quote by chosen name"),
    ConsentPurpose.MEDIA: pgettext_lazy("consent, short", "media"),
    ConsentPurpose.RESEARCH: pgettext_lazy("consent, short", "research"),
}


@dataclass(frozen=True)
class Member:
    """One member as her organisation's facilitators see her. ``consent`` maps each purpose to
    True (given), False (withdrawn) or None (never asked), from the latest record."""

    profile: ExpertProfile
    organisation: Organisation
    consent: dict[str, bool | None]

    @property
    def pk(self) -> Any:
        return self.profile.pk

    @property
    def pseudonym(self) -> str:
        return self.profile.pseudonym

    @property
    def has_account(self) -> bool:
        """She has her own login (an account for text messages only is not one)."""
        return not self.profile.kept

    @property
    def texts_only(self) -> bool:
        """She has no login but does get text messages: saying "no device" would hide that her
        phone now hears from Seat."""
        return self.profile.sms_only

    @property
    def kept_by_organisation(self) -> bool:
        """The organisation keeps this profile for her (she has no login: no account, or one
        for text messages only), so its facilitators change her details and preferences."""
        return self.profile.kept and self.profile.represented_by_id == self.organisation.pk

    @property
    def language_codes(self) -> list[str]:
        return self.profile.language_codes

    @property
    def language_names(self) -> list[tuple[str | None, str]]:
        return self.profile.language_names

    @property
    def meeting_preference(self) -> str:
        return self.profile.meeting_preference

    @property
    def pay_preference(self) -> str:
        return self.profile.pay_preference

    @property
    def given(self) -> list[str]:
        """Purposes she has agreed to now."""
        return [p for p, state in self.consent.items() if state is True]

    @property
    def withdrawn(self) -> list[str]:
        return [p for p, state in self.consent.items() if state is False]

    @property
    def given_labels(self) -> list[str]:
        return [str(SHORT_PURPOSES[p]) for p in self.given]

    @property
    def withdrawn_labels(self) -> list[str]:
        return [str(SHORT_PURPOSES[p]) for p in self.withdrawn]

    def consent_is_given(self, purpose: str) -> bool:
        return self.consent.get(purpose) is True


def _current_members(organisation: Organisation) -> Any:
    return partner_members(partner=organisation)


def members_of(
    *, organisation: Organisation, start: int = 0, stop: int | None = None
) -> list[Member]:
    """The organisation's members by chosen name (``start:stop`` of them, or all), with
    languages, preferences and consent now, in two queries whatever their number. Never
    anything of their other organisations."""
    ordered = _current_members(organisation).order_by("pseudonym", "created_at")
    profiles = list(ordered[start:stop])
    ledgers = consent_ledgers(expert_ids=[p.pk for p in profiles])
    return [Member(p, organisation, ledgers[p.pk]) for p in profiles]


def members_count(*, organisation: Organisation) -> int:
    return int(_current_members(organisation).count())


def organisations_acting_for_members(*, user: Any) -> list[Organisation]:
    """Survivor-led organisations and collectives for which the user acts for members."""
    return partner_organisations_for_user(user=user)


def organisation_for_members(*, user: Any, organisation_id: Any = None) -> Organisation:
    """The organisation whose members the user works with: the one asked for (404 when the user
    is not in it, 403 for a role that may not), or the first of theirs (403 when none)."""
    if organisation_id:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None or not is_member(user, organisation):
            raise Http404
        if not can_act_for_members(user, organisation):
            raise PermissionDenied
        return organisation
    organisations = organisations_acting_for_members(user=user)
    if not organisations:
        raise PermissionDenied
    return organisations[0]


def member_get_for_user(*, user: Any, expert_id: Any) -> Member:
    """One member of an organisation the user acts for. Someone who works with none of the
    user's organisations does not exist from here (404); a role that does not act for members
    gets 403."""
    links = list(
        ExpertLink.objects.filter(expert_id=expert_id)
        .filter(Q(expert__user__isnull=True) | Q(expert__user__is_active=True))
        .select_related("expert", "organisation")
        .order_by("created_at")
    )
    links = [link for link in links if is_member(user, link.organisation)]
    if not links:
        raise Http404
    acting = [link for link in links if can_act_for_members(user, link.organisation)]
    if not acting:
        raise PermissionDenied
    # The organisation that keeps her profile first, when she has several links.
    acting.sort(key=lambda link: link.organisation_id != link.expert.represented_by_id)
    link = acting[0]
    ledgers = consent_ledgers(expert_ids=[link.expert.pk])
    return Member(link.expert, link.organisation, ledgers[link.expert.pk])


# The consent page shows this many of her latest records (a page must fit one round trip).
HISTORY_SHOWN = 50


def consent_history(*, expert: ExpertProfile, limit: int = HISTORY_SHOWN) -> list[ConsentRecord]:
    """Her latest consent records, newest first, with who witnessed each."""
    return list(
        ConsentRecord.objects.filter(expert=expert)
        .select_related("witness")
        .order_by("-created_at", "purpose")[:limit]
    )


def _name_key(name: str) -> str:
    """A chosen name as compared for sameness: Unicode-normalised, case-folded (Á and á, ß and
    ss), spaces collapsed. The database's own case-insensitive match folds ASCII only on
    SQLite, so names are compared here."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _pseudonym_taken(
    *, organisation: Organisation, pseudonym: str, exclude: ExpertProfile | None = None
) -> bool:
    names = ExpertLink.objects.filter(organisation=organisation)
    if exclude is not None:
        names = names.exclude(expert=exclude)
    wanted = _name_key(pseudonym)
    return any(
        _name_key(name) == wanted for name in names.values_list("expert__pseudonym", flat=True)
    )


def pseudonym_taken_message() -> str:
    return _(
        "Someone in your organisation already uses this name. Please choose another, for "
        "example with a letter or number after it."
    )


# Writes ------------------------------------------------------------------------------------


def _profile_fields_check(
    *, pseudonym: str, languages: list[str], meeting_preference: str, pay_preference: str
) -> None:
    from seat.core.money import PayMethod
    from seat.people.enums import MeetingPreference

    if not pseudonym:
        raise MemberError(_("Please write the name she chose."), field="pseudonym")
    if not languages or any(code not in LANGUAGE_NAMES for code in languages):
        raise MemberError(_("Choose at least one language she speaks."), field="languages")
    if meeting_preference and meeting_preference not in MeetingPreference.values:
        raise MemberError(_("Choose how she prefers to take part."), field="meeting_preference")
    if pay_preference and pay_preference not in PayMethod.values:
        raise MemberError(_("Choose how she prefers to be paid."), field="pay_preference")


@transaction.atomic
def member_profile_create(
    *,
    actor: User,
    organisation: Organisation,
    pseudonym: str,
    languages: list[str],
    expertise: str = "",
    meeting_preference: str = "",
    pay_preference: str = "",
) -> ExpertProfile:
    """A profile the organisation keeps for a member with no device (no login): her chosen name,
    languages, areas of expertise and preferences. No legal name, phone or address. A name
    another member of the organisation uses (in any case) is refused."""
    if not can_act_for_members(actor, organisation):
        raise PermissionDenied
    pseudonym = pseudonym.strip()
    _profile_fields_check(
        pseudonym=pseudonym,
        languages=languages,
        meeting_preference=meeting_preference,
        pay_preference=pay_preference,
    )
    # One new member at a time per organisation, so two facilitators cannot both take a name.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if _pseudonym_taken(organisation=organisation, pseudonym=pseudonym):
        raise MemberError(pseudonym_taken_message(), field="pseudonym")
    expert = people_services.expert_create(
        user=None,
        pseudonym=pseudonym,
        languages=",".join(languages),
        expertise=expertise.strip(),
        represented_by=organisation,
    )
    expert.meeting_preference = meeting_preference
    expert.pay_preference = pay_preference
    expert.save(update_fields=["meeting_preference", "pay_preference"])
    people_services.expert_link_record(actor=actor, expert=expert, organisation=organisation)
    audit_record(
        actor=actor,
        verb="member_profile.create",
        target=expert,
        organisation=str(organisation.pk),
    )
    return expert


@transaction.atomic
def member_profile_update(
    *,
    actor: User,
    member: Member,
    pseudonym: str,
    languages: list[str],
    expertise: str = "",
    meeting_preference: str = "",
    pay_preference: str = "",
) -> ExpertProfile:
    """Change a profile the organisation keeps. A member with an account changes her own (her
    portal); the organisation never does."""
    organisation = member.organisation
    if not can_act_for_members(actor, organisation) or not member.kept_by_organisation:
        raise PermissionDenied
    pseudonym = pseudonym.strip()
    _profile_fields_check(
        pseudonym=pseudonym,
        languages=languages,
        meeting_preference=meeting_preference,
        pay_preference=pay_preference,
    )
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    expert = ExpertProfile.objects.select_for_update().get(pk=member.pk)
    if _pseudonym_taken(organisation=organisation, pseudonym=pseudonym, exclude=expert):
        raise MemberError(pseudonym_taken_message(), field="pseudonym")
    changes = {
        "pseudonym": pseudonym,
        "languages": ",".join(languages),
        "expertise": expertise.strip(),
        "meeting_preference": meeting_preference,
        "pay_preference": pay_preference,
    }
    changed = sorted(name for name, value in changes.items() if getattr(expert, name) != value)
    if changed:
        for name in changed:
            setattr(expert, name, changes[name])
        expert.save(update_fields=changed)
        audit_record(
            actor=actor,
            verb="member_profile.update",
            target=expert,
            organisation=str(organisation.pk),
            fields=changed,
        )
    return expert


# What a facilitator may record she said: given, withdrawn, or nothing (not asked this time).
GIVEN, WITHDRAWN = "given", "withdrawn"
SAID_ALOUD_CHANNELS = (ConsentChannel.VERBAL, ConsentChannel.PHONE)
# A phone's clock and the server's may differ a little: "now" typed on one is not refused as the
# future on the other.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def said_at_problem(*, member: Member, said_at: datetime.datetime) -> str | None:
    """Why ``said_at`` cannot be when she said it, or None. Not in the future, and not before
    her profile existed (to the minute, as the form gives it)."""
    if said_at > timezone.now() + CLOCK_SKEW:
        return _("That moment is in the future. Write when she said it.")
    created = member.profile.created_at.replace(second=0, microsecond=0)
    if said_at < created:
        return _(
            "That is before her profile was made in Seat, on %(moment)s (UTC). Write when she "
            "said it; if that was earlier, write the moment you are writing it down."
        ) % {"moment": _moment(member.profile.created_at)}
    return None


def _moment(value: datetime.datetime) -> str:
    from seat.core.formats import format_moment

    return format_moment(value)


@transaction.atomic
def member_consent_record(
    *,
    actor: User,
    member: Member,
    answers: dict[str, str],
    channel: str,
    language: str,
    said_at: datetime.datetime,
) -> list[ConsentRecord]:
    """Write down what a member said aloud (in person or on a phone call) to the wording read to
    her in ``language``: for each purpose in ``answers``, ``given`` or ``withdrawn``. The
    facilitator is the witness. Each answer is one new record; nothing earlier is changed."""
    if not can_act_for_members(actor, member.organisation):
        raise PermissionDenied
    if channel not in SAID_ALOUD_CHANNELS:
        raise MemberError(
            _("Say whether she said it in person or on a phone call."), field="channel"
        )
    if language not in LANGUAGE_NAMES:
        raise MemberError(_("Choose the language you read the wording in."), field="language")
    if problem := said_at_problem(member=member, said_at=said_at):
        raise MemberError(problem, field="said_on")
    said = {p: a for p, a in answers.items() if a in (GIVEN, WITHDRAWN)}
    if not said or any(p not in ConsentPurpose.values for p in said):
        raise MemberError(_("Choose what she said for at least one purpose."))
    records = []
    for purpose in ConsentPurpose.values:
        if purpose not in said:
            continue
        change = (
            people_services.consent_grant
            if said[purpose] == GIVEN
            else people_services.consent_withdraw
        )
        records.append(
            change(
                actor=actor,
                expert=member.profile,
                purpose=purpose,
                channel=channel,
                language=language,
                given_at=said_at,
            )
        )
    return records
