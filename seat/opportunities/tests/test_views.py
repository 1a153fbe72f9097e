from __future__ import annotations

import pytest

from seat.opportunities.models import Application, HiresOutsideSeat, Opportunity
from seat.opportunities.services import application_move, application_submit
from seat.opportunities.tests.helpers import days_ahead, form_data, post

pytestmark = pytest.mark.django_db


def test_expert_finds_filters_and_applies(client, world):
    trainer = post(world)
    post(world, kind="consultant", title="Remote adviser", remote=True, place="", languages=["en"])
    client.force_login(world.expert.user)
    page = client.get("/opportunities/").content.decode()
    assert "Trainer for police sensitisation" in page and "Remote adviser" in page
    assert "Organisation A" in page and "per day" in page
    page = client.get("/opportunities/?language=bn").content.decode()
    assert "Trainer for police sensitisation" in page and "Remote adviser" not in page
    page = client.get("/opportunities/?min_pay=100&currency=USD").content.decode()
    assert "Nothing matches what you chose." in page
    page = client.get("/opportunities/?min_pay=100").content.decode()
    assert "Choose the currency the amount is in." in page
    detail = client.get(f"/opportunities/see/{trainer.pk}/").content.decode()
    assert "your chosen name" in detail and "You never need to say what happened to you" in detail
    response = client.post(f"/opportunities/see/{trainer.pk}/", {"note": "I trained before."})
    assert response.status_code == 302 and response["Location"] == "/opportunities/mine/"
    response = client.post(f"/opportunities/see/{trainer.pk}/", {"note": "Again"}, follow=True)
    assert "You already applied for this." in response.content.decode()
    assert Application.objects.get().note == "I trained before."
    mine = client.get("/opportunities/mine/").content.decode()
    assert "The organisation has your application." in mine
    assert "Find paid work, training and grants" in client.get("/me/").content.decode()


