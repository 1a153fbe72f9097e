from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seat.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from seat.accounts.backends import count_failed_login
        from seat.accounts.sessions import session_logged_in, session_logged_out

        user_login_failed.connect(count_failed_login, dispatch_uid="seat-login-address-failures")
        user_logged_in.connect(session_logged_in, dispatch_uid="seat-user-session-start")
        user_logged_out.connect(session_logged_out, dispatch_uid="seat-user-session-end")
