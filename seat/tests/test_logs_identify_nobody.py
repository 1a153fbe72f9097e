"""A realistic run's logs, read for anything that identifies a person (issue 15, item 4).

Everything Seat logs, at DEBUG, as its production handler writes it (JSON, with its filters),
while people do what they do in the demo: an expert logs in and reads her private details and
her invitation, finance reads her payment, she answers by text message, someone follows a
joining link and mistypes paths holding an invitation's id and a code. Not one line may hold
her real name, her phone number, her e-mail address, her chosen name, a username, a joining code
or an invitation's id.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from seat.accounts.models import User
from seat.compensation.tests.lines import make_line
from seat.core.tests.logs import json_logs
from seat.people.services import identity_update, join_code_create
from seat.sms.services import sms_contact_enrol
from seat.tests.personas import PASSWORD

REAL_NAME = "Tahmina Secret Name"
PHONE = "+880 1711 999 111"
EMAIL = "tahmina.private@example.org"
USERNAME = "tahmina.k"


@pytest.mark.django_db
def test_no_log_line_identifies_anyone(client, world, django_capture_on_commit_callbacks):
    expert = world.expert
    User.objects.filter(pk=expert.user.pk).update(username=USERNAME)
    identity_update(actor=expert.user, expert=expert, email=EMAIL)
    sms_contact_enrol(actor=expert.user, expert=expert, phone=PHONE, language="en")
    _row, code = join_code_create(actor=world.staff_a, organisation=world.org_a)
    payment = make_line(world)
    invitation = str(world.invitation.pk)

    with json_logs() as lines, django_capture_on_commit_callbacks(execute=True):
        # She logs in (a wrong password first) and reads what is hers.
        client.post("/accounts/login/", {"username": USERNAME, "password": "not-it"})
        client.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
        client.get("/me/")
        client.get("/me/private-details/")
        client.get(f"/me/invitations/{invitation}/?from=sms&phone={PHONE}")
        client.get(f"/me/invitations/{invitation}/no-such-page/")
        client.logout()
        # Finance reads the payments waiting and hers.
        client.force_login(world.finance_a)
        client.get("/payments/")
        client.get(f"/payments/{payment.pk}/")
        client.logout()
        # Someone follows a joining link, and mistypes addresses holding a code and an id.
        client.get(f"/join/{code}/")
        client.get(f"/join/{code}/{invitation}/")
        client.get(f"/no/{invitation}/{code}/?email={EMAIL}")
        client.get(f"/projects/consultations/{world.consultation.pk}/", {"q": REAL_NAME})
        # She answers by text message.
        call_command("sms_simulate", "--from", PHONE, "HELP", stdout=io.StringIO())

    records = lines.records()
    assert len([r for r in records if r["logger"] == "seat.access"]) == 12
    assert any(r["logger"] == "django.request" for r in records)  # the 404s were logged
    text = "\n".join(lines).casefold()
    identifying = [
        REAL_NAME,
        "Tahmina",
        PHONE,
        PHONE.replace(" ", ""),
        "1711 999 111",
        "1711999111",
        EMAIL,
        "tahmina.private",
        USERNAME,
        expert.pseudonym,
        world.finance_a.username,
        code,
        code.replace("-", ""),
        invitation,
        invitation.replace("-", ""),
        str(payment.pk),
        str(world.consultation.pk),
    ]
    found = [word for word in identifying if word.casefold() in text]
    assert found == [], "\n".join(lines)
