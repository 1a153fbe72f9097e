from django.urls import path

from seat.councils import views

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="list"),
    path("host/<uuid:organisation_id>/new/", views.council_new, name="new"),
    path("<uuid:council_id>/", views.council_detail, name="detail"),
    path("<uuid:council_id>/edit/", views.council_edit, name="edit"),
    path("<uuid:council_id>/terms/new/", views.term_new, name="term-new"),
    path("terms/<uuid:term_id>/renew/", views.term_renew, name="term-renew"),
    path("<uuid:council_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting"),
    path(
        "meetings/<uuid:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path("meetings/<uuid:meeting_id>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path(
        "<uuid:council_id>/recommendations/new/",
        views.recommendation_new,
        name="recommendation-new",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/edit/",
        views.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/respond/",
        views.recommendation_respond,
        name="recommendation-respond",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/implemented/",
        views.recommendation_implemented,
        name="recommendation-implemented",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/dissent/",
        views.dissent_new,
        name="dissent-new",
    ),
    path("<uuid:council_id>/report/<int:year>/", views.council_report, name="report"),
    path("<uuid:council_id>/report/<int:year>.pdf", views.council_report_pdf, name="report-pdf"),
]
