from django.contrib.auth import views as auth_views
from django.urls import path

from seat.accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("security/", views.security, name="security"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/end-others/", views.sessions_end_others, name="sessions-end-others"),
    path("sessions/<uuid:session_id>/end/", views.session_end, name="session-end"),
    path("password/", views.password_change, name="password"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "notices/<uuid:notice_id>/dismiss/",
        views.security_notice_dismiss_view,
        name="security-notice-dismiss",
    ),
    path("drafts/", views.form_draft, name="form-draft"),
    path("drafts/<uuid:draft_id>/discard/", views.form_draft_forget, name="form-draft-discard"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("invitation/", views.invitation, name="invitation"),
    path("invitation/<str:code>/", views.invitation_open, name="invitation-open"),
    path(
        "invitations/<uuid:invitation_id>/",
        views.invitation_addressed,
        name="invitation-addressed",
    ),
    path(
        "invitations/<uuid:invitation_id>/decline/",
        views.invitation_decline,
        name="invitation-decline",
    ),
]
