from django.urls import path

from seat.compensation.views import history, payment, queue, recording, work

app_name = "compensation"

urlpatterns = [
    path("", queue.payments_due, name="payments-due"),
    path("pay/", queue.payments_pay_bulk, name="payments-pay-bulk"),
    path("history/", history.payments_history, name="payments-history"),
    path("history/<str:kind>/", history.payments_export, name="payments-export"),
    path(
        "record/<uuid:consultation_id>/<uuid:expert_id>/",
        recording.payment_record,
        name="payment-record",
    ),
    path(
        "record/<uuid:consultation_id>/collective/<uuid:collective_id>/",
        recording.payment_record,
        name="payment-record-collective",
    ),
    path("work/<uuid:organisation_id>/", work.payment_for_work, name="payment-work"),
    path("<uuid:payment_id>/", payment.payment_detail, name="payment-detail"),
    path("<uuid:payment_id>/approve/", payment.payment_approve, name="payment-approve"),
    path("<uuid:payment_id>/pay/", payment.payment_pay, name="payment-pay"),
    path("<uuid:payment_id>/cancel/", payment.payment_cancel, name="payment-cancel"),
    path("<uuid:payment_id>/correct/", payment.payment_correct, name="payment-correct"),
    path("<uuid:payment_id>/receipt/", payment.payment_receipt, name="payment-receipt"),
    path("<uuid:payment_id>/advance/", recording.payment_advance, name="payment-advance"),
]
