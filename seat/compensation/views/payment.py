"""One payment's page for those who pay: its amounts, its history, where to send the money, and
its steps (approve, pay, cancel, take the last step back), each a form of its own; and its
receipt, downloaded only by them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.compensation import services
from seat.compensation.enums import UNSETTLED, PaymentStatus
from seat.compensation.finance import payee_name, payment_get_for_payer, payment_history
from seat.compensation.forms import (
    RECEIPT_CONTENT_TYPES,
    PayForm,
    ReasonForm,
    receipt_kind,
)
from seat.compensation.models import PaymentLine
from seat.core.privacy.audit import audit_record
from seat.core.privacy.files import UnreadableFile
from seat.people.rules import PAYMENT_PURPOSE, can_read_identity
from seat.people.services import identity_read


def _payment_details(request: HttpRequest, payment: PaymentLine) -> Any:
    """Where to send her money, read through the one audited way, while this organisation owes
    it to her directly; None otherwise (a collective's line, pay through a partner, settled)."""
    expert = payment.expert
    if payment.status not in UNSETTLED or payment.paid_through_id is not None:
        # This line needs no address: reading one would add a read to her list for nothing.
        return None
    if expert is None or not can_read_identity(request.user, expert, PAYMENT_PURPOSE):
        return None
    return identity_read(
        actor=request.user,
        expert=expert,
        purpose=PAYMENT_PURPOSE,
        organisation_id=payment.organisation_id,
    )


def _page(
    request: HttpRequest,
    payment: PaymentLine,
    *,
    pay_form: PayForm | None = None,
    cancel_form: ReasonForm | None = None,
    correct_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    separation = (
        services.separation_problem(actor=request.user, payment=payment)  # type: ignore[arg-type]
        if payment.status == PaymentStatus.APPROVED
        else None
    )
    approval = (
        services.approval_problem(actor=request.user, payment=payment)  # type: ignore[arg-type]
        if payment.status == PaymentStatus.OWED
        else None
    )
    return render(
        request,
        "compensation/payment_detail.html",
        {
            "payment": payment,
            "approval": approval,
            "payee": payee_name(payment),
            "history": payment_history(payment=payment),
            "details": _payment_details(request, payment),
            "separation": separation,
            "pay_form": pay_form or PayForm(auto_id="pay_%s"),
            "cancel_form": cancel_form or ReasonForm(auto_id="cancel_%s"),
            "correct_form": correct_form or ReasonForm(auto_id="correct_%s"),
            "may_cancel": payment.status in UNSETTLED,
            "may_correct": payment.status != PaymentStatus.OWED and payment.passed_on_at is None,
            "receipt_kind": receipt_kind(payment.receipt.name) if payment.receipt else None,
        },
        status=status,
    )


@require_safe
@login_required
def payment_detail(request: HttpRequest, payment_id: str) -> HttpResponse:
    payment = payment_get_for_payer(user=request.user, payment_id=payment_id)
    return _page(request, payment)


def _done(request: HttpRequest, payment: PaymentLine, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("compensation:payment-detail", payment_id=payment.pk)


@require_POST
@login_required
def payment_approve(request: HttpRequest, payment_id: str) -> HttpResponse:
    payment = payment_get_for_payer(user=request.user, payment_id=payment_id)
    try:
        services.payment_approve(actor=request.user, payment=payment)  # type: ignore[arg-type]
    except services.PaymentError as error:
        messages.error(request, str(error))
        return redirect("compensation:payment-detail", payment_id=payment.pk)
    return _done(request, payment, _("Approved. It is now waiting to be paid."))


@require_POST
@login_required
def payment_pay(request: HttpRequest, payment_id: str) -> HttpResponse:
    payment = payment_get_for_payer(user=request.user, payment_id=payment_id)
    form = PayForm(request.POST, request.FILES, auto_id="pay_%s")
    if form.is_valid():
        try:
            services.payment_pay(
                actor=request.user,  # type: ignore[arg-type]
                payment=payment,
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
                receipt=form.cleaned_data["receipt"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except services.PaymentError as error:
            # Said at the top: the form it came from may no longer be on the page (the line
            # moved on meanwhile).
            messages.error(request, str(error))
        else:
            return _done(request, payment, _("Marked paid. The person is told."))
    return _page(request, payment, pay_form=form, status=400)


@require_POST
@login_required
def payment_cancel(request: HttpRequest, payment_id: str) -> HttpResponse:
    return _step_with_reason(
        request,
        payment_id,
        step=services.payment_cancel,
        prefix="cancel",
        done=_("Cancelled. The person is told why."),
    )


@require_POST
@login_required
def payment_correct(request: HttpRequest, payment_id: str) -> HttpResponse:
    return _step_with_reason(
        request,
        payment_id,
        step=services.payment_correct,
        prefix="correct",
        done=_("The last step is taken back. The history keeps it."),
    )


def _step_with_reason(
    request: HttpRequest, payment_id: str, *, step: Any, prefix: str, done: str
) -> HttpResponse:
    """Cancel or take back a step: both need a reason the history (and she) will read."""
    payment = payment_get_for_payer(user=request.user, payment_id=payment_id)
    form = ReasonForm(request.POST, auto_id=f"{prefix}_%s")
    if form.is_valid():
        try:
            step(actor=request.user, payment=payment, reason=form.cleaned_data["reason"])
        except services.PaymentError as error:
            # Said at the top: the form it came from may no longer be on the page (the line
            # moved on meanwhile).
            messages.error(request, str(error))
        else:
            return _done(request, payment, done)
    if prefix == "cancel":
        return _page(request, payment, cancel_form=form, status=400)
    return _page(request, payment, correct_form=form, status=400)


@require_safe
@login_required
def payment_receipt(request: HttpRequest, payment_id: str) -> FileResponse:
    """The receipt as a download, for those who pay for the organisation; each opening is
    audited. It is never given a public address."""
    payment = payment_get_for_payer(user=request.user, payment_id=payment_id)
    kind = receipt_kind(payment.receipt.name) if payment.receipt else None
    if kind is None:
        raise Http404
    try:
        handle = payment.receipt.open("rb")
    except (FileNotFoundError, UnreadableFile) as missing:  # gone, or its key was taken out
        raise Http404 from missing
    audit_record(actor=request.user, verb="payment.receipt_read", target=payment)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"receipt-{payment.pk}.{kind}",
        content_type=RECEIPT_CONTENT_TYPES[kind],
    )
