from django.urls import path

from seat.accounts import organisation_views as views

app_name = "organisation"

urlpatterns = [
    path("", views.organisation_index, name="index"),
    path("<uuid:organisation_id>/", views.members, name="members"),
    path("<uuid:organisation_id>/invite/", views.invite, name="invite"),
]
