"""Her page for taking part by text message: she gives her number, nobody else can."""

from __future__ import annotations

from seat.people.models import ExpertIdentity
from seat.sms.models import SmsContact
from seat.sms.phone import phone_index

URL = "/me/text-messages/"


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)


def test_she_chooses_text_messages_and_her_number_is_kept_with_her_private_details(client, world):
    _login(client, world.expert.user)
    response = client.post(URL, {"phone": "+880 1711 000 222", "language": "bn"})
    assert response.status_code == 302 and response["Location"] == URL
    contact = SmsContact.objects.get(expert=world.expert)
    assert (contact.language, contact.phone_index) == ("bn", phone_index("+8801711000222"))
    assert ExpertIdentity.objects.get(profile=world.expert).phone == "+8801711000222"
    page = client.get(URL).content.decode()
    assert "You take part by text message, in বাংলা." in page
    assert "000222" not in page and "000 222" not in page  # the page never shows it back


def test_a_number_that_is_not_one_is_refused_on_the_page(client, world):
    _login(client, world.expert.user)
    response = client.post(URL, {"phone": "12", "language": "bn"})
    assert response.status_code == 200
    assert "Enter a phone number with its country code" in response.content.decode()
    assert not SmsContact.objects.exists()


def test_a_number_someone_else_uses_is_refused_without_saying_whose(client, world):
    _login(client, world.other_expert.user)
    client.post(URL, {"phone": "+880 1711 000 222", "language": "es"})
    client.logout()
    _login(client, world.expert.user)
    response = client.post(URL, {"phone": "+8801711000222", "language": "bn"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "This number cannot be used." in body and "Rosa" not in body
    assert SmsContact.objects.filter(expert=world.expert).count() == 0


def test_she_stops_text_messages_from_her_page(client, world):
    _login(client, world.expert.user)
    client.post(URL, {"phone": "+880 1711 000 222", "language": "bn"})
    client.post(URL, {"action": "stop"})
    assert SmsContact.objects.get().stopped_at is not None
    assert "Text messages are stopped." in client.get(URL).content.decode()


def test_staff_have_no_such_page(client, world):
    _login(client, world.staff_a)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"phone": "+8801711000222", "language": "bn"}).status_code == 404
    assert not SmsContact.objects.exists()
