from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.models import Membership, Organisation, User
from seat.accounts.rules import PAYING_ROLES
from seat.compensation.enums import (
    CURRENCY_CODES,
    EXPENSE_FIELDS,
    UNSETTLED,
    PaymentStatus,
    PaymentStep,
    WorkKind,
)
from seat.compensation.models import PaymentEvent, PaymentLine
from seat.compensation.rules import can_advance_payment, can_pass_on, can_record_work_pay
from seat.compensation.selectors import (
    collective_pay_offered,
    due_date_problem,
    payment_defaults,
    payment_due_by,
)
from seat.consultations.models import Contribution
from seat.consultations.selectors import contribution_partner
from seat.core.bounds import (
    date_problem,
    minor_unit_problem,
    money_problem,
    payment_total_problem,
)
from seat.core.formats import format_money, format_number
from seat.core.money import PayMethod, pay_total
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.partners.enums import CollectivePay
from seat.people.models import ExpertProfile
from seat.people.selectors import partner_facilitators


class PaymentError(Exception):
    """A payment step that cannot happen; the message is safe to show."""


def amounts_problem(
    *, units: Decimal, rate: Decimal, expenses: Mapping[str, Decimal], currency: str
) -> str | None:
    """Why these amounts cannot make a payment line; None if they can. The one check every way
    of recording or changing a line goes through (forms check the same, field by field)."""
    if currency not in CURRENCY_CODES:
        return _("Choose a currency from the list.")
    if not units.is_finite() or units <= 0:
        return _("Enter how many hours, days or sessions, more than zero.")
    for value in (rate, *expenses.values()):
        if problem := money_problem(value, currency):
            return problem
    # The total rounds half up to the cent (pay_total); in a currency without cents that
    # rounded total must still be whole.
    total = pay_total(units=units, rate=rate, expenses=sum(expenses.values(), Decimal(0)))
    return payment_total_problem(total, currency) or minor_unit_problem(total, currency)


