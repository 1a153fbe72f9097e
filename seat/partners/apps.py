from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "seat.partners"
    label = "partners"
