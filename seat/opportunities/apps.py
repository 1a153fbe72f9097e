from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "seat.opportunities"
    label = "opportunities"
