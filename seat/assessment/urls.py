from django.urls import path

from seat.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/<uuid:round_id>/", views.round_detail, name="round"),
    path("rounds/<uuid:round_id>/answer/<slug:domain_key>/", views.answer, name="answer"),
    path("rounds/<uuid:round_id>/results/", views.results, name="results"),
    path("rounds/<uuid:round_id>/results.pdf", views.results_pdf, name="results-pdf"),
    path("rounds/<uuid:round_id>/ratings.csv", views.ratings_csv, name="ratings-csv"),
    path("rounds/<uuid:round_id>/close/", views.round_close, name="round-close"),
    path("rounds/<uuid:round_id>/actions/", views.action_create, name="action-create"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action"),
    path("advisors/", views.advisors, name="advisors"),
]
