"""Operators see that messages went out and which channel failed, never addresses or texts."""

from __future__ import annotations

from django.contrib import admin

from seat.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "attempts", "error", "sent_at"]
    list_filter = ["channel", "status"]
    fields = ("notification", "channel", "status", "attempts", "error", "sent_at")
    readonly_fields = ("notification", "channel", "status", "attempts", "error", "sent_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
