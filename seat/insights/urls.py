"""Insights URLs in two groups mounted in seat/urls.py: the organisation's pages under
/insights/, and an expert's view of an organisation she works with under /me/organisations/."""

from django.urls import path

from seat.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:organisation_id>/", views.dashboard, name="dashboard"),
    path("<uuid:organisation_id>/report/", views.report, name="report"),
    path("<uuid:organisation_id>/report.pdf", views.report_pdf, name="report-pdf"),
]

expert_patterns = (
    [path("<uuid:organisation_id>/figures/", views.figures, name="figures")],
    "my-figures",
)
