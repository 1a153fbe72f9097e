from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from seat.compensation.enums import UNSETTLED, PaymentStatus
from seat.compensation.models import FOR_WHAT_RELATED, PaymentLine
from seat.compensation.rules import PAYING_ROLES
from seat.core.bounds import date_problem
from seat.core.formats import format_day, format_number
from seat.partners.enums import CollectivePay
from seat.people.models import ExpertProfile


def payments_of_expert(*, expert: ExpertProfile) -> list[PaymentLine]:
    return list(
        PaymentLine.objects.filter(expert=expert)
        .select_related("organisation", "paid_through", *FOR_WHAT_RELATED)
        .order_by("status", "due_on")
    )


# Her home page lists what is still to be paid and what was settled lately; older lines are on
# her statement of earnings (a survivor of years would otherwise scroll through every payment
# on a phone, over a slow link, to find what is still owed).
RECENTLY_SETTLED_DAYS = 30


def payments_for_her_home(*, expert: ExpertProfile) -> list[PaymentLine]:
    """Her lines still to be paid, and those paid (or cancelled, by their due day) in the last
    ``RECENTLY_SETTLED_DAYS``."""
    since = timezone.localdate() - datetime.timedelta(days=RECENTLY_SETTLED_DAYS)
    return list(
        PaymentLine.objects.filter(expert=expert)
        .filter(
            Q(status__in=UNSETTLED)
            | Q(status=PaymentStatus.PAID, paid_on__gte=since)
            | Q(status=PaymentStatus.CANCELLED, due_on__gte=since)
        )
        .select_related("organisation", "paid_through", *FOR_WHAT_RELATED)
        .order_by("status", "due_on")
    )


def totals_by_currency(
    *,
    payments: list[PaymentLine],
    unpaid_only: bool = False,
    promises: Iterable[Promise] = (),
) -> dict[str, Decimal]:
    """Totals per currency: amounts in different currencies are never added together.
    ``promises`` (pay offered for input sent, not yet recorded) count as unpaid."""
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for line in payments:
        if unpaid_only and line.status not in UNSETTLED:  # a cancelled line is not owed either
            continue
        totals[line.currency] += line.amount
    for promise in promises:
        totals[promise.currency] += promise.amount
    return dict(sorted(totals.items()))


@dataclass(frozen=True)
class Promise:
    """Pay a consultation offered for input she has sent, before the organisation has recorded
    it as a payment line: what she was told, and the day it is due."""

    contribution: Any
    amount: Decimal
    currency: str
    due_on: datetime.date

    @property
    def is_late(self) -> bool:
        """Promised pay is never paid before it is recorded: late once its due day has passed."""
        return self.due_on < timezone.localdate()


def promise_not_recorded(*, contribution: Any) -> Promise | None:
    """The promised pay for this input while no payment line records it; None when the
    consultation offered no pay or the line exists. Reads the contribution's consultation and
    payment, so fetch them with it."""
    consultation = contribution.consultation
    amount = consultation.expected_pay
    if amount is None or hasattr(contribution, "payment"):
        return None
    return Promise(
        contribution=contribution,
        amount=amount,
        currency=consultation.currency,
        due_on=payment_due_by(contribution=contribution),
    )


def promises_not_recorded(*, contributions: Iterable[Any]) -> list[Promise]:
    """``promise_not_recorded`` for each contribution, soonest due first."""
    found = (promise_not_recorded(contribution=c) for c in contributions)
    return sorted((p for p in found if p is not None), key=lambda p: p.due_on)


def promises_of_expert(*, expert: ExpertProfile) -> list[Promise]:
    """Pay promised for her input that no payment line records yet, soonest due first: only
    her contributions without a line are read."""
    from seat.consultations.selectors import contributions_of_expert

    return promises_not_recorded(
        contributions=contributions_of_expert(expert=expert).filter(payment__isnull=True)
    )


def payments_to_settle(*, user: Any) -> list[PaymentLine]:
    """Unpaid lines of the organisations where the user may approve or pay, soonest due first.

    Staff see people by chosen name only; identity and payment details stay with the person.
    """
    from seat.accounts.models import Membership

    organisation_ids = Membership.objects.filter(user=user, role__in=PAYING_ROLES).values(
        "organisation_id"
    )
    return list(
        PaymentLine.objects.filter(organisation_id__in=organisation_ids)
        .exclude(status=PaymentStatus.PAID)
        .select_related("organisation", "expert", "paid_through", *FOR_WHAT_RELATED)
        .order_by("due_on", "created_at")
    )


def payment_get_for_user(*, user: Any, payment_id: Any) -> PaymentLine:
    """404 when the payment belongs to an organisation whose engagement the user may not read."""
    from django.http import Http404

    from seat.accounts.rules import can_read_engagement

    payment = PaymentLine.objects.select_related("organisation").filter(pk=payment_id).first()
    if payment is None or not can_read_engagement(user, payment.organisation):
        raise Http404
    return payment


def payment_due_by(*, contribution: Any) -> datetime.date:
    """The day the consultation promised she would be paid by: the day she sent her input plus
    its ``pay_within_days``, as the invitation told her before she accepted."""
    sent = timezone.localdate(contribution.created_at)
    return sent + datetime.timedelta(days=contribution.consultation.pay_within_days)


def payment_defaults(*, contribution: Any) -> dict[str, Any]:
    """What a new payment line starts from: the consultation's offer, due when it promised. A
    collective's contribution is paid as the offer for each of the members who took part."""
    consultation = contribution.consultation
    return {
        "units": consultation.pay_units * (contribution.members_count or 1),
        "unit": consultation.pay_unit or "session",
        "rate": consultation.pay_rate,
        "currency": consultation.currency,
        "due_on": payment_due_by(contribution=contribution),
    }


def due_date_problem(*, due_on: datetime.date | None, contribution: Any) -> str | None:
    """Why a due date a person chose cannot be recorded: out of bounds, or later than the
    consultation promised (``payment_due_by``); None if it can."""
    if problem := date_problem(due_on):
        return problem
    promised = payment_due_by(contribution=contribution)
    if due_on is not None and due_on > promised:
        days = contribution.consultation.pay_within_days
        return ngettext(
            "The consultation promised payment within %(days)s day of sending the input: by "
            "%(date)s. Choose that day or an earlier one.",
            "The consultation promised payment within %(days)s days of sending the input: by "
            "%(date)s. Choose that day or an earlier one.",
            days,
        ) % {"days": format_number(days), "date": format_day(promised)}
    return None


def collective_pay_offered(*, contribution: Any) -> CollectivePay | None:
    """For a collective's contribution, how the host offered to pay it when it asked the
    collective (kept on its PartnerRequest); None for one person's input."""
    if contribution.collective_id is None:
        return None
    request = contribution.consultation.partner_requests.filter(
        partner_id=contribution.collective_id
    ).first()
    return CollectivePay(request.collective_pay if request else CollectivePay.TO_COLLECTIVE)


def work_pay_organisation_get_for_user(*, user: Any, organisation_id: Any) -> Any:
    """The organisation whose pay for other work the user records: 404 outside it, 403 for its
    members who do not record pay (compensation.rules.can_record_work_pay)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from seat.accounts.models import Organisation
    from seat.accounts.rules import is_member
    from seat.compensation.rules import can_record_work_pay

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    if not can_record_work_pay(user, organisation):
        raise PermissionDenied
    return organisation
