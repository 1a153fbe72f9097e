from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "seat.assessment"
    label = "assessment"
