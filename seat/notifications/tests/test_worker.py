"""The real worker process on PostgreSQL: `seat worker` runs what a request queued.

CI's PostgreSQL stage runs this (`.ci/run` fails if it was skipped there). It starts the worker
as a separate process against the test database, queues a notification through the database
backend, and waits until the e-mail has been written by the worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from seat.accounts.enums import Role
from seat.notifications.enums import DeliveryStatus, Event
from seat.notifications.models import Delivery
from seat.notifications.services import contact_choice_update, notify
from seat.tests.personas import make_member, make_org
from seat.tests.processes import database_url

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="the database queue is tested on PostgreSQL"),
]


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_delivers_what_a_request_queued(tmp_path, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = make_member("shirin", make_org("Organisation A"), Role.FINANCE)
    contact_choice_update(
        user=user, by_email=True, by_sms=False, email="shirin@example.org", phone=""
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SEAT_TASKS": "database",
        "SEAT_EMAIL": "file",
        "SEAT_DATA_DIR": str(tmp_path),
        "SEAT_SCHEDULE_SECONDS": "3600",
    }
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "seat.cli", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Queued, not sent: this process only writes the task row.
        notify(event=Event.PAYMENT_RECORDED, recipients=[user], key="payment.recorded:1")
        delivery = Delivery.objects.get(notification__recipient=user)
        assert DBTaskResult.objects.filter(
            task_path="seat.notifications.tasks.deliver_notifications"
        ).exists()

        def sent() -> bool:
            delivery.refresh_from_db()
            return delivery.status == DeliveryStatus.SENT

        assert wait_for(sent), (delivery.status, delivery.error)
        mails = list((tmp_path / "mail").iterdir())
        assert len(mails) == 1
        text = mails[0].read_text()
        assert "shirin@example.org" in text and "You have a new message on Seat" in text
        # The worker's schedule ran the periodic tasks through the same queue.
        assert wait_for(
            lambda: DBTaskResult.objects.filter(
                task_path="seat.consultations.tasks.send_deadline_reminders",
                status="SUCCESSFUL",
            ).exists()
        )
        assert not DBTaskResult.objects.filter(status="FAILED").exists()
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
