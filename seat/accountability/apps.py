from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "seat.accountability"
    label = "accountability"
