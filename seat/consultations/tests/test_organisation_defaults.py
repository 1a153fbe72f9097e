"""A new consultation starts from its organisation's settings, and the dates staff and experts
are told about responses follow the organisation's response target."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seat.accounts.services import organisation_settings_change


def settings_of_a(world, **overrides):
    values = {
        "name": world.org_a.name,
        "kind": world.org_a.kind,
        "country": "",
        "default_currency": "USD",
        "languages": ["en"],
        "min_lead_days": 14,
        "response_days": 30,
        "pay_within_days": 30,
    } | overrides
    organisation_settings_change(actor=world.admin_a, organisation=world.org_a, **values)


@pytest.mark.django_db
def test_a_new_consultation_starts_from_the_organisations_settings(client, world):
    settings_of_a(
        world,
        default_currency="BDT",
        languages=["bn", "es"],
        min_lead_days=21,
        pay_within_days=10,
    )
    client.force_login(world.staff_a)
    form = client.get(f"/projects/{world.project.pk}/consultations/new/").context["form"]
    today = timezone.localdate()
    assert {name: form[name].value() for name in form.initial if name != "form_key"} == {
        "stage": world.project.stage,
        "currency": "BDT",
        "pay_within_days": 10,
        "languages": ["bn", "es"],
        "text_language": "bn",
        "opens_on": today,
        "deadline": today + datetime.timedelta(days=21),
    }
    assert form["deadline"].help_text == (
        "Organisation A gives people at least 21 days between the invitation and the last day."
    )


@pytest.mark.django_db
def test_the_respond_by_date_counts_from_the_last_day_and_follows_the_setting(client, world):
    consultation = world.consultation
    assert consultation.response_due_on == consultation.deadline + datetime.timedelta(days=30)
    settings_of_a(world, response_days=7)
    consultation.refresh_from_db()
    consultation.project.organisation.refresh_from_db()
    assert consultation.response_due_on == consultation.deadline + datetime.timedelta(days=7)


def shown(day: datetime.date) -> str:
    from seat.core.formats import format_day

    return format_day(day)


@pytest.mark.django_db
def test_staff_see_the_day_to_respond_by_and_how_many_are_overdue(client, world):
    from seat.consultations.models import Consultation

    consultation = world.consultation
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    due = consultation.deadline + datetime.timedelta(days=30)
    assert f"Respond to each by {shown(due)}." in page
    assert "overdue" not in page
    contribution_page = client.get(f"/input/{world.contribution.pk}/").content.decode()
    assert f"Respond by {shown(due)}." in contribution_page

    # The last day was 40 days ago: with a target of 30 days, the answer is 10 days late.
    past = timezone.localdate() - datetime.timedelta(days=40)
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=past, deadline=past)
    page = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    assert "1 response is overdue." in page
    settings_of_a(world, response_days=60)
    page = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    assert f"Respond to each by {shown(past + datetime.timedelta(days=60))}." in page
    assert "overdue" not in page


@pytest.mark.django_db
def test_the_expert_is_told_by_when_the_organisation_aims_to_answer(client, world):
    client.force_login(world.expert.user)
    deadline = world.consultation.deadline
    for response_days in (30, 10):
        settings_of_a(world, response_days=response_days)
        promise = (
            "No answer yet. The organisation must tell you what it did with your input. It "
            f"aims to do so by {shown(deadline + datetime.timedelta(days=response_days))}."
        )
        assert promise in client.get("/").content.decode()
        assert promise in client.get(f"/me/input/{world.contribution.pk}/").content.decode()


@pytest.mark.django_db
def test_a_short_notice_is_a_warning_for_staff_not_a_refusal(client, world):
    from seat.consultations.models import Consultation

    consultation = world.consultation
    today = timezone.localdate()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today, deadline=today + datetime.timedelta(days=7)
    )
    url = f"/projects/consultations/{consultation.pk}/"
    warning = (
        "Short notice: Organisation A gives people at least 14 days between the invitation and "
        "the last day, and this consultation gives fewer."
    )
    client.force_login(world.staff_a)
    assert warning in client.get(url).content.decode()
    client.force_login(world.viewer_a)
    assert warning not in client.get(url).content.decode()
    settings_of_a(world, min_lead_days=7)
    client.force_login(world.staff_a)
    assert "Short notice" not in client.get(url).content.decode()