def test_a_draft_is_not_there_and_a_closed_one_takes_no_applications(client, world):
    draft = post(world, publish=False)
    client.force_login(world.expert.user)
    assert client.get(f"/opportunities/see/{draft.pk}/").status_code == 404
    assert client.post(f"/opportunities/see/{draft.pk}/", {}).status_code == 404
    closed = post(world)
    client.force_login(world.staff_a)
    client.post(f"/opportunities/manage/{closed.pk}/status/", {"action": "close"})
    client.force_login(world.expert.user)
    page = client.get(f"/opportunities/see/{closed.pk}/").content.decode()
    assert "takes no more applications" in page
    response = client.post(f"/opportunities/see/{closed.pk}/", {"note": "x"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_note_too_long_is_a_form_error(client, world):
    opportunity = post(world)
    client.force_login(world.expert.user)
    response = client.post(f"/opportunities/see/{opportunity.pk}/", {"note": "x" * 1001})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_she_withdraws_and_accepts_only_her_own(client, world):
    opportunity = post(world)
    hers, _ = application_submit(expert=world.expert, opportunity=opportunity)
    other, _ = application_submit(expert=world.other_expert, opportunity=opportunity)
    client.force_login(world.expert.user)
    assert client.post(f"/opportunities/mine/{other.pk}/", {"to": "withdrawn"}).status_code == 404
    response = client.post(f"/opportunities/mine/{hers.pk}/", {"to": "accepted"}, follow=True)
    assert "cannot become" in response.content.decode()
    client.post(f"/opportunities/mine/{hers.pk}/", {"to": "withdrawn"})
    hers.refresh_from_db()
    other.refresh_from_db()
    assert hers.status == "withdrawn" and other.status == "received"


def test_staff_post_open_move_and_see_the_count(client, world):
    client.force_login(world.staff_a)
    org = world.org_a.pk
    response = client.post(f"/opportunities/{org}/new/", {**form_data(), "publish": "yes"})
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.status == "open" and opportunity.pay_currency == "USD"
    application, _ = application_submit(
        expert=world.expert, opportunity=opportunity, note="I can start in May."
    )
    page = client.get(f"/opportunities/manage/{opportunity.pk}/").content.decode()
    assert "Tara" in page and "I can start in May." in page
    assert "Tahmina" not in page and "1711" not in page
    for step in ("offered", "accepted"):
        client.post(f"/opportunities/applications/{application.pk}/", {"to": step})
    application.refresh_from_db()
    assert application.status == "accepted"
    response = client.post(
        f"/opportunities/applications/{application.pk}/", {"to": "received"}, follow=True
    )
    assert "cannot become" in response.content.decode()
    client.post(
        f"/opportunities/{org}/hires/",
        {"paid_roles": "2", "leadership_roles": "1", "counted_on": days_ahead(0).isoformat()},
    )
    assert HiresOutsideSeat.objects.count() == 1
    page = client.get(f"/opportunities/{org}/").content.decode()
    assert "How this is counted" in page and ">3<" in page.replace(" ", "")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_on": days_ahead(-1).isoformat()}, "cannot be in the past"),
        ({"pay_amount": "10.555"}, "at most 2 digits"),
        ({"pay_amount": "-5"}, "cannot be negative"),
        ({"pay_currency": "XXX"}, "Select a valid choice"),
        ({"pay_amount": ""}, "Say what it pays"),
        ({"place": ""}, "Name a city or district"),
    ],
)
def test_bad_posts_are_form_errors(client, world, overrides, message):
    client.force_login(world.staff_a)
    response = client.post(f"/opportunities/{world.org_a.pk}/new/", form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Opportunity.objects.exists()


def test_finance_reads_and_cannot_change(client, world):
    opportunity = post(world)
    application, _ = application_submit(expert=world.expert, opportunity=opportunity)
    client.force_login(world.finance_a)
    page = client.get(f"/opportunities/manage/{opportunity.pk}/").content.decode()
    assert "Tara" in page and "Save and tell her" not in page
    assert (
        client.post(f"/opportunities/applications/{application.pk}/", {"to": "offered"}).status_code
        == 403
    )
    assert (
        client.post(
            f"/opportunities/manage/{opportunity.pk}/status/", {"action": "close"}
        ).status_code
        == 403
    )


def test_another_organisation_s_opportunity_is_not_there(client, world):
    opportunity = post(world)
    application, _ = application_submit(expert=world.expert, opportunity=opportunity)
    client.force_login(world.staff_b)
    assert client.get(f"/opportunities/manage/{opportunity.pk}/").status_code == 404
    assert (
        client.post(f"/opportunities/applications/{application.pk}/", {"to": "offered"}).status_code
        == 404
    )
    application_move(actor=world.staff_a, application=application, to="shortlisted")
    application.refresh_from_db()
    assert application.status == "shortlisted"


@pytest.mark.parametrize(
    "query",
    [
        "?min_pay=abc&currency=USD",
        "?min_pay=NaN&currency=USD",
        "?min_pay=1e999&currency=USD",
        "?language=zz&kind=astronaut&place=Nowhere",
        "?page=abc",
        "?page=99999",
    ],
)
def test_odd_filters_never_fail(client, world, query):
    post(world)
    client.force_login(world.expert.user)
    response = client.get(f"/opportunities/{query}")
    assert response.status_code == 200


def test_odd_steps_are_messages_not_errors(client, world):
    opportunity = post(world)
    application, _ = application_submit(expert=world.expert, opportunity=opportunity)
    client.force_login(world.staff_a)
    for to in ("", "nonsense", "withdrawn", "received"):
        response = client.post(f"/opportunities/applications/{application.pk}/", {"to": to})
        assert response.status_code == 302
    response = client.post(
        f"/opportunities/manage/{opportunity.pk}/status/", {"action": "explode"}, follow=True
    )
    assert "Choose to open or to close it." in response.content.decode()
    response = client.post(
        f"/opportunities/manage/{opportunity.pk}/status/", {"action": "open"}, follow=True
    )
    assert "Only a draft can be opened." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received"
    response = client.post(
        f"/opportunities/{world.org_a.pk}/hires/",
        {"paid_roles": "-1", "leadership_roles": "x", "counted_on": "2026-13-45"},
    )
    assert response.status_code == 400
    assert not HiresOutsideSeat.objects.exists()
