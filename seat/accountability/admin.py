from django.contrib import admin

from seat.accountability.models import OutcomeDelivery, OutcomeReport, Response


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("contribution", "outcome", "shared_at")
    list_filter = ("outcome",)


@admin.register(OutcomeReport)
class OutcomeReportAdmin(admin.ModelAdmin):
    list_display = ("consultation", "language", "created_at", "sent_at")
    list_filter = ("language",)
    raw_id_fields = ("consultation", "written_by")


@admin.register(OutcomeDelivery)
class OutcomeDeliveryAdmin(admin.ModelAdmin):
    # Ids and dates only: who a person is stays out of the list.
    list_display = ("report", "language", "fell_back", "sent_at", "read_at")
    raw_id_fields = ("report", "recipient", "partner", "read_by")
    filter_horizontal = ()
    readonly_fields = ("contributions",)
