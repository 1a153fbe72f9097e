"""Answers sent after the idle logout are kept for their author, encrypted, for a few hours.

The browser flow (no JavaScript, a real expired session) is in
``seat/tests/browser/test_kept_answers.py``.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from seat.consultations.models import Contribution, KeptAnswer
from seat.consultations.services import kept_answer_ticket
from seat.tests.personas import PASSWORD, make_consultation, make_invitation

WORDS = "Recruiters should learn the legal fees first."


def setup(world):
    invitation = make_invitation(
        world.staff_a, make_consultation(world.staff_a, world.project), world.expert, accept=True
    )
    question = invitation.consultation.questions.first()
    url = f"/me/invitations/{invitation.pk}/contribute/"
    form = {
        f"q_{question.pk}": WORDS,
        "attribution": "not_quoted",
        "idempotency_key": str(uuid.uuid4()),
        "keep": kept_answer_ticket(invitation=invitation),
        "csrfmiddlewaretoken": "x",
    }
    return invitation, url, form


@pytest.mark.django_db
def test_an_answer_sent_after_the_logout_waits_for_her_after_login(client, world):
    invitation, url, form = setup(world)
    response = client.post(url, form)  # her session has ended
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    login_page = client.get("/accounts/login/").content.decode()
    assert "They are not lost: log in again" in login_page

    kept = KeptAnswer.objects.get(invitation=invitation)
    assert kept.expires_at - timezone.now() > datetime.timedelta(hours=23)
    with connection.cursor() as cursor:
        cursor.execute("SELECT fields FROM consultations_keptanswer")
        (stored,) = cursor.fetchone()
    assert WORDS not in stored and "legal" not in stored  # encrypted at rest

    response = client.post(
        "/accounts/login/", {"username": world.expert.user.username, "password": PASSWORD}
    )
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert f">\n{WORDS}</textarea>" in page
    assert "we kept them for you" in page
    assert f'name="idempotency_key" value="{form["idempotency_key"]}"' in page

    # Sent: the copy is gone, the contribution holds the words.
    client.post(url, {k: v for k, v in form.items() if k != "csrfmiddlewaretoken"})
    contribution = Contribution.objects.get(invitation=invitation)
    assert list(contribution.answers.values_list("text", flat=True)) == [WORDS]
    assert not KeptAnswer.objects.exists()


@pytest.mark.django_db
def test_only_her_page_shows_it_and_only_for_a_day(client, world):
    invitation, url, form = setup(world)
    client.post(url, form)
    # Another expert cannot open her invitation at all.
    client.force_login(world.other_expert.user)
    assert client.get(url).status_code == 404
    # After its lifetime it is neither shown nor kept.
    KeptAnswer.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(world.expert.user)
    assert WORDS not in client.get(url).content.decode()
    client.logout()
    client.post(url.replace(str(invitation.pk), str(world.invitation.pk)), form)
    assert not KeptAnswer.objects.filter(expires_at__lte=timezone.now()).exists()


@pytest.mark.django_db
def test_nothing_is_kept_for_an_answered_or_unknown_invitation(client, world):
    _invitation, _url, form = setup(world)
    answered = f"/me/invitations/{world.invitation.pk}/contribute/"
    for url in [answered, f"/me/invitations/{uuid.uuid4()}/contribute/"]:
        response = client.post(url, form)
        assert response["Location"] == "/accounts/login/"
    assert not KeptAnswer.objects.exists()


@pytest.mark.django_db
def test_the_purge_command_deletes_what_is_past_its_lifetime(client, world):
    from django.core.management import call_command

    _invitation, url, form = setup(world)
    client.post(url, form)
    call_command("purge_kept_answers")
    assert KeptAnswer.objects.count() == 1
    KeptAnswer.objects.update(expires_at=timezone.now())
    call_command("purge_kept_answers")
    assert not KeptAnswer.objects.exists()


@pytest.mark.django_db
def test_nobody_who_only_knows_the_address_can_plant_words_for_her(client, world):
    """Before, any unauthenticated POST to her invitation's address was kept and shown to her
    after login as if she had typed it. Now only the form her page gave her is kept."""
    invitation, url, form = setup(world)
    other = make_invitation(
        world.staff_a, make_consultation(world.staff_a, world.project), world.other_expert
    )
    forged = [
        {k: v for k, v in form.items() if k != "keep"},
        {**form, "keep": "not-a-ticket"},
        {**form, "keep": kept_answer_ticket(invitation=other)},
    ]
    for fields in forged:
        response = client.post(url, fields)
        assert response["Location"] == "/accounts/login/"
        assert "They are not lost" not in client.get("/accounts/login/").content.decode()
    assert not KeptAnswer.objects.exists()
    # The page she was given carries its ticket; the form it sends is kept.
    client.force_login(world.expert.user)
    page = client.get(url).content.decode()
    client.logout()
    assert 'name="keep"' in page
    client.post(url, form)
    assert KeptAnswer.objects.filter(invitation=invitation).exists()
