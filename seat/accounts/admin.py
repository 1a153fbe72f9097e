from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seat.accounts.links import invitation_link
from seat.accounts.models import MemberInvitation, Membership, Organisation, User
from seat.accounts.services import (
    INVITATION_DAYS,
    AdminAdded,
    OrganisationError,
    organisation_admin_add,
    organisation_create,
    organisation_name_clean,
)
from seat.core.formats import format_number


class MembershipInline(admin.TabularInline):
    """Shown, not edited: roles change on the organisation's members page, or through "Add an
    administrator" below, so that every change passes the same checks (never the last admin)
    and writes its audit event."""

    model = Membership
    extra = 0
    fields = readonly_fields = ("user", "organisation", "role", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password", "display_name")}),
        (gettext_lazy("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "password1", "password2")}),)
    list_display = ("username", "display_name", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("username", "display_name")
    ordering = ("username",)
    filter_horizontal = ("groups",)
    inlines = [MembershipInline]


class OrganisationAdminForm(forms.ModelForm):
    admin_username = forms.CharField(
        label=gettext_lazy("Add an administrator (username)"),
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
        help_text=gettext_lazy(
            "An account that does not exist yet is made without a password; Seat then shows, "
            "once, a link for its owner to choose one."
        ),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "default_currency"]

    def clean_name(self) -> str:
        try:
            name = organisation_name_clean(self.cleaned_data["name"])
        except OrganisationError as error:
            raise forms.ValidationError(str(error)) from None
        taken = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("An organisation named “%(name)s” already exists. Choose another name.")
                % {"name": name}
            )
        return name


class OrganisationAddForm(OrganisationAdminForm):
    """Creating an organisation means naming its first admin too: nobody could run it otherwise."""

    class Meta(OrganisationAdminForm.Meta):
        fields = ["name", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admin_username"].required = True
        self.fields["admin_username"].label = gettext_lazy("First administrator (username)")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [MembershipInline]
    form = OrganisationAdminForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def, override]
        if obj is None:
            kwargs["form"] = OrganisationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return [MembershipInline] if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "kind", "admin_username"]
        return ["name", "kind", "country", "default_currency", "admin_username"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        username = form.cleaned_data.get("admin_username", "")
        try:
            if change:
                obj.save()
                added = (
                    organisation_admin_add(actor=request.user, organisation=obj, username=username)  # type: ignore[arg-type]
                    if username
                    else None
                )
            else:
                added = organisation_create(
                    actor=request.user,  # type: ignore[arg-type]
                    name=obj.name,
                    kind=obj.kind,
                    admin_username=username,
                )
                # The admin's redirect and inlines carry on with the organisation just made.
                obj.pk = added.organisation.pk
                obj._state.adding = False
        except OrganisationError as error:
            messages.error(request, str(error))
            return
        if added is not None:
            _tell_operator(request, added)


def _tell_operator(request: HttpRequest, added: AdminAdded) -> None:
    if added.setup_code is None:
        messages.info(
            request,
            _("“%(username)s” is an administrator and logs in with their own password.")
            % {"username": added.admin.username},
        )
        return
    messages.warning(
        request,
        ngettext(
            "“%(username)s” is an administrator. Give them this link, once, to choose a password "
            "(it works for %(days)s day; Seat keeps no copy): %(link)s",
            "“%(username)s” is an administrator. Give them this link, once, to choose a password "
            "(it works for %(days)s days; Seat keeps no copy): %(link)s",
            INVITATION_DAYS,
        )
        % {
            "username": added.admin.username,
            "days": format_number(INVITATION_DAYS),
            "link": invitation_link(added.setup_code, request),
        },
    )
    if added.replaced:
        messages.info(request, _("Earlier links for this account no longer work."))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MemberInvitation)
class MemberInvitationAdmin(admin.ModelAdmin):
    """Who was invited to what, and whether the link was used: never the code, which Seat does
    not have."""

    list_display = ("organisation", "role", "created_at", "expires_at", "used_at", "revoked_at")
    list_filter = ("role",)
    fields = readonly_fields = (
        "organisation",
        "role",
        "created_by",
        "for_user",
        "created_at",
        "expires_at",
        "used_at",
        "used_by",
        "revoked_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
