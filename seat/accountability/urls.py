from django.urls import path

from seat.accountability import views

app_name = "accountability"

urlpatterns = [
    path("awaiting/", views.awaiting, name="awaiting"),
    path("<uuid:contribution_id>/", views.contribution_detail, name="contribution-detail"),
]
