from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seat.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from seat.accounts.backends import count_failed_login

        user_login_failed.connect(count_failed_login, dispatch_uid="seat-login-address-failures")
