from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seat.accounts"
    label = "accounts"
