from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Membership, User
from seat.accounts.rules import PAYING_ROLES
from seat.compensation.enums import CURRENCY_CODES, PaymentStatus
from seat.compensation.models import PaymentLine
from seat.compensation.selectors import due_date_problem, payment_due_by
from seat.consultations.models import Contribution
from seat.core.bounds import money_problem, payment_total_problem
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify


class PaymentError(Exception):
    """A payment step that cannot happen; the message is safe to show."""


def payment_record(
    *,
    actor: User,
    contribution: Contribution,
    units: Decimal,
    unit: str,
    rate: Decimal,
    expenses: Decimal,
    currency: str,
    due_on: datetime.date | None = None,
) -> PaymentLine:
    """Record what is owed for a contribution. One line per contribution: a second call returns it.

    Due by the day the consultation promised (``payment_due_by``) unless ``due_on`` names an
    earlier day; a later one would break the promise she accepted, and is refused.
    """
    if due_on is None:
        due_on = payment_due_by(contribution=contribution)
    elif problem := due_date_problem(due_on=due_on, contribution=contribution):
        raise PaymentError(problem)
    if currency not in CURRENCY_CODES:
        raise PaymentError(_("Choose a currency from the list."))
    if units <= 0:
        raise PaymentError(_("Enter how many hours, days or sessions, more than zero."))
    problem = (
        money_problem(rate, currency)
        or money_problem(expenses, currency)
        or payment_total_problem(units * rate + expenses, currency)
    )
    if problem:
        raise PaymentError(problem)
    existing = PaymentLine.objects.filter(contribution=contribution).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            line = PaymentLine.objects.create(
                organisation=contribution.consultation.project.organisation,
                expert=contribution.expert,
                contribution=contribution,
                units=units,
                unit=unit,
                rate=rate,
                expenses=expenses,
                currency=currency,
                due_on=due_on,
                recorded_by=actor,
            )
            audit_record(actor=actor, verb="payment.record", target=line, currency=currency)
            # Those who approve payments hear that one waits (never whose it is).
            notify(
                event=Event.PAYMENT_RECORDED,
                recipients=[
                    m.user
                    for m in Membership.objects.filter(
                        organisation=line.organisation, role__in=PAYING_ROLES
                    ).select_related("user")
                    if m.user_id != actor.pk
                ],
                key=f"payment.recorded:{line.pk}",
                url=reverse("compensation:payments-due"),
                context=_payment_context(line),
            )
            return line
    except IntegrityError:
        return PaymentLine.objects.get(contribution=contribution)


_NEXT = {PaymentStatus.OWED: PaymentStatus.APPROVED, PaymentStatus.APPROVED: PaymentStatus.PAID}


@transaction.atomic
def payment_advance(*, actor: User, payment: PaymentLine, from_status: str) -> PaymentLine:
    """Move a payment one step on from ``from_status``: owed → approved → paid.

    The step is named, so a second click, or a colleague's stale page, cannot skip approval
    and mark as paid money nobody has sent.
    """
    payment = PaymentLine.objects.select_for_update().get(pk=payment.pk)
    if payment.status != from_status:
        raise PaymentError(
            _("This payment has already moved on: it is now “%(status)s”.")
            % {"status": payment.get_status_display()}
        )
    next_status = _NEXT.get(PaymentStatus(payment.status))
    if next_status is None:
        raise PaymentError(_("This payment has already been made."))
    payment.status = next_status
    if next_status == PaymentStatus.PAID:
        payment.paid_on = timezone.localdate()
    payment.save(update_fields=["status", "paid_on"])
    audit_record(actor=actor, verb=f"payment.{next_status}", target=payment)
    notify(
        event=Event.PAYMENT_PAID if next_status == PaymentStatus.PAID else Event.PAYMENT_APPROVED,
        recipients=[payment.expert.user] if payment.expert else [],
        key=f"payment.{next_status}:{payment.pk}",
        url=reverse("portal:contribution", args=[payment.contribution_id]),
        context=_payment_context(payment),
    )
    return payment


def _payment_context(line: PaymentLine) -> dict[str, str]:
    return {
        "organisation": line.organisation.name,
        "title": line.contribution.consultation.title,
        "amount": str(line.amount),
        "currency": line.currency,
    }
