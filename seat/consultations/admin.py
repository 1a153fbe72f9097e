from django.contrib import admin

from seat.consultations.models import (
    Answer,
    Consultation,
    Contribution,
    EngagementPlan,
    Invitation,
    Project,
    Question,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "stage", "created_at")
    list_filter = ("stage",)
    search_fields = ("title",)


@admin.register(EngagementPlan)
class EngagementPlanAdmin(admin.ModelAdmin):
    list_display = ("project", "stage", "method", "starts_on", "ends_on", "budget", "currency")
    list_filter = ("stage", "method", "survivor_led")


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "status", "opens_on", "deadline")
    list_filter = ("status", "stage", "influence")
    search_fields = ("title",)
    inlines = [QuestionInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("consultation", "expert", "status", "created_at")
    list_filter = ("status",)


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("consultation", "expert", "channel", "attribution", "created_at")
    list_filter = ("channel", "attribution")
    readonly_fields = ("idempotency_key",)
    inlines = [AnswerInline]
