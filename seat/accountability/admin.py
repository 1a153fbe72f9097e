from django.contrib import admin

from seat.accountability.models import Response


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("contribution", "outcome", "shared_at")
    list_filter = ("outcome",)
