"""A colleague's half-typed staff form outlives the quick exit; nothing a survivor types does."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.db import connection
from django.test import Client

from seat.accounts.drafts import ticket_sign
from seat.accounts.models import FormDraft
from seat.tests.personas import make_consultation, make_invitation

TYPED = "Pre-departure training, half planned"


def ticket_on(client: Client, path: str) -> str:
    body = client.get(path).content.decode()
    match = re.search(r'data-draft="([^"]+)"', body)
    assert match, f"no draft ticket on {path}"
    return html.unescape(match.group(1))


@pytest.mark.django_db
def test_staff_forms_carry_a_draft_ticket_and_survivor_pages_never_do(client, world):
    client.force_login(world.staff_a)
    for path in ("/projects/new/", f"/input/{world.contribution.pk}/"):
        body = client.get(path).content.decode()
        assert "data-draft=" in body and "seat/draft.js" in body, path
    pending = make_invitation(
        world.staff_a,
        make_consultation(world.staff_a, world.project, title="Another"),
        world.expert,
    )
    client.force_login(world.expert.user)
    for path in (
        "/me/",
        f"/me/invitations/{pending.pk}/",
        f"/me/invitations/{world.invitation.pk}/contribute/",
        "/me/private-details/",
        "/me/consent/",
    ):
        body = client.get(path).content.decode()
        assert "data-draft" not in body and "draft.js" not in body, path


@pytest.mark.django_db
def test_a_draft_sent_as_the_quick_exit_leaves_is_kept_encrypted_and_offered_back(client, world):
    client.force_login(world.staff_a)
    ticket = ticket_on(client, "/projects/new/")
    client.get("/exit/")  # the session ends first: the beacon may well arrive after it
    beacon = Client()
    response = beacon.post(
        "/accounts/drafts/", {"ticket": ticket, "title": TYPED, "stage": "design"}
    )
    assert response.status_code == 204
    draft = FormDraft.objects.get()
    assert (draft.user, draft.path, draft.form) == (world.staff_a, "/projects/new/", "project")
    assert json.loads(draft.fields) == [["title", TYPED], ["stage", "design"]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT fields FROM accounts_formdraft")
        assert TYPED not in cursor.fetchone()[0]  # encrypted at rest

    client.force_login(world.staff_a)
    body = client.get("/projects/").content.decode()
    assert "You left a form with the quick exit" in body and 'href="/projects/new/"' in body
    body = client.get("/projects/new/").content.decode()
    assert "You left a form with the quick exit" not in body  # the form itself offers it
    assert html.escape(json.dumps([["title", TYPED], ["stage", "design"]])) in body
    assert "Put back what I typed" in body

    response = client.post(f"/accounts/drafts/{draft.pk}/discard/", {"next": "/projects/"})
    assert response["Location"] == "/projects/"
    assert FormDraft.objects.count() == 0
    assert "You left a form" not in client.get("/projects/").content.decode()


@pytest.mark.django_db
def test_sending_the_form_forgets_its_draft(client, world):
    client.force_login(world.staff_a)
    ticket = ticket_on(client, "/projects/new/")
    client.post("/accounts/drafts/", {"ticket": ticket, "title": TYPED})
    assert FormDraft.objects.count() == 1
    assert client.post("/accounts/drafts/", {"ticket": ticket, "sent": "1"}).status_code == 204
    assert FormDraft.objects.count() == 0


@pytest.mark.django_db
def test_no_draft_without_a_valid_ticket_for_a_staff_member(client, world):
    assert client.post("/accounts/drafts/", {"ticket": "forged", "title": "x"}).status_code == 400
    expert_ticket = ticket_sign(user=world.expert.user, path="/me/", form="project")
    assert client.post("/accounts/drafts/", {"ticket": expert_ticket, "a": "x"}).status_code == 400
    staff_ticket = ticket_sign(user=world.staff_a, path="/projects/new/", form="project")
    too_long = {"ticket": staff_ticket, "summary": "x" * 70_000}
    assert client.post("/accounts/drafts/", too_long).status_code == 400
    assert client.get("/accounts/drafts/").status_code == 405
    assert FormDraft.objects.count() == 0
