"""``seat worker``: run background tasks and the periodic schedule.

With ``SEAT_TASKS=database`` (production) it runs queued tasks as they arrive (django-tasks-db's
worker) and, in a side thread, queues the periodic tasks every ``SEAT_SCHEDULE_SECONDS``. With
the immediate backend there is no queue to run: it only keeps the schedule (each periodic task
runs at once). Run one or more per installation; the periodic tasks are idempotent.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.utils.crypto import get_random_string

from seat.core.tasks import periodic_enqueue


def _schedule(every: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            periodic_enqueue()
        finally:
            # This thread's own database connection: never left open across the long wait.
            connections.close_all()
        stop.wait(every)


class Command(BaseCommand):
    help = "Run background tasks (notifications) and periodic housekeeping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait for new tasks when the queue is empty (default 1).",
        )
        parser.add_argument(
            "--schedule-seconds",
            type=float,
            default=None,
            help="Seconds between periodic runs (default SEAT_SCHEDULE_SECONDS).",
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Run queued tasks only, no periodic work."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Stop after this many tasks (tests)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["schedule_seconds"] or settings.SEAT_SCHEDULE_SECONDS
        stop = threading.Event()
        if settings.SEAT_TASKS != "database":
            if options["no_schedule"]:
                self.stdout.write("SEAT_TASKS=immediate: tasks run where they are queued.")
                return
            self.stdout.write(f"Periodic work every {every:g} s (tasks run immediately).")
            _schedule(every, stop)
            return
        from django_tasks_db.management.commands.db_worker import Worker

        if not options["no_schedule"]:
            threading.Thread(
                target=_schedule, args=(every, stop), name="seat-schedule", daemon=True
            ).start()
        self.stdout.write(
            "Seat worker: running queued tasks"
            + ("" if options["no_schedule"] else f", periodic work every {every:g} s")
            + ".",
        )
        self.stdout.flush()
        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
