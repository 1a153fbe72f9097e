from django.urls import path

from seat.trainings import views

app_name = "trainings"

urlpatterns = [
    path("", views.home, name="home"),
    path("<uuid:organisation_id>/", views.session_list, name="session-list"),
    path("<uuid:organisation_id>/new/", views.session_new, name="session-new"),
    path("<uuid:organisation_id>/import/", views.import_new, name="import-new"),
    path(
        "<uuid:organisation_id>/import/columns.csv", views.import_template, name="import-template"
    ),
    path("sessions/<uuid:session_id>/", views.session_detail, name="session-detail"),
    path("imports/<uuid:import_id>/", views.import_report, name="import-report"),
    path("imports/<uuid:import_id>/rejected.csv", views.import_rejected, name="import-rejected"),
]
