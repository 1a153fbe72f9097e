from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "seat.councils"
    label = "councils"
