from django.contrib import admin

from seat.assessment.models import ActionItem, AssessmentRound, Domain, Framework, Indicator, Rating


class ReadOnlyFrameworkMixin:
    """Frameworks are loaded from versioned files; the admin only shows them."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyFrameworkMixin, admin.ModelAdmin):
    list_display = ("title", "version", "created_at")


@admin.register(Domain)
class DomainAdmin(ReadOnlyFrameworkMixin, admin.ModelAdmin):
    list_display = ("key", "title", "framework")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyFrameworkMixin, admin.ModelAdmin):
    list_display = ("key", "domain")
    search_fields = ("key", "text")


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "created_at")
    list_filter = ("status",)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Read-only: a rating belongs to the person who gave it."""

    list_display = ("round", "perspective", "indicator", "level")
    list_filter = ("perspective",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("title", "round", "status", "due_on")
    list_filter = ("status",)
