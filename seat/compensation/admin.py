from django.contrib import admin

from seat.compensation.models import PaymentLine


@admin.register(PaymentLine)
class PaymentLineAdmin(admin.ModelAdmin):
    list_display = ("expert", "organisation", "amount", "currency", "status", "due_on")
    list_filter = ("status", "currency")
