from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seat.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django_tasks.signals import task_finished, task_started

        from seat.core import requestlog
        from seat.core.database import plan_prepared_statements_once

        request_finished.connect(requestlog.request_done, dispatch_uid="seat.core.request_done")
        # What a background task logs carries its id (seat/core/requestlog.py).
        task_started.connect(requestlog.task_started, dispatch_uid="seat.core.task_started")
        task_finished.connect(requestlog.task_finished, dispatch_uid="seat.core.task_finished")
        connection_created.connect(
            plan_prepared_statements_once, dispatch_uid="seat.core.plan_prepared_statements_once"
        )
