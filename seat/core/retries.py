"""When a message that could not be sent (e-mail, text message) is tried again.

A provider that fails is usually down for a while, not for a moment. Each wait is twice the one
before (5, 10, 20 and 40 minutes after tries one to four), so five tries in all ride out an outage
of over an hour, and a provider coming back is not met by every waiting message at once, every
five minutes, for ever. The periodic sweep (``SEAT_SCHEDULE_SECONDS``) picks up what is due, so a
wait can run up to one sweep longer than said here.

A row that exhausted its tries stays ``failed`` with ``attempts == MAX_ATTEMPTS``: /metrics
counts those apart (``given_up``), since they need a person, not another try.
"""

from __future__ import annotations

import datetime
import functools
import operator

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

MAX_ATTEMPTS = 5
FIRST_WAIT = datetime.timedelta(minutes=5)


def wait_after(attempts: int) -> datetime.timedelta:
    """How long after its last try a message that failed ``attempts`` times is tried again."""
    return FIRST_WAIT * 2 ** (attempts - 1)


def due_again(*, now: datetime.datetime) -> Q:
    """Rows (with ``attempts`` and ``updated_at``, stamped at the last try) whose wait is over.
    The caller adds its own "failed" condition."""
    return functools.reduce(
        operator.or_,
        (
            Q(attempts=attempts, updated_at__lte=now - wait_after(attempts))
            for attempts in range(1, MAX_ATTEMPTS)
        ),
    )


def stranded_since() -> datetime.datetime:
    """A message waiting, or being sent, since before this lost the process that had it (the
    worker was down when the request ended, or stopped mid-send: ``SEAT_STRANDED_SECONDS``);
    the periodic sweep sends it."""
    return timezone.now() - datetime.timedelta(seconds=settings.SEAT_STRANDED_SECONDS)
