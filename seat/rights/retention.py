"""The retention periods of docs/PRIVACY.md, enforced on a schedule.

Each rule acts on rows older than their period, counted from when the row stopped mattering:
made, for a code that worked for days; finished, for an import report; the last day of the
project's last consultation, for what survivors wrote; the last time anyone used an account.
Idempotent: a second run finds nothing more to do. The counts it returns are ids-free, so they
may be logged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from seat.accounts.models import MemberInvitation, User
from seat.accounts.sessions import user_sessions_end_all
from seat.api.models import ApiToken
from seat.compensation.enums import UNSETTLED
from seat.compensation.models import PaymentLine
from seat.consultations.enums import InvitationStatus
from seat.consultations.models import Answer, Consultation, Contribution, Invitation, KeptAnswer
from seat.consultations.selectors import WORDS_KEPT_DAYS
from seat.core.models import AuditEvent
from seat.core.privacy.audit import audit_record
from seat.councils.models import Term
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.notifications.services import notify
from seat.people.models import ExpertProfile, JoinCode, ResetCode
from seat.rights.services import account_erase_idle
from seat.trainings.models import TrainingImport

# Periods from docs/PRIVACY.md ("kept for"), in days.
JOIN_CODE_DAYS = 730
MEMBER_INVITATION_DAYS = 730
RESET_CODE_DAYS = 730
AUDIT_EVENT_DAYS = 730
TRAINING_IMPORT_DAYS = 365
# An account nobody has used for a year goes: a survivor's is erased as she could erase it
# herself, after a message a month before; a staff member's is switched off.
ACCOUNT_IDLE_DAYS = 365
IDLE_WARNING_DAYS = 30
# Contributions whose words go in one transaction: a first run on an old database has many.
WORDS_BATCH = 500

IDLE_VERB = "account.switch_off_idle"


@dataclass(frozen=True)
class KeptFor:
    """What her "My data" page tells her of these periods, in the units she would say them."""

    words_years: int
    idle_months: int
    warning_days: int


def kept_for() -> KeptFor:
    return KeptFor(
        words_years=round(WORDS_KEPT_DAYS / 365),
        idle_months=round(ACCOUNT_IDLE_DAYS * 12 / 365),
        warning_days=IDLE_WARNING_DAYS,
    )


def _words_delete(*, now: datetime.datetime) -> int:
    """Empty the contributions of every project whose life ended two years ago. The rows stay
    (payment lines, responses and the counts of who took part name them), without a word."""
    # On the day ``words_kept_until`` names, the day her page promises: not a day later.
    last_day_by = (now - datetime.timedelta(days=WORDS_KEPT_DAYS)).date()
    due = Contribution.objects.filter(words_deleted_at__isnull=True).filter(
        consultation__project__in=Consultation.objects.values("project")
        .annotate(last=Max("deadline"))
        .filter(last__lte=last_day_by)
        .values("project")
    )
    emptied = 0
    while ids := list(due.values_list("pk", flat=True)[:WORDS_BATCH]):
        with transaction.atomic():
            Answer.objects.filter(contribution_id__in=ids).delete()
            KeptAnswer.objects.filter(invitation__contribution__in=ids).delete()
            emptied += Contribution.objects.filter(
                pk__in=ids, words_deleted_at__isnull=True
            ).update(words_deleted_at=now)
    return emptied


def _last_used(user: User) -> datetime.datetime:
    """When anyone last used the account: logged in, made a page request in a session Seat still
    knows, called the API with one of its tokens, or sent input (a facilitator writing hers down
    counts: she took part)."""
    moments = [user.date_joined, user.last_login]
    moments.append(user.user_sessions.aggregate(last=Max("last_seen_at"))["last"])
    moments.append(user.api_tokens.aggregate(last=Max("last_used_at"))["last"])
    profile = getattr(user, "expert_profile", None)
    if profile is not None:
        moments.append(profile.contributions.aggregate(last=Max("created_at"))["last"])
    return max(moment for moment in moments if moment is not None)


def _still_needed(expert: ExpertProfile, today: datetime.date) -> bool:
    """Erasing now would take something from her: money not yet paid, a council seat, an
    invitation she may still answer."""
    return (
        PaymentLine.objects.filter(expert=expert, status__in=UNSETTLED).exists()
        or Term.objects.filter(expert=expert, ends_on__gte=today).exists()
        or Invitation.objects.filter(
            expert=expert,
            status__in=[InvitationStatus.PENDING, InvitationStatus.ACCEPTED],
            consultation__deadline__gte=today,
        ).exists()
    )


def _idle_accounts(before: datetime.datetime) -> Any:
    """Accounts that can log in, nobody has logged into since ``before`` and that joined before
    it; operators are left to each other. The last look (``_last_used``) is per account."""
    return (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(date_joined__lt=before)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=before))
        # No usable password: nobody logs in to it.
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("expert_profile")
    )


def _experts_idle(*, now: datetime.datetime) -> tuple[int, int]:
    """Warn each survivor whose account has gone unused for eleven months; erase the accounts
    of those warned a month ago (or more) who have still not used it. Returns (warned, erased).
    Profiles a survivor-led organisation keeps for someone without a login are not accounts
    anyone uses: the organisation keeps them (``ExpertProfile.kept``)."""
    warn_before = now - datetime.timedelta(days=ACCOUNT_IDLE_DAYS - IDLE_WARNING_DAYS)
    # Warned less than a month ago: nothing can be due yet (if she has logged in since, she is
    # not idle either), so each run looks only at accounts something may happen to.
    warned_lately = Notification.objects.filter(
        recipient=OuterRef("pk"),
        event=Event.ACCOUNT_IDLE,
        created_at__gt=now - datetime.timedelta(days=IDLE_WARNING_DAYS),
    )
    warned = erased = 0
    for user in (
        _idle_accounts(warn_before)
        .filter(expert_profile__isnull=False, expert_profile__sms_only=False)
        .exclude(Exists(warned_lately))
    ):
        last_used = _last_used(user)
        if last_used >= warn_before:
            continue
        warning = (
            Notification.objects.filter(
                recipient=user, event=Event.ACCOUNT_IDLE, created_at__gt=last_used
            )
            .order_by("created_at")
            .first()
        )
        if warning is None:
            erase_on = max(
                last_used + datetime.timedelta(days=ACCOUNT_IDLE_DAYS),
                now + datetime.timedelta(days=IDLE_WARNING_DAYS),
            )
            with transaction.atomic():
                sent = notify(
                    event=Event.ACCOUNT_IDLE,
                    recipients=[user],
                    key=f"account.idle:{user.pk}:{last_used:%Y-%m-%d}",
                    url=reverse("portal:home"),
                    context={"deadline": erase_on.date().isoformat()},
                )
            warned += len(sent)
            continue
        # A month's warning, whenever it went: a worker that was stopped for a while does not
        # shorten it.
        due = max(
            last_used + datetime.timedelta(days=ACCOUNT_IDLE_DAYS),
            warning.created_at + datetime.timedelta(days=IDLE_WARNING_DAYS),
        )
        if now < due or _still_needed(user.expert_profile, now.date()):
            continue
        if not account_erase_idle(expert=user.expert_profile).already_erased:
            erased += 1
    return warned, erased


def _staff_idle(*, now: datetime.datetime) -> int:
    """Switch off the accounts of organisation members (not survivors) nobody has used for a
    year: no login, no API token. The account and its name stay, as the record of what they did
    (approved a payment, answered input); an operator can switch it on again."""
    before = now - datetime.timedelta(days=ACCOUNT_IDLE_DAYS)
    switched_off = 0
    for user in _idle_accounts(before).filter(expert_profile__isnull=True):
        if _last_used(user) >= before:
            continue
        with transaction.atomic():
            if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
                continue  # switched off meanwhile
            ApiToken.objects.filter(user=user).delete()
            user_sessions_end_all(user=user)
            organisations = list(user.memberships.values_list("organisation_id", flat=True))
            for organisation_id in organisations or [None]:
                audit_record(
                    actor=None,
                    verb=IDLE_VERB,
                    target=user,
                    **({"organisation": str(organisation_id)} if organisation_id else {}),
                )
        switched_off += 1
    return switched_off


@transaction.atomic
def _rows_past_their_period(*, now: datetime.datetime) -> dict[str, int]:
    def before(days: int) -> datetime.datetime:
        return now - datetime.timedelta(days=days)

    # A joining code worked for 14 days; its row (no name, a digest) is the organisation's
    # record of whom it brought in. An expert's link keeps existing without it (SET_NULL).
    join_codes, _ = JoinCode.objects.filter(created_at__lt=before(JOIN_CODE_DAYS)).delete()
    reset_codes, _ = ResetCode.objects.filter(created_at__lt=before(RESET_CODE_DAYS)).delete()
    # A link to join an organisation as staff worked for 7 days; the membership it made stays.
    member_invitations, _ = MemberInvitation.objects.filter(
        created_at__lt=before(MEMBER_INVITATION_DAYS)
    ).delete()
    # Only finished imports: one still being written keeps its text until its rows are in.
    imports, _ = TrainingImport.objects.filter(
        finished_at__isnull=False, finished_at__lt=before(TRAINING_IMPORT_DAYS)
    ).delete()
    audit_events, _ = AuditEvent.objects.filter(at__lt=before(AUDIT_EVENT_DAYS)).delete()
    return {
        "join_codes": join_codes,
        "reset_codes": reset_codes,
        "member_invitations": member_invitations,
        "training_imports": imports,
        "audit_events": audit_events,
    }


def retention_enforce(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Do what each period asks today; returns how many rows or accounts each rule touched."""
    now = now or timezone.now()
    counts = _rows_past_their_period(now=now)
    counts["contributions_emptied"] = _words_delete(now=now)
    counts["experts_warned"], counts["experts_erased"] = _experts_idle(now=now)
    counts["staff_switched_off"] = _staff_idle(now=now)
    return counts
