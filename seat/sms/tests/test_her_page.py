"""Her page for taking part by text message: she gives her number, nobody else can, and a
number becomes hers only once she types the code sent to it. The page answers the same whether
or not someone else on Seat uses the number."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from seat.core.models import AuditEvent
from seat.notifications import sms
from seat.people.models import ExpertIdentity
from seat.sms import services, texts
from seat.sms.models import SmsClaim, SmsContact, SmsOutbound
from seat.sms.phone import phone_index

URL = "/me/text-messages/"
CODE_SENT = "If this number can get text messages, a code is on its way to it."


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)


def _give(client, number, language="bn", capture=None):  # type: ignore[no-untyped-def]
    if capture is None:
        return client.post(URL, {"phone": number, "language": language}, follow=True)
    with capture(execute=True):
        return client.post(URL, {"phone": number, "language": language}, follow=True)


def _code(number: str) -> str:
    bodies = [body for to, body in sms.outbox if to == number]
    return re.search(r"\b(\d{6})\b", bodies[-1]).group(1)  # type: ignore[union-attr]


def _confirm(client, code):  # type: ignore[no-untyped-def]
    return client.post(URL, {"action": "confirm", "code": code}, follow=True)


def test_she_confirms_her_number_with_the_code_and_it_is_kept_with_her_private_details(
    client, world, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"phone": "+880 1711 000 222", "language": "bn"})
    assert response.status_code == 302 and response["Location"] == URL
    assert not SmsContact.objects.exists()  # not hers yet
    page = client.get(URL).content.decode()
    assert CODE_SENT in page and "The code in the text message" in page
    assert "000222" not in page and "000 222" not in page  # the page never shows it back
    code = _code("+8801711000222")
    response = _confirm(client, code)
    contact = SmsContact.objects.get(expert=world.expert)
    assert (contact.language, contact.phone_index) == ("bn", phone_index("+8801711000222"))
    assert ExpertIdentity.objects.get(profile=world.expert).phone == "+8801711000222"
    page = response.content.decode()
    assert "You take part by text message, in বাংলা." in page
    assert "000222" not in page and "000 222" not in page
    assert not SmsClaim.objects.exists()  # the number given is not kept a second time


def test_the_code_is_stored_only_as_a_digest_and_the_message_says_nothing_about_her(
    client, world, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    _give(client, "+8801711000222", "en", django_capture_on_commit_callbacks)
    code = _code("+8801711000222")
    claim = SmsClaim.objects.get()
    assert code not in claim.code_digest and len(claim.code_digest) == 64
    (body,) = [b for to, b in sms.outbox if to == "+8801711000222"]
    with translation.override("en"):
        assert body == texts.confirm_code(code=code)  # a code, and nothing about her
    # Only the reply to an unknown number's kind of row: no text kept.
    assert SmsOutbound.objects.get(key__startswith="confirm:").body == ""


def test_the_code_is_sent_in_the_language_she_chose_for_her_messages_not_the_pages(
    client, world, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    with translation.override("en"):
        _give(client, "+8801711000222", "bn", django_capture_on_commit_callbacks)
    (body,) = [b for to, b in sms.outbox if to == "+8801711000222"]
    code = _code("+8801711000222")
    with translation.override("bn"):
        assert body == texts.confirm_code(code=code)
    with translation.override("en"):
        assert body != texts.confirm_code(code=code)
    assert body.startswith("Seat: আপনার কোড")


def test_a_number_that_is_not_one_is_refused_on_the_page(client, world):
    _login(client, world.expert.user)
    response = client.post(URL, {"phone": "12", "language": "bn"})
    assert response.status_code == 200
    assert "Enter a phone number with its country code" in response.content.decode()
    assert not SmsContact.objects.exists() and not SmsClaim.objects.exists()


def test_a_number_someone_else_uses_gets_the_same_answer_and_cannot_be_claimed(
    client, world, django_capture_on_commit_callbacks
):
    """No oracle: a number in use and a free one get the same redirect, the same words, the
    same one message to the number, and neither becomes hers without the code."""
    _login(client, world.other_expert.user)
    _give(client, "+880 1711 000 222", "es", django_capture_on_commit_callbacks)
    _confirm(client, _code("+8801711000222"))
    theirs = SmsContact.objects.get(expert=world.other_expert)
    client.logout()
    _login(client, world.expert.user)

    def attempt(number):  # type: ignore[no-untyped-def]
        outbox = len(sms.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(URL, {"phone": number, "language": "bn"})
        page = re.sub(r'value="[A-Za-z0-9]{64}"', "", client.get(URL).content.decode())
        return first.status_code, first["Location"], page, len(sms.outbox) - outbox

    in_use = attempt("+8801711000222")
    free = attempt("+8801711000333")
    assert in_use[:2] == free[:2] == (302, URL)
    assert in_use[3] == free[3] == 1  # one code each, to the number given
    assert CODE_SENT in in_use[2]
    assert in_use[2].replace("000333", "") == free[2].replace("000333", "")
    assert "cannot be used" not in in_use[2] and "Rosa" not in in_use[2]
    # A guessed code does not take the number.
    assert "That code is not right" in _confirm(client, "000000").content.decode()
    theirs.refresh_from_db()
    assert theirs.phone_index == phone_index("+8801711000222")
    assert not SmsContact.objects.filter(expert=world.expert).exists()


def test_whoever_proves_she_holds_a_number_gets_it_and_the_other_stops_silently(
    client, world, django_capture_on_commit_callbacks
):
    _login(client, world.other_expert.user)
    _give(client, "+8801711000222", "es", django_capture_on_commit_callbacks)
    _confirm(client, _code("+8801711000222"))
    client.logout()
    _login(client, world.expert.user)
    _give(client, "+8801711000222", "bn", django_capture_on_commit_callbacks)
    page = _confirm(client, _code("+8801711000222")).content.decode()
    assert "You take part by text message" in page
    mine = SmsContact.objects.get(expert=world.expert)
    before = SmsContact.objects.get(expert=world.other_expert)
    assert mine.phone_index == phone_index("+8801711000222")
    assert before.phone_index is None and before.stopped_at is not None
    # Her page says only that messages are stopped: not why, nor who.
    client.logout()
    _login(client, world.other_expert.user)
    page = client.get(URL).content.decode()
    assert "Text messages are stopped." in page and "Tara" not in page


def test_wrong_codes_are_limited_then_even_the_right_one_fails(
    client, world, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    _give(client, "+8801711000222", "bn", django_capture_on_commit_callbacks)
    code = _code("+8801711000222")
    wrong = "111111" if code != "111111" else "222222"
    for _try in range(services.CODE_TRIES):
        assert _confirm(client, wrong).status_code == 200
    assert "That code is not right" in _confirm(client, code).content.decode()
    assert not SmsContact.objects.exists()
    assert AuditEvent.objects.filter(verb="sms.code_wrong").count() == services.CODE_TRIES


def test_an_old_code_fails(client, world, django_capture_on_commit_callbacks):
    _login(client, world.expert.user)
    _give(client, "+8801711000222", "bn", django_capture_on_commit_callbacks)
    SmsClaim.objects.update(expires_at=SmsClaim.objects.get().created_at)
    assert "That code is not right" in _confirm(client, _code("+8801711000222")).content.decode()
    assert not SmsContact.objects.exists()


def test_codes_are_throttled_per_person_and_per_number_without_a_word_about_the_number(
    client, world, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    for _n in range(services.CODES_PER_HOUR):
        page = _give(client, "+8801711000222", "bn", django_capture_on_commit_callbacks)
        assert CODE_SENT in page.content.decode()
    # The number had its codes for the hour: the page says the same, nothing more is sent.
    to_it = [to for to, _b in sms.outbox].count("+8801711000222")
    assert to_it == services.CODES_PER_NUMBER_PER_HOUR
    # Her own count is told to her, plainly.
    page = _give(client, "+8801711000999", "bn", django_capture_on_commit_callbacks)
    assert "You asked for many codes" in page.content.decode()
    # Another person asking for the same number gets the usual answer and sends nothing.
    client.logout()
    _login(client, world.other_expert.user)
    page = _give(client, "+8801711000222", "es", django_capture_on_commit_callbacks)
    assert CODE_SENT in page.content.decode()
    assert [to for to, _b in sms.outbox].count("+8801711000222") == to_it


def test_changing_only_the_language_of_her_own_number_needs_no_code(
    client, world, contact, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    outbox = len(sms.outbox)
    page = _give(client, "+880 1711 999 111", "en", django_capture_on_commit_callbacks)
    assert "Saved. Invitations from now on" in page.content.decode()
    assert SmsContact.objects.get().language == "en" and len(sms.outbox) == outbox


def test_she_stops_text_messages_from_her_page(client, world, contact):
    _login(client, world.expert.user)
    client.post(URL, {"action": "stop"})
    assert SmsContact.objects.get().stopped_at is not None
    assert "Text messages are stopped." in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "data", [{"phone": "+8801711000222", "language": "bn"}, {"action": "confirm", "code": "123456"}]
)
def test_staff_have_no_such_page(client, world, data):
    _login(client, world.staff_a)
    assert client.get(URL).status_code == 404
    assert client.post(URL, data).status_code == 404
    assert not SmsContact.objects.exists() and not SmsClaim.objects.exists()


@override_settings(LANGUAGE_CODE="en")
def test_a_code_form_with_nothing_waiting_says_the_code_is_wrong(client, world):
    _login(client, world.expert.user)
    response = _confirm(client, "123456")
    assert response.status_code == 200 and "That code is not right" in response.content.decode()


def test_a_number_never_confirmed_is_forgotten_and_the_task_is_scheduled(
    client, world, settings, django_capture_on_commit_callbacks
):
    _login(client, world.expert.user)
    _give(client, "+8801711000222", "bn", django_capture_on_commit_callbacks)
    assert services.sms_log_purge(older_than_days=90) == 0  # its code is still good
    SmsClaim.objects.update(expires_at=timezone.now() - datetime.timedelta(hours=2))
    assert services.sms_log_purge(older_than_days=90) == 1
    assert not SmsClaim.objects.exists()
    assert "seat.sms.tasks.finish_held" in settings.SEAT_PERIODIC_TASKS