def _expenses(values: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """The line's expense fields from keyword arguments, missing ones zero."""
    return {name: values.get(name) or Decimal(0) for name in EXPENSE_FIELDS.values()}


def payment_owed_for_contribution(*, contribution: Contribution) -> PaymentLine | None:
    """The line a paid contribution creates as it is saved, in the same transaction: the
    consultation's offer, owed, due the day the invitation promised, recorded by Seat (no
    actor). Whoever records the payment then confirms or changes its amounts (``payment_record``)
    and adds the expenses she claims. None when the consultation offers no pay, or when the offer
    cannot make a line as it is (a collective's pay that does not split into equal shares): the
    consultation's page then lists it as pay still to record."""
    if not contribution.consultation.is_paid:
        return None
    try:
        return payment_record(
            actor=None, contribution=contribution, **payment_defaults(contribution=contribution)
        )
    except PaymentError:
        return None


def payment_record(
    *,
    actor: User | None,
    contribution: Contribution,
    units: Decimal,
    unit: str,
    rate: Decimal,
    currency: str,
    due_on: datetime.date | None = None,
    **expenses: Decimal,
) -> PaymentLine:
    """Record what is owed for a contribution. One line per contribution: a second call returns
    it, except that the first person to record a line Seat made from the offer sets its amounts.

    ``expenses`` are the line's expense fields by name (``expenses_travel`` …). Due by the day
    the consultation promised (``payment_due_by``) unless ``due_on`` names an earlier day; a later
    one would break the promise she accepted, and is refused.
    """
    if unknown := set(expenses) - set(EXPENSE_FIELDS.values()):
        raise TypeError(f"unknown expense fields: {sorted(unknown)}")
    if due_on is None:
        due_on = payment_due_by(contribution=contribution)
    elif problem := due_date_problem(due_on=due_on, contribution=contribution):
        raise PaymentError(problem)
    claimed = _expenses(expenses)
    if problem := amounts_problem(units=units, rate=rate, expenses=claimed, currency=currency):
        raise PaymentError(problem)
    partner = contribution_partner(contribution)
    collective_pay = ""
    total = pay_total(units=units, rate=rate, expenses=sum(claimed.values(), Decimal(0)))
    if contribution.collective_id is not None:
        collective_pay = str(collective_pay_offered(contribution=contribution) or "")
        members = contribution.members_count or 1
        if collective_pay == CollectivePay.PER_MEMBER and (total * 100) % members:
            raise PaymentError(
                _(
                    "%(amount)s does not split into %(count)s equal shares to the cent. Change "
                    "the units, rate or expenses so that each member gets the same."
                )
                % {"amount": format_money(total, currency), "count": format_number(members)}
            )
    existing = PaymentLine.objects.filter(contribution=contribution).first()
    if existing is not None:
        if actor is not None and existing.recorded_by_id is None:
            return _confirm_offer_line(
                actor=actor,
                line=existing,
                units=units,
                unit=unit,
                rate=rate,
                currency=currency,
                due_on=due_on,
                expenses=claimed,
            )
        return existing
    try:
        with transaction.atomic():
            line = PaymentLine.objects.create(
                organisation=contribution.consultation.project.organisation,
                expert=contribution.expert,
                paid_through=partner,
                members_count=contribution.members_count,
                collective_pay=collective_pay,
                work=WorkKind.CONTRIBUTION,
                contribution=contribution,
                work_on=timezone.localdate(contribution.created_at),
                units=units,
                unit=unit,
                rate=rate,
                currency=currency,
                due_on=due_on,
                recorded_by=actor,
                **claimed,
            )
            _recorded(actor=actor, line=line)
            return line
    except IntegrityError:
        return PaymentLine.objects.get(contribution=contribution)


@transaction.atomic
def _confirm_offer_line(
    *,
    actor: User,
    line: PaymentLine,
    units: Decimal,
    unit: str,
    rate: Decimal,
    currency: str,
    due_on: datetime.date,
    expenses: dict[str, Decimal],
) -> PaymentLine:
    """The first person to record a line Seat made from the offer sets its amounts (the
    expenses she claims, a changed rate); later records return the line as it is, so a second
    click changes nothing. Only while it is owed: an approved line is changed by a correction."""
    line = PaymentLine.objects.select_for_update().get(pk=line.pk)
    if line.recorded_by_id is not None or line.status != PaymentStatus.OWED:
        return line
    before = (line.units, line.unit, line.rate, line.currency, line.due_on, line.expenses)
    line.units, line.unit, line.rate, line.currency, line.due_on = (
        units,
        unit,
        rate,
        currency,
        due_on,
    )
    for name, value in expenses.items():
        setattr(line, name, value)
    line.recorded_by = actor
    line.save()
    if before != (line.units, line.unit, line.rate, line.currency, line.due_on, line.expenses):
        _event(payment=line, step=PaymentStep.EDITED, from_status=line.status, actor=actor)
    return line


def payment_for_work(
    *,
    actor: User | None,
    organisation: Organisation,
    expert: ExpertProfile,
    work: str,
    description: str,
    work_on: datetime.date,
    units: Decimal,
    unit: str,
    rate: Decimal,
    currency: str,
    due_on: datetime.date | None = None,
    tell_payers: bool = True,
    **expenses: Decimal,
) -> PaymentLine:
    """Record what is owed for paid work that is not input to a consultation: a training she
    delivered, a meeting, council work, advising the self-assessment. Due the organisation's
    "days to pay" after the work unless ``due_on`` says otherwise. The caller keeps the line on
    its own record of the work (one line per piece of work), inside its own transaction.
    ``tell_payers=False``: the caller tells those who approve once for many lines (an import)."""
    if work == WorkKind.CONTRIBUTION or work not in WorkKind.values:
        raise PaymentError(_("Choose what the payment is for."))
    if unknown := set(expenses) - set(EXPENSE_FIELDS.values()):
        raise TypeError(f"unknown expense fields: {sorted(unknown)}")
    claimed = _expenses(expenses)
    if problem := amounts_problem(units=units, rate=rate, expenses=claimed, currency=currency):
        raise PaymentError(problem)
    if problem := date_problem(work_on):
        raise PaymentError(problem)
    if due_on is None:
        due_on = work_on + datetime.timedelta(days=organisation.pay_within_days)
    with transaction.atomic():
        line = PaymentLine.objects.create(
            organisation=organisation,
            expert=expert,
            work=work,
            description=description[:200],
            work_on=work_on,
            units=units,
            unit=unit,
            rate=rate,
            currency=currency,
            due_on=due_on,
            recorded_by=actor,
            **claimed,
        )
        _recorded(actor=actor, line=line, tell_payers=tell_payers)
    return line


def _recorded(*, actor: User | None, line: PaymentLine, tell_payers: bool = True) -> None:
    """The first step of every line's history, its audit row, and word to those who approve."""
    PaymentEvent.objects.create(
        payment=line, step=PaymentStep.RECORDED, to_status=line.status, actor=actor
    )
    audit_record(actor=actor, verb="payment.record", target=line, currency=line.currency)
    if not tell_payers:
        return
    # Those who approve payments hear that one waits (never whose it is).
    notify(
        event=Event.PAYMENT_RECORDED,
        recipients=[
            user
            for user in payers_of(organisation=line.organisation)
            if user.pk != getattr(actor, "pk", None)
        ],
        key=f"payment.recorded:{line.pk}",
        url=reverse("compensation:payments-due"),
        context=_payment_context(line),
    )


def payers_of(*, organisation: Organisation) -> list[User]:
    """Everyone who may approve and pay the organisation's payments."""
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, role__in=PAYING_ROLES
        ).select_related("user")
    ]


