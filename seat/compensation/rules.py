from __future__ import annotations

from typing import Any

from seat.accounts.rules import PAYING_ROLES, PAYMENT_RECORDING_ROLES, role_in, roles_of
from seat.compensation.models import PaymentLine
from seat.consultations.models import Contribution

RECORDING_ROLES = PAYMENT_RECORDING_ROLES


def can_record_payment(user: Any, contribution: Contribution) -> bool:
    return role_in(user, contribution.consultation.project.organisation) in RECORDING_ROLES


def can_record_work_pay(user: Any, organisation: Any) -> bool:
    """Those who record pay for input also record it for a meeting, council work or other work
    (compensation.services.payment_for_other_work)."""
    return role_in(user, organisation) in RECORDING_ROLES


def can_advance_payment(user: Any, payment: PaymentLine) -> bool:
    return role_in(user, payment.organisation) in PAYING_ROLES


def can_settle_payments(user: Any) -> bool:
    """Finance officers and admins of any organisation have payments to approve and pay.

    The payments worklist asks this, and so does every page that links to it."""
    return any(role in PAYING_ROLES for role in roles_of(user).values())


def can_pass_on(user: Any, payment: PaymentLine) -> bool:
    """The partner the money went through (its facilitators and admins) says it passed it on;
    the host never can: it cannot know the member was paid."""
    from seat.people.rules import can_act_for_members

    partner = payment.paid_through
    return partner is not None and can_act_for_members(user, partner)


def can_keep_rates(user: Any, organisation: Any) -> bool:
    """An organisation's admins and finance keep its rate cards (compensation.rates): what it
    pays survivors in each role beside what it pays other consultants."""
    return role_in(user, organisation) in PAYING_ROLES
