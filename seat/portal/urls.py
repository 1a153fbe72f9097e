from django.urls import path

from seat.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.my_home, name="home"),
    path("invitations/<uuid:invitation_id>/", views.invitation, name="invitation"),
    path("invitations/<uuid:invitation_id>/contribute/", views.contribute, name="contribute"),
    path("invitations/<uuid:invitation_id>/listen/<slug:part>.opus", views.listen, name="listen"),
    path("input/", views.my_input, name="my-input"),
    path("input/<uuid:contribution_id>/", views.contribution, name="contribution"),
    path("advise/<uuid:request_id>/", views.advisor_request, name="advisor-request"),
    path("consent/", views.consent, name="consent"),
    path("private-details/", views.private_details, name="private-details"),
    path("preferences/", views.preferences, name="preferences"),
    path("organisations/", views.organisations, name="organisations"),
    path("earnings/", views.earnings, name="earnings"),
    path("earnings/statement.csv", views.earnings_csv, name="earnings-csv"),
    path("earnings/statement.pdf", views.earnings_pdf, name="earnings-pdf"),
]
