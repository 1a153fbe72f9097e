"""The demo's Tara takes part by text message too: the simulator answers as her phone would."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from seat.demo.data import JOBA_PHONE, demo_load
from seat.sms import texts
from seat.sms.models import SmsThread

TARA = "+880 1711 555 013"


def _simulate(*words: str) -> str:
    out = io.StringIO()
    call_command("sms_simulate", "--from", TARA, *words, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_in_the_demo_tara_answers_her_invitation_by_sms_in_bengali():
    demo_load()
    # Invitations she answered online are settled; HELP names the latest one still waiting.
    help_lines = _simulate("HELP").splitlines()
    ref = re.search(r"YES ([A-Z0-9]{4})", help_lines[1]).group(1)  # type: ignore[union-attr]
    thread = SmsThread.objects.get(ref=ref)
    assert thread.invitation.status == "pending"
    with translation.override("bn"):
        assert help_lines == [
            f"→ …13: {texts.help_text()}",
            f"→ …13: {texts.invitation_again(ref=ref)}",
        ]
        assert _simulate("YES") == f"→ …13: {texts.consent_ask(ref=ref)}\n"
    assert _simulate("2").startswith("→ …13: প্রশ্ন ১ / ")


@pytest.mark.django_db
def test_in_the_demo_joba_whose_profile_the_collective_keeps_answers_by_sms():
    demo_load()
    out = io.StringIO()
    call_command("sms_simulate", "--from", JOBA_PHONE, "HELP", stdout=out)
    lines = out.getvalue().splitlines()
    ref = re.search(r"YES ([A-Z0-9]{4})", lines[1]).group(1)  # type: ignore[union-attr]
    thread = SmsThread.objects.get(ref=ref)
    assert thread.invitation.expert.pseudonym == "Joba"
    with translation.override("bn"):
        assert lines == [
            f"→ …27: {texts.help_text()}",
            f"→ …27: {texts.invitation_again(ref=ref)}",
        ]
