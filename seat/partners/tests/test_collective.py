"""A collective's one contribution in the name of its members: how many took part, never who."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from seat.consultations.enums import Attribution, ConsultationStatus, ContributionChannel
from seat.consultations.models import ANSWER_MAX_CHARS, Answer, Contribution
from seat.consultations.selectors import contributions_for_staff, people_to_pay
from seat.consultations.services import LoopError
from seat.partners.collective import MEMBERS_MAX, collective_contribution_submit
from seat.partners.services import partner_request_create


def give(partners, *, actor=None, members_count=3, answers=None, key=None, **overrides):
    first = partners.request.consultation.questions.first()
    return collective_contribution_submit(
        actor=actor or partners.facilitator,
        request=overrides.pop("request", partners.request),
        members_count=members_count,
        answers=answers if answers is not None else {str(first.pk): "Hold sessions in the ward."},
        attribution=overrides.pop("attribution", Attribution.PSEUDONYM),
        idempotency_key=key or uuid.uuid4(),
    )


def test_the_collective_speaks_once_for_its_members(world, partners):
    contribution = give(partners)
    assert (
        contribution.expert,
        contribution.collective,
        contribution.members_count,
        contribution.channel,
        contribution.captured_by,
        contribution.consultation,
    ) == (
        None,
        partners.collective,
        3,
        ContributionChannel.COLLECTIVE,
        partners.facilitator,
        world.consultation,
    )
    assert [a.text for a in contribution.answers.all()] == ["Hold sessions in the ward."]
    # The same form again, or a new one from a colleague: the first stands, nothing is added.
    assert give(partners, key=contribution.idempotency_key).pk == contribution.pk
    assert give(partners, members_count=9).pk == contribution.pk
    assert Contribution.objects.filter(collective=partners.collective).count() == 1


@pytest.mark.parametrize("count", [0, -1, MEMBERS_MAX + 1])
def test_a_count_outside_1_to_the_cap_is_refused(world, partners, count):
    with pytest.raises(LoopError, match="how many members took part"):
        give(partners, members_count=count)
    assert not Contribution.objects.filter(collective=partners.collective).exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Answer at least one question"),
        ({"q": "   "}, "Answer at least one question"),
        ({str(uuid.uuid4()): "Words"}, "does not belong"),
        (None, "longer than"),
    ],
)
def test_answers_are_checked_as_everyone_else_s_and_nothing_is_half_saved(
    world, partners, answers, message
):
    if answers is None:
        first = world.consultation.questions.first()
        answers = {str(first.pk): "y" * (ANSWER_MAX_CHARS + 1)}
    with pytest.raises(LoopError, match=message):
        give(partners, answers=answers)
    assert not Contribution.objects.filter(collective=partners.collective).exists()
    assert Answer.objects.count() == 2  # world's two, nothing more


def test_only_the_partner_s_facilitators_give_it(world, partners):
    for outsider in (world.staff_a, partners.other_facilitator, world.expert.user):
        with pytest.raises(PermissionDenied):
            give(partners, actor=outsider)


def test_a_request_not_accepted_or_a_consultation_not_open_takes_nothing(world, partners):
    pending = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
    )
    with pytest.raises(LoopError, match="Accept the request"):
        give(partners, actor=partners.other_facilitator, request=pending)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    world.consultation.opens_on = world.consultation.deadline = yesterday
    world.consultation.save(update_fields=["opens_on", "deadline"])
    with pytest.raises(LoopError, match="last day"):
        give(partners)
    world.consultation.status = ConsultationStatus.CLOSED
    world.consultation.save(update_fields=["status"])
    with pytest.raises(LoopError, match="not open"):
        give(partners)
    assert not Contribution.objects.filter(collective__isnull=False).exists()


def test_quoting_is_the_collective_s_own_choice(world, partners):
    with pytest.raises(LoopError, match="how the collective"):
        give(partners, attribution=Attribution.ANONYMOUS)
    give(partners, attribution=Attribution.NOT_QUOTED)
    views = contributions_for_staff(consultation=world.consultation)
    (collective,) = [v for v in views.named if v.is_collective]
    assert (
        collective.author_label,
        collective.for_members,
        collective.may_show,
        collective.may_quote_named,
    ) == ("Collective C", "collective, for 3 members", True, False)


def test_staff_pages_say_collective_for_n_members(client, world, partners):
    contribution = give(partners)
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{world.consultation.pk}/").content.decode()
    assert "Collective C" in page and "collective, for 3 members" in page
    detail = client.get(f"/input/{contribution.pk}/").content.decode()
    assert "collective, for 3 members" in detail
    assert "May be quoted in the collective's name" in detail
    assert "Hold sessions in the ward." in detail
    payees = [(p.label, p.for_members) for p in people_to_pay(consultation=world.consultation)]
    assert payees == [("Collective C", "collective, for 3 members"), ("Tara", "")]


# The page ---------------------------------------------------------------------------------


def test_the_facilitator_gives_the_collective_s_input_on_its_page(client, world, partners):
    url = f"/partners/requests/{partners.request.pk}/collective/"
    client.force_login(partners.facilitator)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "How many members took part?" in body and "Which warning signs matter most?" in body
    first = world.consultation.questions.first()
    form = {
        "members_count": "4",
        f"q_{first.pk}": "In the ward office, with tea.",
        "attribution": Attribution.NOT_QUOTED,
        "idempotency_key": str(uuid.uuid4()),
    }
    assert client.post(url, form)["Location"] == url
    assert client.post(url, form)["Location"] == url
    (given,) = Contribution.objects.filter(collective=partners.collective)
    assert (given.members_count, given.attribution) == (4, Attribution.NOT_QUOTED)
    shown = client.get(url).content.decode()
    assert "collective, for 4 members" in shown and "In the ward office, with tea." in shown
    assert "How many members took part?" not in shown


def test_a_mistake_is_shown_in_the_form_and_nothing_is_saved(client, world, partners):
    client.force_login(partners.facilitator)
    response = client.post(
        f"/partners/requests/{partners.request.pk}/collective/",
        {"members_count": "0", "attribution": "pseudonym", "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say how many members took part: from 1 to 500." in body
    assert not Contribution.objects.filter(collective__isnull=False).exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("facilitator", 200), ("other_facilitator", 404), ("staff_a", 403), ("staff_b", 404)],
)
def test_only_the_partner_opens_its_collective_page(client, world, partners, who, expected):
    user = getattr(partners, who, None) or getattr(world, who)
    client.force_login(user)
    url = f"/partners/requests/{partners.request.pk}/collective/"
    assert client.get(url).status_code == expected
    first = world.consultation.questions.first()
    form = {
        "members_count": "2",
        f"q_{first.pk}": "Words",
        "attribution": "pseudonym",
        "idempotency_key": str(uuid.uuid4()),
    }
    assert client.post(url, form).status_code == (302 if expected == 200 else expected)
    made = Contribution.objects.filter(collective__isnull=False).count()
    assert made == (1 if expected == 200 else 0)
