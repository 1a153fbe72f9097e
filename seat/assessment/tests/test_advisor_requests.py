"""Nobody becomes a survivor advisor without saying yes (issue 7, item 6).

Before, staff of any organisation could pick any expert and she was an advisor at once. Now the
organisation asks, she answers on her own page, and only a yes grants the role.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from seat.accounts.enums import Role
from seat.accounts.models import Membership
from seat.accounts.services import membership_grant
from seat.assessment import services
from seat.assessment.enums import AdvisorRequestStatus
from seat.assessment.models import AdvisorRequest, Indicator
from seat.assessment.selectors import rounds_advised
from seat.assessment.services import AssessmentError


def is_advisor(expert, organisation) -> bool:
    return Membership.objects.filter(
        user=expert.user, organisation=organisation, role=Role.ADVISOR
    ).exists()


@pytest.mark.django_db
def test_asking_grants_nothing_until_she_says_yes_on_her_own_page(client, world):
    client.force_login(world.staff_a)
    response = client.post("/assessment/advisors/", {"expert": str(world.expert.pk)})
    assert response.status_code == 302
    assert not is_advisor(world.expert, world.org_a)
    services.round_open(actor=world.staff_a, organisation=world.org_a, title="Spring")
    assert rounds_advised(user=world.expert.user) == []

    client.force_login(world.expert.user)
    home = client.get("/me/").content.decode()
    asked = AdvisorRequest.objects.get(expert=world.expert)
    assert f"/me/advise/{asked.pk}/" in home
    page = client.get(f"/me/advise/{asked.pk}/").content.decode()
    # What she is told comes from what Seat does: the number of questions and the group size.
    questions = Indicator.objects.filter(domain__framework__rounds__title="Spring").count()
    assert f"{questions} questions about the organisation" in page
    assert "averages of at least 3 people" in page
    client.post(f"/me/advise/{asked.pk}/", {"answer": "accept"})
    assert is_advisor(world.expert, world.org_a)
    assert [r.title for r in rounds_advised(user=world.expert.user)] == ["Spring"]
    asked.refresh_from_db()
    assert asked.status == AdvisorRequestStatus.ACCEPTED and asked.answered_at is not None


@pytest.mark.django_db
def test_a_no_is_kept_and_she_is_not_asked_again_for_months(client, world):
    asked = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    client.force_login(world.expert.user)
    client.post(f"/me/advise/{asked.pk}/", {"answer": "decline"})
    assert not is_advisor(world.expert, world.org_a)
    with pytest.raises(AssessmentError, match="said no"):
        services.advisor_ask(actor=world.admin_a, organisation=world.org_a, expert=world.expert)
    client.force_login(world.staff_a)
    page = client.post(
        "/assessment/advisors/", {"expert": str(world.expert.pk)}, follow=True
    ).content.decode()
    assert "said no. You can ask again from" in page
    assert AdvisorRequest.objects.filter(expert=world.expert).count() == 1
    # Half a year later the organisation may ask once more.
    AdvisorRequest.objects.filter(pk=asked.pk).update(
        answered_at=timezone.now() - datetime.timedelta(days=181)
    )
    again = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    assert again.pk != asked.pk and again.status == AdvisorRequestStatus.PENDING


@pytest.mark.django_db
def test_asking_twice_puts_one_request_in_front_of_her(client, world):
    client.force_login(world.staff_a)
    for _ in range(2):
        client.post("/assessment/advisors/", {"expert": str(world.expert.pk)})
    services.advisor_ask(actor=world.admin_a, organisation=world.org_a, expert=world.expert)
    assert AdvisorRequest.objects.filter(expert=world.expert).count() == 1
    # Once asked she is listed as waiting, not offered again.
    page = client.get("/assessment/advisors/").content.decode()
    assert "waiting for their answer" in page
    assert f'<option value="{world.expert.pk}"' not in page
    # Colleagues see who asked, so two of them do not both follow it up.
    assert f"Asked by {world.staff_a} on " in page


@pytest.mark.django_db
def test_only_she_can_answer_and_only_her_own_requests(client, world):
    asked = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    with pytest.raises(AssessmentError):
        services.advisor_request_answer(actor=world.staff_a, request=asked, accept=True)
    with pytest.raises(AssessmentError):
        services.advisor_request_answer(actor=world.other_expert.user, request=asked, accept=True)
    client.force_login(world.other_expert.user)
    assert client.get(f"/me/advise/{asked.pk}/").status_code == 404
    assert client.post(f"/me/advise/{asked.pk}/", {"answer": "accept"}).status_code == 404
    client.force_login(world.staff_a)
    assert client.get(f"/me/advise/{asked.pk}/").status_code == 404
    assert not is_advisor(world.expert, world.org_a)
    assert not is_advisor(world.other_expert, world.org_a)


@pytest.mark.django_db
def test_another_organisation_cannot_withdraw_or_see_a_request(client, world):
    asked = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    client.force_login(world.staff_b)
    # Organisation A's question is A's business: B does not see it waiting.
    assert "waiting for their answer" not in client.get("/assessment/advisors/").content.decode()
    response = client.post("/assessment/advisors/", {"withdraw": str(asked.pk)})
    assert response.status_code == 404
    asked.refresh_from_db()
    assert asked.status == AdvisorRequestStatus.PENDING


@pytest.mark.django_db
def test_a_withdrawn_request_cannot_be_accepted(client, world):
    asked = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    client.force_login(world.staff_a)
    client.post("/assessment/advisors/", {"withdraw": str(asked.pk)})
    client.force_login(world.expert.user)
    assert f"/me/advise/{asked.pk}/" not in client.get("/me/").content.decode()
    response = client.post(f"/me/advise/{asked.pk}/", {"answer": "accept"})
    assert response.status_code == 200
    assert "Withdrawn by the organisation" in response.content.decode()
    assert not is_advisor(world.expert, world.org_a)


@pytest.mark.django_db
def test_she_can_stop_advising_whenever_she_wants(client, world):
    asked = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    services.advisor_request_answer(actor=world.expert.user, request=asked, accept=True)
    client.force_login(world.expert.user)
    page = client.get(f"/me/advise/{asked.pk}/").content.decode()
    assert "Stop advising" in page
    client.post(f"/me/advise/{asked.pk}/", {"leave": "1"})
    assert not is_advisor(world.expert, world.org_a)
    asked.refresh_from_db()
    assert asked.status == AdvisorRequestStatus.ENDED
    # Staff may ask again later; nothing stops a new, fresh question.
    services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)


@pytest.mark.django_db
def test_advisors_added_before_the_change_are_asked_again(world):
    """The migration turns an advisor role nobody accepted into a request waiting for her."""
    import importlib

    migration = importlib.import_module("seat.assessment.migrations.0004_advisor_request")
    membership_grant(actor=None, user=world.expert.user, organisation=world.org_a, role="advisor")
    migration.ask_existing_advisors(apps, None)
    assert not is_advisor(world.expert, world.org_a)
    assert AdvisorRequest.objects.get(expert=world.expert).status == AdvisorRequestStatus.PENDING
    # Other roles are untouched.
    assert Membership.objects.filter(user=world.staff_a, role=Role.STAFF).exists()
