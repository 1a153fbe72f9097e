from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from seat.consultations.enums import ConsultationStatus
from seat.partners.enums import CollectivePay, PartnerRequestStatus
from seat.partners.services import PartnerError, partner_request_create, partner_request_decide
from seat.tests.personas import make_consultation


def test_a_host_asks_once_and_the_partner_decides_once(world, partners):
    again = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.collective
    )
    assert again.pk == partners.request.pk
    assert again.collective_pay == CollectivePay.PER_MEMBER
    assert (again.status, again.decided_by) == (PartnerRequestStatus.ACCEPTED, partners.facilitator)
    # A second answer, even a different one, changes nothing.
    later = partner_request_decide(actor=partners.facilitator, request=again, accept=False)
    assert later.status == PartnerRequestStatus.ACCEPTED


def test_only_the_partner_decides(world, partners):
    request = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
    )
    for outsider in (world.staff_a, partners.facilitator, world.staff_b):
        with pytest.raises(PermissionDenied):
            partner_request_decide(actor=outsider, request=request, accept=True)
    assert (
        partner_request_decide(
            actor=partners.other_facilitator, request=request, accept=False
        ).status
        == PartnerRequestStatus.DECLINED
    )


def test_only_the_host_asks(world, partners):
    with pytest.raises(PermissionDenied):
        partner_request_create(
            actor=world.staff_b, consultation=world.consultation, partner=partners.collective
        )


def test_only_survivor_led_organisations_are_partners(world):
    with pytest.raises(PartnerError):
        partner_request_create(
            actor=world.staff_a, consultation=world.consultation, partner=world.org_b
        )


def test_a_draft_or_ended_consultation_is_not_sent(world, partners):
    draft = make_consultation(world.staff_a, world.project, publish=False)
    with pytest.raises(PartnerError):
        partner_request_create(actor=world.staff_a, consultation=draft, partner=partners.collective)
    world.consultation.status = ConsultationStatus.CLOSED
    world.consultation.save(update_fields=["status"])
    with pytest.raises(PartnerError):
        partner_request_create(
            actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
        )
