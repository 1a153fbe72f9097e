from django.apps import AppConfig


class CompensationConfig(AppConfig):
    name = "seat.compensation"
    label = "compensation"
