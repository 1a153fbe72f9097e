from django.urls import path

from seat.accountability import views

app_name = "accountability"

urlpatterns = [
    path("<uuid:contribution_id>/", views.contribution_detail, name="contribution-detail"),
]
