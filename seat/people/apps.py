from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "seat.people"
    label = "people"
