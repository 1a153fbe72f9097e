"""The provider's side: Twilio's signed webhook, its outbound API (no network), the simulator."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from seat import cli
from seat.notifications import sms
from seat.sms import texts
from seat.sms.adapters import twilio
from seat.sms.models import SmsInbound
from seat.sms.tests.conftest import NUMBER, PHONE

TOKEN = "twilio-test-token"
BASE = "https://seat.example.org"
URL = "/sms/inbound/twilio/"


def _post(client, params, *, signature=None, path=URL):  # type: ignore[no-untyped-def]
    if signature is None:
        signature = twilio.twilio_signature(
            url=BASE + path, params=list(params.items()), token=TOKEN
        )
    return client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


def _message(body: str, sid: str = "SM0001") -> dict[str, str]:
    return {"MessageSid": sid, "From": PHONE, "To": "+15005550006", "Body": body, "NumMedia": "0"}


def test_the_signature_is_twilios_documented_one():
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    assert (
        twilio.twilio_signature(
            url="https://mycompany.com/myapp.php?foo=1&bar=2",
            params=list(params.items()),
            token="12345",
        )
        == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    )


@override_settings(SEAT_TWILIO_AUTH_TOKEN=TOKEN, SEAT_BASE_URL=BASE)
def test_a_signed_message_is_handled_and_acknowledged(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _message("HELP"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    assert response.content.decode() == twilio.TwilioInbound().acknowledge()[0]
    with translation.override("bn"):
        assert sms.outbox == [(NUMBER, texts.help_text())]
    assert SmsInbound.objects.get().outcome == "help"


@override_settings(SEAT_TWILIO_AUTH_TOKEN=TOKEN, SEAT_BASE_URL=BASE)
@pytest.mark.parametrize(
    "signature",
    [
        "",
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        twilio.twilio_signature(url=BASE + URL, params=[], token=TOKEN),
    ],
)
def test_a_bad_or_missing_signature_is_403_and_changes_nothing(client, contact, signature):
    response = _post(client, _message("STOP"), signature=signature)
    assert response.status_code == 403
    assert not SmsInbound.objects.exists() and sms.outbox == []


@override_settings(SEAT_TWILIO_AUTH_TOKEN=TOKEN, SEAT_BASE_URL=BASE)
def test_a_signature_over_other_words_is_403(client, contact):
    signature = twilio.twilio_signature(
        url=BASE + URL, params=list(_message("YES").items()), token=TOKEN
    )
    assert _post(client, _message("STOP"), signature=signature).status_code == 403


@override_settings(SEAT_TWILIO_AUTH_TOKEN="", SEAT_BASE_URL=BASE)
def test_without_a_configured_token_every_request_is_refused(client, contact):
    assert _post(client, _message("HELP"), signature="anything").status_code == 403


@override_settings(SEAT_TWILIO_AUTH_TOKEN=TOKEN, SEAT_BASE_URL=BASE)
def test_a_signed_request_without_a_message_is_400_and_other_methods_or_providers_are_refused(
    client,
):
    assert _post(client, {"Body": "hi"}).status_code == 400
    assert client.get(URL).status_code == 405
    assert _post(client, _message("HELP"), path="/sms/inbound/nobody/").status_code == 404


@override_settings(SEAT_TWILIO_AUTH_TOKEN=TOKEN, SEAT_BASE_URL=BASE)
def test_the_same_message_sid_twice_is_answered_once(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, _message("HELP", "SMdup")).status_code == 200
        assert _post(client, _message("HELP", "SMdup")).status_code == 200
    assert len(sms.outbox) == 1


@override_settings(
    SEAT_TWILIO_ACCOUNT_SID="AC123", SEAT_TWILIO_AUTH_TOKEN=TOKEN, SEAT_TWILIO_FROM="+15005550006"
)
def test_twilio_sends_through_its_api_with_the_transport_replaced(monkeypatch):
    calls = []

    def transport(url, data, auth):  # type: ignore[no-untyped-def]
        calls.append((url, data, auth))
        return 201, b'{"sid": "SM1"}'

    monkeypatch.setattr(twilio, "transport", transport)
    twilio.TwilioSmsBackend().send(to=NUMBER, body="Seat: hello")
    assert calls == [
        (
            "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json",
            {"To": NUMBER, "From": "+15005550006", "Body": "Seat: hello"},
            ("AC123", TOKEN),
        )
    ]
    monkeypatch.setattr(twilio, "transport", lambda *a: (400, json.dumps({"code": 21211}).encode()))
    with pytest.raises(twilio.SmsSendError, match="twilio 400 21211"):
        twilio.TwilioSmsBackend().send(to=NUMBER, body="Seat: hello")


@override_settings(SEAT_SMS_BACKEND="twilio", SEAT_TWILIO_ACCOUNT_SID="AC123")
def test_a_refusing_provider_is_recorded_not_raised_and_the_message_tried_again(
    contact, text, monkeypatch
):
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from seat.sms.models import SmsOutbound
    from seat.sms.services import sms_outbound_retry

    assert "seat.sms.tasks.retry_outbound" in settings.SEAT_PERIODIC_TASKS
    monkeypatch.setattr(twilio, "transport", lambda *a: (500, b""))
    (reply,) = text("HELP")  # the request itself goes through
    outbound = SmsOutbound.objects.get()
    assert (outbound.status, outbound.error, outbound.attempts) == ("failed", "SmsSendError", 1)
    assert outbound.body == reply  # kept, encrypted, until it has gone
    assert sms_outbound_retry() == 0  # not at once
    SmsOutbound.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=6))
    sent = []
    monkeypatch.setattr(
        twilio, "transport", lambda url, data, auth: sent.append(data) or (201, b"")
    )
    assert sms_outbound_retry() == 1
    outbound.refresh_from_db()
    assert (outbound.status, outbound.body, outbound.attempts) == ("sent", "", 2)
    assert [d["Body"] for d in sent] == [reply] and sent[0]["To"] == NUMBER
    assert sms_outbound_retry() == 0


def test_a_message_whose_process_stopped_mid_send_is_sent_again_after_a_while(
    contact, text, settings
):
    """Claimed ("being sent") by a process that then stopped: after SEAT_STRANDED_SECONDS the
    sweep sends it; a send still within that time is left to the process doing it."""
    import datetime

    from django.utils import timezone

    from seat.notifications import sms
    from seat.sms.models import SmsOutbound
    from seat.sms.services import sms_outbound_retry

    settings.SEAT_STRANDED_SECONDS = 60
    (reply,) = text("HELP")
    sms.outbox.clear()
    SmsOutbound.objects.update(status="sending", sent_at=None, body=reply)
    assert sms_outbound_retry() == 0
    SmsOutbound.objects.update(updated_at=timezone.now() - datetime.timedelta(seconds=61))
    assert sms_outbound_retry() == 1
    assert [body for _to, body in sms.outbox] == [reply]
    assert SmsOutbound.objects.get().status == "sent"


def test_the_simulator_plays_a_message_and_prints_the_replies(contact):
    out = io.StringIO()
    call_command("sms_simulate", "--from", PHONE, "HELP", stdout=out)
    with translation.override("bn"):
        assert out.getvalue() == f"→ {sms.masked(NUMBER)}: {texts.help_text()}\n"
    out = io.StringIO()
    call_command("sms_simulate", "--from", "+15550001111", "hello", stdout=out)
    assert out.getvalue() == f"→ …11: {texts.not_recognised()}\n"
    assert "sms-simulate" in cli.HYPHENATED


def _simulate(*words: str, sender: str = PHONE, message_id: str = "") -> str:
    out = io.StringIO()
    extra = ["--id", message_id] if message_id else []
    call_command("sms_simulate", "--from", sender, *extra, *words, stdout=out)
    return out.getvalue()


def test_the_simulator_says_truly_why_no_reply_went(contact):
    _simulate("STOP", message_id="SIM-stop")
    assert _simulate("HELP") == (
        "(no reply: messages to this number are stopped; only START gets a reply)\n"
    )
    assert _simulate("STOP", message_id="SIM-stop") == (
        "(no reply: this message id was handled before)\n"
    )
    assert _simulate("STOP", sender="+15550001111") == (
        "(no reply: a stop word from a number Seat does not know gets no reply)\n"
    )


def test_the_log_of_messages_is_forgotten_after_its_retention(contact, text):
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from seat.sms.models import SmsOutbound, SmsThread
    from seat.sms.services import sms_log_purge

    assert "seat.sms.tasks.purge_log" in settings.SEAT_PERIODIC_TASKS
    text("HELP")
    text("HELP")
    assert sms_log_purge(older_than_days=90) == 0
    old = timezone.now() - datetime.timedelta(days=91)
    first = SmsInbound.objects.order_by("created_at").first()
    SmsInbound.objects.filter(pk=first.pk).update(created_at=old)  # type: ignore[union-attr]
    SmsOutbound.objects.update(created_at=old)
    assert sms_log_purge(older_than_days=90) == 3
    assert SmsInbound.objects.count() == 1 and not SmsOutbound.objects.exists()
    assert SmsThread.objects.count() == 0  # she had none; none is touched
