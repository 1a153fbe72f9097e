from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "seat.trainings"
    label = "trainings"
