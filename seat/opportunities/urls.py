from django.urls import path

from seat.opportunities import views

app_name = "opportunities"

urlpatterns = [
    # The expert's pages
    path("", views.home, name="list"),
    path("see/<uuid:opportunity_id>/", views.detail, name="detail"),
    path("mine/", views.mine, name="mine"),
    path("mine/<uuid:application_id>/", views.my_application_move, name="mine-move"),
    # The organisation's pages
    path("<uuid:organisation_id>/", views.org_list, name="org-list"),
    path("<uuid:organisation_id>/new/", views.org_new, name="org-new"),
    path("<uuid:organisation_id>/hires/", views.org_hires, name="org-hires"),
    path("manage/<uuid:opportunity_id>/", views.org_detail, name="org-detail"),
    path("manage/<uuid:opportunity_id>/edit/", views.org_edit, name="org-edit"),
    path("manage/<uuid:opportunity_id>/status/", views.org_status, name="org-status"),
    path("applications/<uuid:application_id>/", views.org_application_move, name="org-move"),
]
