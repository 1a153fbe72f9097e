"""An organisation's admins read its audit log: who did what and when, never what was written."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seat.accounts.enums import Role
from seat.accounts.selectors import AUDIT_PAGE_SIZE
from seat.accounts.services import membership_role_change
from seat.core.models import AuditEvent
from seat.core.privacy.audit import audit_record
from seat.tests.personas import verify_second_factor


def _audit(world) -> str:
    return f"/organisation/{world.org_a.pk}/audit/"


@pytest.mark.django_db
def test_events_are_filed_under_their_organisation(world):
    # Written by the services while the world was made: consultations, invitations, input.
    filed_a = AuditEvent.objects.filter(organisation_id=world.org_a.pk)
    filed_b = AuditEvent.objects.filter(organisation_id=world.org_b.pk)
    assert filed_a.filter(object_id=str(world.consultation.pk)).exists()
    assert filed_b.filter(object_id=str(world.consultation_b.pk)).exists()
    assert not filed_a.filter(object_id=str(world.consultation_b.pk)).exists()
    # Through the consultation: an invitation has no organisation of its own.
    assert filed_a.filter(object_type="consultations.invitation").exists()
    # Named in the detail.
    event = audit_record(
        actor=world.staff_a,
        verb="test.named",
        target=world.staff_a,
        organisation=str(world.org_b.pk),
    )
    assert event.organisation_id == world.org_b.pk
    # Nothing to tell it by: filed nowhere.
    assert audit_record(actor=None, verb="test.none", target=world.staff_a).organisation_id is None


@pytest.mark.django_db
def test_the_admin_reads_who_did_what_and_when(client, world):
    finance = world.finance_a.memberships.get(organisation=world.org_a)
    membership_role_change(actor=world.admin_a, membership=finance, role=Role.VIEWER)
    audit_record(actor=world.staff_b, verb="test.other_org", target=world.org_b)
    verify_second_factor(client, world.admin_a)

    response = client.get(_audit(world))

    assert response.status_code == 200
    lines = response.context["lines"]
    assert (lines[0].who, lines[0].verb, lines[0].what) == (
        str(world.admin_a),
        "membership.role_change",
        "membership",
    )
    assert lines[0].what_done == "Changed someone's role"
    verbs = [line.verb for line in lines]
    assert "test.other_org" not in verbs
    body = response.content.decode()
    # Admins read what was done in words, not the code kept for machines.
    assert "Changed someone&#x27;s role · membership" in body
    assert "membership.role_change" not in body
    assert "B&#x27;s private input" not in body and "B's private input" not in body
    assert "private input" not in body
    # The expert's own doings are not listed at all: their minute, beside the input list,
    # could tell whose unnamed input is whose.
    expert_names = {str(world.expert.user), world.expert.user.username}
    assert not {line.who for line in lines} & expert_names
    hers = AuditEvent.objects.filter(organisation_id=world.org_a.pk, actor=world.expert.user)
    assert hers.exists()
    assert "contribution.submit" not in verbs
    # Someone outside A who is no survivor (the operator here) is shown, unnamed.
    operator = get_user_model().objects.create(username="op", is_staff=True, is_superuser=True)
    audit_record(actor=operator, verb="test.operator", target=world.org_a)
    lines = client.get(_audit(world)).context["lines"]
    assert ("Someone else", "test.operator") in {(line.who, line.verb) for line in lines}


@pytest.mark.django_db
def test_the_log_never_shows_an_events_detail(client, world):
    audit_record(
        actor=world.admin_a, verb="test.detail", target=world.org_a, secret_id="detail-value-42"
    )
    verify_second_factor(client, world.admin_a)
    assert "detail-value-42" not in client.get(_audit(world)).content.decode()


@pytest.mark.django_db
def test_it_is_paginated_with_a_fixed_query_count(client, world):
    verify_second_factor(client, world.admin_a)
    client.get(_audit(world))  # the session's first request does its own upkeep
    with CaptureQueriesContext(connection) as few:
        client.get(_audit(world))
    for n in range(AUDIT_PAGE_SIZE + 5):
        audit_record(actor=world.admin_a, verb=f"test.{n}", target=world.org_a)
    with CaptureQueriesContext(connection) as many:
        first = client.get(_audit(world))
    assert len(many) == len(few)
    assert len(first.context["lines"]) == AUDIT_PAGE_SIZE
    assert first.context["lines"][0].verb == f"test.{AUDIT_PAGE_SIZE + 4}"
    assert "?page=2" in first.content.decode()
    second = client.get(_audit(world) + "?page=2")
    assert second.status_code == 200
    assert second.context["page"].number == 2
    # Nonsense page numbers are answered, not a 500.
    assert client.get(_audit(world) + "?page=zzz").status_code == 200
    assert client.get(_audit(world) + "?page=99999").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("staff_a", 403), ("viewer_a", 403), ("staff_b", 404)]
)
def test_only_its_admins_read_it(client, world, who, expected):
    client.force_login(getattr(world, who))
    assert client.get(_audit(world)).status_code == expected


@pytest.mark.django_db
def test_another_organisations_admin_finds_nothing(client, world):
    from seat.tests.personas import make_member

    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    verify_second_factor(client, admin_b)
    assert client.get(_audit(world)).status_code == 404


@pytest.mark.django_db
def test_a_lazy_target_is_filed_too(rf, world):
    from django.utils.functional import SimpleLazyObject

    lazy = SimpleLazyObject(lambda: world.org_a)
    assert audit_record(actor=None, verb="test.lazy", target=lazy).organisation_id == world.org_a.pk


@pytest.mark.django_db
def test_earlier_events_are_filed_by_the_migration_where_cheap(world):
    import importlib

    from django.apps import apps

    fill = importlib.import_module("seat.core.migrations.0004_audit_event_organisation_fill").fill
    membership = world.staff_a.memberships.get(organisation=world.org_a)
    named = audit_record(
        actor=None, verb="t.named", target=world.staff_a, organisation=str(world.org_b.pk)
    )
    about_org = audit_record(actor=None, verb="t.org", target=world.org_a)
    about_member = audit_record(actor=None, verb="t.member", target=membership)
    unknown = audit_record(actor=None, verb="t.user", target=world.staff_a)
    AuditEvent.objects.update(organisation_id=None)

    fill(apps, None)

    filed = dict(
        AuditEvent.objects.filter(
            pk__in=[named.pk, about_org.pk, about_member.pk, unknown.pk]
        ).values_list("verb", "organisation_id")
    )
    assert filed == {
        "t.named": world.org_b.pk,
        "t.org": world.org_a.pk,
        "t.member": world.org_a.pk,
        "t.user": None,
    }
