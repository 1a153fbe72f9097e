"""The inbox page: one's own messages only, read and marked without JavaScript, cheap to count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.notifications.services import notify


def tell(user, key, **context):
    (notification,) = notify(
        event=Event.PAYMENT_PAID,
        recipients=[user],
        key=key,
        url="/me/",
        context={"organisation": "Organisation A", "title": "Sessions", **context},
    )
    return notification


@pytest.mark.django_db
def test_the_inbox_shows_her_messages_in_her_language_and_the_menu_counts_them(client, world):
    tell(world.expert.user, "payment.paid:1", amount="1250.00", currency="BDT")
    tell(world.other_expert.user, "payment.paid:2", amount="9.00", currency="USD")
    client.force_login(world.expert.user)
    page = client.get("/me/inbox/").content.decode()
    # The invitation of `world` and this payment; never the other person's.
    assert page.count('class="card unread"') == 2
    assert "Organisation A has paid you 1,250.00 Bangladeshi takas for “Sessions”." in page
    assert "9.00" not in page
    assert "2 new" in page
    client.post("/i18n/setlang/", {"language": "bn"})
    page = client.get("/me/inbox/").content.decode()
    assert "১,২৫০.০০" in page


@pytest.mark.django_db
def test_marking_read_and_opening_work_without_javascript(client, world):
    first = tell(world.expert.user, "payment.paid:1", amount="5", currency="USD")
    client.force_login(world.expert.user)
    response = client.post("/me/inbox/", {"read": str(first.pk)})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    invitation = Notification.objects.get(recipient=world.expert.user, event=Event.INVITATION_SENT)
    response = client.post("/me/inbox/", {"open": str(invitation.pk)})
    assert response["Location"] == f"/me/invitations/{world.invitation.pk}/"
    assert not Notification.objects.filter(recipient=world.expert.user, read_at=None).exists()
    tell(world.expert.user, "payment.paid:2", amount="5", currency="USD")
    client.post("/me/inbox/", {"all": "on"})
    assert not Notification.objects.filter(recipient=world.expert.user, read_at=None).exists()
    assert "new</span>" not in client.get("/me/inbox/").content.decode()


@pytest.mark.django_db
def test_nobody_opens_or_marks_another_persons_message(client, world):
    hers = tell(world.expert.user, "payment.paid:1", amount="5", currency="USD")
    for intruder in [world.other_expert.user, world.staff_a, world.finance_a]:
        client.force_login(intruder)
        assert client.post("/me/inbox/", {"open": str(hers.pk)}).status_code == 404
        assert client.post("/me/inbox/", {"read": str(hers.pk)}).status_code == 404
        client.post("/me/inbox/", {"all": "on"})
    hers.refresh_from_db()
    assert hers.read_at is None
    # Malformed input is not an error page either.
    client.force_login(world.expert.user)
    assert client.post("/me/inbox/", {"open": "not-a-uuid"}).status_code == 302


@pytest.mark.django_db
def test_the_inbox_and_the_menu_keep_their_query_count_as_messages_grow(client, world):
    client.force_login(world.expert.user)
    client.get("/me/inbox/")
    with CaptureQueriesContext(connection) as one:
        client.get("/me/inbox/")
    for n in range(5):
        tell(world.expert.user, f"payment.paid:{n}", amount="5", currency="USD")
    with CaptureQueriesContext(connection) as several:
        client.get("/me/inbox/")
    assert len(several) == len(one)


@pytest.mark.django_db
def test_choices_page_saves_channels_and_explains_where_addresses_live(client, world):
    client.force_login(world.staff_a)
    response = client.post("/me/notifications/", {"by_email": "on", "email": ""})
    assert response.status_code == 200
    assert "Enter the e-mail address to use, or untick e-mail." in response.content.decode()
    response = client.post(
        "/me/notifications/", {"by_email": "on", "email": "nadia@example.org", "phone": ""}
    )
    assert response.status_code == 302
    page = client.get("/me/notifications/").content.decode()
    assert 'value="nadia@example.org"' in page and "your organisation cannot" in page
    client.force_login(world.expert.user)
    page = client.get("/me/notifications/").content.decode()
    # Her phone number is the one in her private details, shown to her alone.
    assert 'value="+880 1711 999 111"' in page and "private details" in page
