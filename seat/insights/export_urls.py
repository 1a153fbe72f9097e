"""Mounted at ``insights/<uuid:organisation_id>/export/``: ``insights.csv`` and
``insights.xlsx``."""

from django.urls import path

from seat.insights import export_views

app_name = "insights_exports"

urlpatterns = [
    path("insights.<str:kind>", export_views.insights_export, name="insights"),
]