def _locked(payment: PaymentLine, *, expected: str) -> PaymentLine:
    """The line afresh under a row lock, refused unless it is still ``expected``: a second click
    or a colleague's stale page cannot move it twice."""
    payment = PaymentLine.objects.select_for_update().get(pk=payment.pk)
    if payment.status != expected:
        if payment.status == PaymentStatus.PAID and expected == PaymentStatus.APPROVED:
            raise PaymentError(_("This payment has already been made. Nothing was changed."))
        if payment.status == PaymentStatus.OWED and expected == PaymentStatus.APPROVED:
            raise PaymentError(_("Approve this payment first: it is paid once approved."))
        raise PaymentError(
            _("This payment has already moved on: it is now “%(status)s”.")
            % {"status": payment.get_status_display()}
        )
    return payment


def _event(
    *, payment: PaymentLine, step: str, from_status: str, actor: User, **detail: str
) -> None:
    PaymentEvent.objects.create(
        payment=payment,
        step=step,
        from_status=from_status,
        to_status=payment.status,
        actor=actor,
        **detail,
    )
    audit_record(actor=actor, verb=f"payment.{step}", target=payment)


@transaction.atomic
def payment_approve(*, actor: User, payment: PaymentLine) -> PaymentLine:
    """Owed → approved: someone who pays for the organisation agrees it is right to pay."""
    payment = _locked(payment, expected=PaymentStatus.OWED)
    if problem := approval_problem(actor=actor, payment=payment):
        raise PaymentError(problem)
    payment.status = PaymentStatus.APPROVED
    payment.approved_at = timezone.now()
    payment.approved_by = actor
    payment.save(update_fields=["status", "approved_at", "approved_by"])
    _event(payment=payment, step=PaymentStep.APPROVED, from_status=PaymentStatus.OWED, actor=actor)
    _tell_payee(payment, Event.PAYMENT_APPROVED)
    return payment


def approval_problem(*, actor: User, payment: PaymentLine) -> str | None:
    """Why ``actor`` may not approve a line they recorded: where the organisation has more than
    one person who pays, the one who wrote down what is owed is not the one who agrees it is
    right (as the one who approves is not the one who pays). None when they may."""
    if payment.recorded_by_id != actor.pk:
        return None
    if len(payers_of(organisation=payment.organisation)) < 2:
        return None
    return _(
        "You recorded this payment, so someone else who pays for %(organisation)s approves it. "
        "Nothing was approved."
    ) % {"organisation": payment.organisation.name}


def separation_problem(*, actor: User, payment: PaymentLine) -> str | None:
    """Why ``actor`` may not pay a line they approved: where the organisation has more than one
    person who pays, the one who approved is not the one who pays. None when they may."""
    if payment.approved_by_id != actor.pk:
        return None
    if len(payers_of(organisation=payment.organisation)) < 2:
        return None
    return _(
        "You approved this payment, so someone else who pays for %(organisation)s marks it "
        "paid. Nothing was marked."
    ) % {"organisation": payment.organisation.name}


def reference_problem(*, method: str, reference: str) -> str | None:
    """A payment is marked paid with how it was paid and, except for cash handed over, the
    reference the bank, mobile-money service or voucher carries."""
    if method not in PayMethod.values:
        return _("Choose how it was paid.")
    if method != PayMethod.CASH and not reference.strip():
        return _("Enter the reference of the transfer, so it can be traced.")
    if len(reference) > 100:
        return _("Keep the reference to 100 characters.")
    return None


