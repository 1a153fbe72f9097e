from django.urls import path

from seat.accounts import organisation_views as views

app_name = "organisation"

urlpatterns = [
    path("", views.organisation_index, name="index"),
    path("<uuid:organisation_id>/", views.members, name="members"),
    path("<uuid:organisation_id>/invite/", views.invite, name="invite"),
    path("<uuid:organisation_id>/settings/", views.organisation_settings, name="settings"),
    path("<uuid:organisation_id>/audit/", views.organisation_audit, name="audit"),
    path(
        "<uuid:organisation_id>/members/<uuid:membership_id>/role/",
        views.member_role,
        name="member-role",
    ),
    path(
        "<uuid:organisation_id>/members/<uuid:membership_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path(
        "<uuid:organisation_id>/invitations/<uuid:invitation_id>/cancel/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
]
