from django.contrib import admin

from seat.people.models import ConsentRecord, ExpertProfile


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ("purpose", "given", "text_version", "channel", "witness", "created_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the ledger is written by the person, through the product


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """Identity fields are never shown here: they live in ExpertIdentity, which has no admin."""

    list_display = ("pseudonym", "languages", "represented_by")
    search_fields = ("pseudonym",)
    fields = ("user", "pseudonym", "languages", "expertise", "represented_by")
    raw_id_fields = ("user",)
    inlines = [ConsentInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("expert", "purpose", "given", "channel", "created_at")
    list_filter = ("purpose", "given", "channel")
    readonly_fields = ("expert", "purpose", "given", "text_version", "channel", "witness")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
