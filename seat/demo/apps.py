from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the ``seat demo`` command. It uses every app's services; nothing imports it."""

    name = "seat.demo"
    label = "demo"
