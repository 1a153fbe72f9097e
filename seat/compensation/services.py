from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.models import Membership, User
from seat.accounts.rules import PAYING_ROLES
from seat.compensation.enums import CURRENCY_CODES, PaymentStatus
from seat.compensation.models import PaymentLine
from seat.compensation.rules import can_pass_on
from seat.compensation.selectors import collective_pay_offered, due_date_problem, payment_due_by
from seat.consultations.models import Contribution
from seat.consultations.selectors import contribution_partner
from seat.core.bounds import money_problem, payment_total_problem
from seat.core.formats import format_money, format_number
from seat.core.money import pay_total
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.partners.enums import CollectivePay
from seat.people.selectors import partner_facilitators


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
    partner = contribution_partner(contribution)
    collective_pay = ""
    if contribution.collective_id is not None:
        collective_pay = str(collective_pay_offered(contribution=contribution) or "")
        members = contribution.members_count or 1
        if (
            collective_pay == CollectivePay.PER_MEMBER
            and (pay_total(units=units, rate=rate, expenses=expenses) * 100) % members
        ):
            raise PaymentError(
                _(
                    "%(amount)s does not split into %(count)s equal shares to the cent. Change "
                    "the units, rate or expenses so that each member gets the same."
                )
                % {
                    "amount": format_money(
                        pay_total(units=units, rate=rate, expenses=expenses), currency
                    ),
                    "count": format_number(members),
                }
            )
    try:
        with transaction.atomic():
            line = PaymentLine.objects.create(
                organisation=contribution.consultation.project.organisation,
                expert=contribution.expert,
                paid_through=partner,
                members_count=contribution.members_count,
                collective_pay=collective_pay,
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
    if next_status == PaymentStatus.PAID and payment.paid_through_id is not None:
        # The partner passes the money on: its facilitators hear it has arrived.
        notify(
            event=Event.PARTNER_PAYMENT_PAID,
            recipients=partner_facilitators(organisation_id=payment.paid_through_id),
            key=f"partner.payment.paid:{payment.pk}",
            url=reverse("partners:outcomes"),
            context=_payment_context(payment),
        )
    return payment


@transaction.atomic
def payment_pass_on(
    *, actor: User, payment: PaymentLine, members_count: int | None = None
) -> PaymentLine:
    """The partner says it has passed on money the host paid through it: to the member, or to
    the collective's members. A line shared per member is marked only when the facilitator
    confirms that every member who took part (``members_count``, the line's count) has had her
    share. A second call changes nothing."""
    payment = PaymentLine.objects.select_for_update().get(pk=payment.pk)
    if payment.paid_through is None or not can_pass_on(actor, payment):
        raise PermissionDenied
    if payment.passed_on_at is not None:
        return payment
    if payment.status != PaymentStatus.PAID:
        raise PaymentError(_("The host has not paid this yet. Nothing was marked."))
    if payment.per_member is not None and members_count != payment.members_count:
        raise PaymentError(
            ngettext(
                "Mark it passed on once the %(count)s member has had their share.",
                "Mark it passed on once all %(count)s members have had their share.",
                payment.members_count or 0,
            )
            % {"count": format_number(payment.members_count or 0)}
        )
    payment.passed_on_at = timezone.now()
    payment.passed_on_by = actor
    payment.save(update_fields=["passed_on_at", "passed_on_by"])
    audit_record(actor=actor, verb="payment.pass_on", target=payment)
    return payment


def _payment_context(line: PaymentLine) -> dict[str, str]:
    return {
        "organisation": line.organisation.name,
        "title": line.contribution.consultation.title,
        "amount": str(line.amount),
        "currency": line.currency,
    }
