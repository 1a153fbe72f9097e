"""Outcome report URLs, in three groups mounted in seat/urls.py: staff pages under
/input/reports/, the recipient's under /me/reports/, the public page under /you-said-we-did/."""

from django.urls import path

from seat.accountability import report_views as views

staff_patterns = (
    [
        path("consultations/<uuid:consultation_id>/new/", views.report_new, name="new"),
        path("<uuid:report_id>/", views.report_detail, name="detail"),
        path("<uuid:report_id>/translation/", views.report_translation, name="translation"),
        path("<uuid:report_id>/send/", views.report_send, name="send"),
        path("<uuid:report_id>/report.pdf", views.report_pdf_staff, name="pdf"),
    ],
    "reports",
)

reader_patterns = (
    [
        path("", views.my_reports, name="list"),
        path("<uuid:report_id>/", views.my_report, name="detail"),
        path("<uuid:report_id>/report.pdf", views.my_report_pdf, name="pdf"),
    ],
    "my-reports",
)

public_patterns = (
    [
        path("<uuid:organisation_id>/", views.you_said_we_did, name="organisation"),
        path(
            "<uuid:organisation_id>/<uuid:report_id>/",
            views.you_said_we_did_report,
            name="report",
        ),
    ],
    "you-said-we-did",
)
