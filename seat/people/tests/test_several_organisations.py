"""One expert, several organisations: one account, and no organisation learns of the others."""

from __future__ import annotations

import re

import pytest

from seat.accounts.models import User
from seat.core.models import AuditEvent
from seat.people.models import ExpertLink, JoinCode
from seat.people.services import expert_link_record, join_code_create

pytestmark = pytest.mark.django_db


def add_with_code(client, shown: str):
    """Enter the code on her page, then say yes to the organisation it names."""
    client.post("/me/organisations/", {"code": shown})
    page = client.get("/me/organisations/").content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    return page, client.post("/me/organisations/", {"ticket": ticket})


def test_she_adds_a_second_organisation_with_its_code_and_keeps_one_account(client, world):
    expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
    _code, shown = join_code_create(actor=world.staff_b, organisation=world.org_b)
    client.force_login(world.expert.user)
    users = User.objects.count()
    page, response = add_with_code(client, shown)
    assert "Work with <bdi>Organisation B</bdi> too?" in page
    assert response["Location"] == "/me/organisations/"
    assert User.objects.count() == users
    assert {link.organisation for link in ExpertLink.objects.filter(expert=world.expert)} == {
        world.org_a,
        world.org_b,
    }
    listing = client.get("/me/organisations/").content.decode()
    assert "Organisation A" in listing and "Organisation B" in listing
    assert AuditEvent.objects.filter(verb="expert.link", object_id=str(world.expert.pk)).exists()


def test_a_joining_link_opened_while_logged_in_offers_the_organisation(client, world):
    _code, shown = join_code_create(actor=world.staff_b, organisation=world.org_b)
    client.force_login(world.expert.user)
    assert client.get(f"/join/{shown}/")["Location"] == "/me/organisations/"
    assert (
        "Work with <bdi>Organisation B</bdi> too?"
        in client.get("/me/organisations/").content.decode()
    )
    assert client.get("/join/")["Location"] == "/me/organisations/"


def test_an_organisation_she_already_works_with_keeps_its_code_unused(client, world):
    expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
    code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    client.force_login(world.expert.user)
    client.post("/me/organisations/", {"code": shown})
    page = client.get("/me/organisations/").content.decode()
    assert "You already work with Organisation A. Nothing has changed." in page
    assert 'name="ticket"' not in page
    code.refresh_from_db()
    assert code.used_at is None


def test_a_used_code_adds_nothing(client, world):
    code, shown = join_code_create(actor=world.staff_b, organisation=world.org_b)
    client.force_login(world.expert.user)
    client.post("/me/organisations/", {"code": shown})
    page = client.get("/me/organisations/").content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    # Someone else uses the code between her two steps.
    JoinCode.objects.filter(pk=code.pk).update(used_at=code.created_at)
    response = client.post("/me/organisations/", {"ticket": ticket}, follow=True)
    assert "This code cannot be used" in response.content.decode()
    assert not ExpertLink.objects.filter(expert=world.expert, organisation=world.org_b).exists()


def test_no_organisation_sees_her_other_organisations(client, world):
    expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
    expert_link_record(actor=None, expert=world.expert, organisation=world.org_b)
    join_code_create(actor=world.staff_b, organisation=world.org_b)
    client.force_login(world.staff_a)
    page_a = client.get("/people/").content.decode()
    assert "Tara" in page_a
    assert "Organisation B" not in page_a and "staff-b" not in page_a
    client.force_login(world.staff_b)
    page_b = client.get("/people/").content.decode()
    assert "Tara" in page_b and "Organisation A" not in page_b
    # Rosa, who works with B only, sees her own organisation and nothing of Tara's.
    client.force_login(world.other_expert.user)
    page = client.get("/me/organisations/").content.decode()
    assert "Organisation B" in page and "Organisation A" not in page
