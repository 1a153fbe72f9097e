"""Failed messages are tried again later each time, and a few times only (seat.core.retries)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from seat.core.retries import FIRST_WAIT, MAX_ATTEMPTS, due_again, wait_after
from seat.notifications.enums import Channel, DeliveryStatus
from seat.notifications.models import Delivery, Notification


def test_each_wait_is_twice_the_one_before():
    waits = [wait_after(attempts) for attempts in range(1, MAX_ATTEMPTS)]
    assert waits[0] == FIRST_WAIT
    assert all(later == 2 * earlier for earlier, later in itertools.pairwise(waits))
    # Together they ride out a provider down for an hour.
    assert sum(waits, datetime.timedelta()) > datetime.timedelta(hours=1)


@pytest.mark.django_db
@pytest.mark.parametrize("attempts", range(1, MAX_ATTEMPTS))
def test_a_failure_is_due_again_only_once_its_wait_is_over(world, attempts):
    notification = Notification.objects.filter(recipient=world.expert.user).first()
    assert notification is not None
    Delivery.objects.all().delete()
    now = timezone.now()
    last_try = {
        Channel.EMAIL: now - wait_after(attempts) + datetime.timedelta(seconds=30),  # early
        Channel.SMS: now - wait_after(attempts),  # due
    }
    for channel, moment in last_try.items():
        Delivery.objects.create(
            notification=notification, channel=channel, status=DeliveryStatus.FAILED
        )
        # updated_at is stamped on save: set the moment of the last try afterwards.
        Delivery.objects.filter(channel=channel).update(attempts=attempts, updated_at=moment)
    due = Delivery.objects.filter(due_again(now=now)).values_list("channel", flat=True)
    assert list(due) == [Channel.SMS]


@pytest.mark.django_db
def test_a_message_that_had_every_try_is_never_due_again(world):
    notification = Notification.objects.filter(recipient=world.expert.user).first()
    assert notification is not None
    Delivery.objects.all().delete()
    Delivery.objects.create(notification=notification, channel=Channel.SMS)
    Delivery.objects.update(
        status=DeliveryStatus.FAILED,
        attempts=MAX_ATTEMPTS,
        updated_at=timezone.now() - datetime.timedelta(days=30),
    )
    assert not Delivery.objects.filter(due_again(now=timezone.now())).exists()
