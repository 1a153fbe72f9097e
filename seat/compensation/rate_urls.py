from django.urls import path

from seat.compensation import rate_views as views

app_name = "rates"

urlpatterns = [
    path("", views.rates_index, name="index"),
    path("<uuid:organisation_id>/", views.rate_cards, name="cards"),
    path("card/<uuid:card_id>/", views.rate_card_edit, name="card-edit"),
    path("card/<uuid:card_id>/remove/", views.rate_card_remove, name="card-remove"),
]
