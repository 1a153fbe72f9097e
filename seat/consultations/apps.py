from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "seat.consultations"
    label = "consultations"