@transaction.atomic
def payment_pay(
    *,
    actor: User,
    payment: PaymentLine,
    method: str,
    reference: str,
    receipt: File | None = None,
    paid_on: datetime.date | None = None,
) -> PaymentLine:
    """Approved → paid, with how it was paid, its reference and, if there is one, a receipt."""
    if problem := reference_problem(method=method, reference=reference):
        raise PaymentError(problem)
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise PaymentError(_("A payment cannot be marked paid on a day still to come."))
    payment = _locked(payment, expected=PaymentStatus.APPROVED)
    if problem := separation_problem(actor=actor, payment=payment):
        raise PaymentError(problem)
    payment.status = PaymentStatus.PAID
    payment.paid_on = paid_on
    payment.paid_by = actor
    payment.method = method
    payment.reference = reference.strip()
    fields = ["status", "paid_on", "paid_by", "method", "reference"]
    if receipt is not None:
        payment.receipt.save(receipt.name or "receipt", receipt, save=False)
        fields.append("receipt")
    payment.save(update_fields=fields)
    _event(
        payment=payment,
        step=PaymentStep.PAID,
        from_status=PaymentStatus.APPROVED,
        actor=actor,
        method=method,
        reference=payment.reference,
    )
    _tell_payee(payment, Event.PAYMENT_PAID)
    if payment.paid_through_id is not None:
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
def payments_pay_bulk(
    *, actor: User, payments: list[PaymentLine], method: str, reference: str
) -> list[PaymentLine]:
    """Mark several approved lines paid with one transfer's reference: all of them or, if any
    one cannot be (paid already, approved by the actor, another organisation's), none."""
    if not payments:
        raise PaymentError(_("Choose at least one payment."))
    if len({payment.currency for payment in payments}) > 1:
        # One transfer, one reference, is in one currency.
        raise PaymentError(
            _(
                "Nothing was marked paid: the payments chosen are in more than one currency. "
                "Mark each currency's payments paid with its own transfer reference."
            )
        )
    paid = []
    for payment in payments:
        try:
            if not can_advance_payment(actor, payment):
                raise PaymentError(_("You do not pay for this organisation."))
            paid.append(
                payment_pay(actor=actor, payment=payment, method=method, reference=reference)
            )
        except PaymentError as error:
            # Name the line that blocked the rest, so the person knows what to look at.
            raise PaymentError(
                _("Nothing was marked paid. %(payee)s, %(amount)s: %(problem)s")
                % {
                    "payee": payment.expert.pseudonym
                    if payment.expert is not None
                    else getattr(payment.paid_through, "name", ""),
                    "amount": format_money(payment.amount, payment.currency),
                    "problem": str(error),
                }
            ) from error
    return paid


