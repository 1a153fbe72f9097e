from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from seat.trainings.models import TrainingSession


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    """Read-only: sessions are recorded with their payment line by the trainings services."""

    list_display = ("delivered_on", "organisation", "trainer", "audience", "participants")
    list_filter = ("delivered_on",)
    raw_id_fields = ("organisation", "trainer", "payment", "recorded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
