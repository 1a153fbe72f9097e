from django.urls import path

from seat.compensation import views

app_name = "compensation"

urlpatterns = [
    path("", views.payments_due, name="payments-due"),
    path(
        "record/<uuid:consultation_id>/<uuid:expert_id>/",
        views.payment_record,
        name="payment-record",
    ),
    path(
        "record/<uuid:consultation_id>/collective/<uuid:collective_id>/",
        views.payment_record,
        name="payment-record-collective",
    ),
    path("<uuid:payment_id>/advance/", views.payment_advance, name="payment-advance"),
]