@transaction.atomic
def payment_cancel(*, actor: User, payment: PaymentLine, reason: str) -> PaymentLine:
    """Owed or approved → cancelled, with the reason she will read."""
    reason = reason.strip()
    if not reason:
        raise PaymentError(_("Say why the payment is cancelled: the person will read it."))
    current = PaymentLine.objects.select_for_update().get(pk=payment.pk)
    if current.status not in UNSETTLED:
        raise PaymentError(
            _("Only a payment not yet made can be cancelled: this one is “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    from_status = current.status
    current.status = PaymentStatus.CANCELLED
    current.cancel_reason = reason[:300]
    current.save(update_fields=["status", "cancel_reason"])
    _event(
        payment=current,
        step=PaymentStep.CANCELLED,
        from_status=from_status,
        actor=actor,
        reason=current.cancel_reason,
    )
    _tell_payee(current, Event.PAYMENT_CANCELLED)
    return current


# What taking back a payment's last step returns it to.
_BACK = {
    PaymentStatus.PAID: PaymentStatus.APPROVED,
    PaymentStatus.APPROVED: PaymentStatus.OWED,
    PaymentStatus.CANCELLED: PaymentStatus.OWED,
}


@transaction.atomic
def payment_correct(*, actor: User, payment: PaymentLine, reason: str) -> PaymentLine:
    """Take back the last step (paid → approved, approved → owed, cancelled → owed), with the
    reason recorded in the history beside the step it undoes: the only way a step is undone."""
    reason = reason.strip()
    if not reason:
        raise PaymentError(_("Say why this step is taken back: it stays in the history."))
    current = PaymentLine.objects.select_for_update().get(pk=payment.pk)
    back = _BACK.get(PaymentStatus(current.status))
    if back is None:
        raise PaymentError(_("This payment has no step to take back."))
    if current.passed_on_at is not None:
        raise PaymentError(
            _("The partner has already passed this money on. Talk to them before changing it.")
        )
    from_status = current.status
    current.status = back
    fields = ["status"]
    if from_status == PaymentStatus.PAID:
        current.paid_on, current.paid_by, current.method, current.reference = None, None, "", ""
        # The receipt belonged to the step taken back: off the line (the file stays on disk,
        # and the history keeps the method and reference it went with).
        current.receipt = ""  # type: ignore[assignment]
        fields += ["paid_on", "paid_by", "method", "reference", "receipt"]
    elif from_status == PaymentStatus.APPROVED:
        current.approved_at, current.approved_by = None, None
        fields += ["approved_at", "approved_by"]
    else:
        current.cancel_reason = ""
        fields.append("cancel_reason")
    current.save(update_fields=fields)
    _event(
        payment=current,
        step=PaymentStep.CORRECTED,
        from_status=from_status,
        actor=actor,
        reason=reason[:300],
    )
    return current


def _tell_payee(payment: PaymentLine, event: Event) -> None:
    notify(
        event=event,
        recipients=[payment.expert.user] if payment.expert and payment.expert.user else [],
        key=f"{event.value}:{payment.pk}:{payment.events.count()}",
        url=(
            reverse("portal:contribution", args=[payment.contribution_id])
            if payment.contribution_id
            else reverse("portal:home")
        ),
        context=_payment_context(payment),
    )


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
        "title": line.for_what,
        "amount": str(line.amount),
        "currency": line.currency,
    }


# Work the organisation records by hand: what is not a contribution, a training or a round
# of the self-assessment (those make their own lines).
HAND_RECORDED_WORK = (WorkKind.MEETING, WorkKind.COUNCIL, WorkKind.OTHER)


def payment_for_other_work(
    *,
    actor: User,
    organisation: Organisation,
    expert: ExpertProfile,
    work: str,
    description: str,
    work_on: datetime.date,
    units: Decimal,
    unit: str,
    rate: Decimal,
    currency: str,
    **expenses: Decimal,
) -> PaymentLine:
    """Staff record what she is owed for a meeting, council work or other paid work. The same
    work (person, kind, day and description) is recorded once: a second click or a colleague's
    second entry is refused with a message, never a second line; a cancelled line does not
    count, so work entered wrongly can be entered again."""
    if not can_record_work_pay(actor, organisation):
        raise PermissionDenied
    if unknown := set(expenses) - set(EXPENSE_FIELDS.values()):
        raise TypeError(f"unknown expense fields: {sorted(unknown)}")
    if work not in HAND_RECORDED_WORK:
        raise PaymentError(_("Choose what the payment is for."))
    description = " ".join(description.split())
    if not description:
        raise PaymentError(_("Say what the work was, in a few words."))
    with transaction.atomic():
        # Her row, locked: two entries of the same work at once wait for each other here.
        ExpertProfile.objects.select_for_update().filter(pk=expert.pk).first()
        already = (
            PaymentLine.objects.filter(
                organisation=organisation,
                expert=expert,
                work=work,
                work_on=work_on,
                description__iexact=description[:200],
            )
            .exclude(status=PaymentStatus.CANCELLED)
            .exists()
        )
        if already:
            raise PaymentError(
                _(
                    "This work is already recorded for her on that day. Nothing new was saved. "
                    "To change it, ask someone who pays for the organisation to cancel it, then "
                    "enter it again."
                )
            )
        return payment_for_work(
            actor=actor,
            organisation=organisation,
            expert=expert,
            work=work,
            description=description,
            work_on=work_on,
            units=units,
            unit=unit,
            rate=rate,
            currency=currency,
            expenses_travel=expenses.get("expenses_travel", Decimal(0)),
            expenses_data=expenses.get("expenses_data", Decimal(0)),
            expenses_childcare=expenses.get("expenses_childcare", Decimal(0)),
            expenses_other=expenses.get("expenses_other", Decimal(0)),
        )
