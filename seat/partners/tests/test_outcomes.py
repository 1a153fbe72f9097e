"""Pay and responses flow back through the partner: lines paid through it, passed on by it;
responses told by it, in the listener's language."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record, response_relay
from seat.compensation.enums import PaymentStatus
from seat.compensation.models import PaymentLine
from seat.compensation.selectors import payment_defaults
from seat.compensation.services import (
    PaymentError,
    payment_approve,
    payment_pass_on,
    payment_pay,
    payment_record,
)
from seat.consultations.enums import Attribution
from seat.notifications.models import Notification
from seat.partners.captures import ParticipantInput, capture_record
from seat.partners.collective import collective_contribution_submit
from seat.partners.enums import CollectivePay, SessionKind
from seat.partners.outcomes import responses_through
from seat.people.enums import ConsentPurpose


def collective_input(partners, members_count=3):
    first = partners.request.consultation.questions.first()
    return collective_contribution_submit(
        actor=partners.facilitator,
        request=partners.request,
        members_count=members_count,
        answers={str(first.pk): "Meet in the ward office."},
        attribution=Attribution.PSEUDONYM,
        idempotency_key=uuid.uuid4(),
    )


def captured_input(partners, expert=None):
    """Mina's input (or ``expert``'s), written down by the facilitator at a focus group, her
    consent said aloud."""
    expert = expert or partners.device_less
    first = partners.request.consultation.questions.first()
    result = capture_record(
        actor=partners.facilitator,
        request=partners.request,
        idempotency_key=uuid.uuid4(),
        kind=SessionKind.FOCUS_GROUP,
        held_on=timezone.localdate(),
        place="Jessore",
        participants=[
            ParticipantInput(
                expert_id=expert.pk,
                attribution=Attribution.NOT_QUOTED,
                answers={str(first.pk): "Near the bus stand."},
                consents={ConsentPurpose.PARTICIPATE: True},
                language="bn",
            )
        ],
    )
    return result.capture.contributions.get()


def record(contribution, actor, **overrides):
    values = payment_defaults(contribution=contribution)
    values.update(overrides)
    return payment_record(actor=actor, contribution=contribution, **values)


def pay(line, world):
    line = payment_approve(actor=world.admin_a, payment=line)
    return payment_pay(actor=world.finance_a, payment=line, method="bank", reference="T-1")


# Payment lines ----------------------------------------------------------------------------


def test_a_collective_is_paid_the_offer_for_each_member_shared_equally(world, partners):
    line = record(collective_input(partners), world.staff_a)
    assert (
        line.expert,
        line.paid_through,
        line.members_count,
        line.units,
        line.amount,
        line.collective_pay,
        line.per_member,
    ) == (
        None,
        partners.collective,
        3,
        Decimal("6.00"),
        Decimal("150.00"),
        CollectivePay.PER_MEMBER,
        Decimal("50.00"),
    )


def test_a_share_that_does_not_split_to_the_cent_is_refused(world, partners):
    contribution = collective_input(partners)
    with pytest.raises(PaymentError, match="3 equal shares"):
        record(contribution, world.staff_a, expenses_travel=Decimal("0.01"))
    # The line the input made from the offer (150.00, 50.00 each) stays as it was.
    line = PaymentLine.objects.get(contribution=contribution)
    assert (line.amount, line.recorded_by) == (Decimal("150.00"), None)


def test_a_collective_that_keeps_the_pay_has_no_share(world, partners):
    partners.request.collective_pay = CollectivePay.TO_COLLECTIVE
    partners.request.save(update_fields=["collective_pay"])
    line = record(collective_input(partners), world.staff_a, expenses_travel=Decimal("0.01"))
    assert (line.collective_pay, line.per_member, line.amount) == (
        CollectivePay.TO_COLLECTIVE,
        None,
        Decimal("150.01"),
    )


def test_input_written_down_in_person_is_paid_through_the_partner(world, partners):
    line = record(captured_input(partners), world.staff_a)
    assert (line.expert, line.paid_through, line.members_count, line.collective_pay) == (
        partners.device_less,
        partners.collective,
        None,
        "",
    )
    # Her own online input, not through anyone, is paid to her as before.
    assert record(world.contribution, world.staff_a).paid_through is None


def test_staff_list_the_collective_among_people_to_pay_and_record_it(client, world, partners):
    contribution = collective_input(partners)
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{world.consultation.pk}/").content.decode()
    url = f"/payments/record/{world.consultation.pk}/collective/{partners.collective.pk}/"
    assert url in page
    form = client.get(url).content.decode()
    assert "Record what is owed to Collective C" in form and 'value="6.0"' in form
    assert "To each member who took part, through the collective" in form
    due = payment_defaults(contribution=contribution)["due_on"]
    sent = {
        "units": "6",
        "unit": "hour",
        "rate": "25.00",
        "expenses_travel": "0",
        "currency": "USD",
    }
    assert client.post(url, {**sent, "due_on": due.isoformat()}).status_code == 302
    line = PaymentLine.objects.get(contribution=contribution)
    assert (line.amount, line.per_member) == (Decimal("150.00"), Decimal("50.00"))
    # Recorded once: the collective's row has nothing more to record.
    assert client.get(url).status_code == 404
    # Another organisation's staff never reach it.
    client.force_login(world.staff_b)
    assert client.get(url).status_code == 404


def test_finance_sees_the_collective_line_with_its_members_count(client, world, partners):
    record(collective_input(partners), world.staff_a)
    client.force_login(world.finance_a)
    page = client.get("/payments/").content.decode()
    assert "Collective C, collective, for 3 members · through Collective C" in page


# Passing pay on ---------------------------------------------------------------------------


def test_the_partner_passes_on_what_the_host_paid_and_hears_when_it_is_paid(world, partners):
    line = record(captured_input(partners), world.staff_a)
    with pytest.raises(PaymentError, match="not paid this yet"):
        payment_pass_on(actor=partners.facilitator, payment=line)
    line = pay(line, world)
    (heard,) = Notification.objects.filter(key=f"partner.payment.paid:{line.pk}")
    assert (heard.recipient, heard.url) == (partners.facilitator, "/partners/outcomes/")
    for outsider in (world.staff_a, world.finance_a, partners.other_facilitator):
        with pytest.raises(PermissionDenied):
            payment_pass_on(actor=outsider, payment=line)
    line = payment_pass_on(actor=partners.facilitator, payment=line)
    assert line.passed_on_by == partners.facilitator and line.passed_on_at is not None
    again = payment_pass_on(actor=partners.facilitator, payment=line)
    assert again.passed_on_at == line.passed_on_at


def test_a_share_per_member_is_passed_on_when_every_member_has_had_hers(world, partners):
    line = pay(record(collective_input(partners), world.staff_a), world)
    for count in (None, 2, 4):
        with pytest.raises(PaymentError, match="all 3 members"):
            payment_pass_on(actor=partners.facilitator, payment=line, members_count=count)
    line.refresh_from_db()
    assert line.passed_on_at is None
    line = payment_pass_on(actor=partners.facilitator, payment=line, members_count=3)
    assert line.passed_on_at is not None


def test_the_partner_cannot_approve_or_pay_the_host_s_lines(client, world, partners):
    line = record(captured_input(partners), world.staff_a)
    client.force_login(partners.facilitator)
    response = client.post(f"/payments/{line.pk}/advance/", {"from": "owed"})
    assert response.status_code == 404
    line.refresh_from_db()
    assert line.status == PaymentStatus.OWED


# Responses --------------------------------------------------------------------------------


def test_a_response_reaches_the_partner_which_tells_her(world, partners):
    contribution = captured_input(partners)
    response = response_record(
        actor=world.staff_a,
        contribution=contribution,
        outcome=Outcome.ADOPTED,
        reason="The sessions will be at the bus stand.",
    )
    (heard,) = Notification.objects.filter(key=f"partner.response.recorded:{contribution.pk}")
    assert heard.recipient == partners.facilitator
    # Her own input online, not through anyone: nothing reaches the partner.
    response_record(
        actor=world.staff_a, contribution=world.contribution, outcome="adopted", reason="Yes."
    )
    assert Notification.objects.filter(key__startswith="partner.response").count() == 1
    for outsider in (world.staff_a, partners.other_facilitator):
        with pytest.raises(PermissionDenied):
            response_relay(actor=outsider, response=response)
    told = response_relay(actor=partners.facilitator, response=response)
    assert told.relayed_by == partners.facilitator and told.relayed_at is not None


def test_each_response_is_framed_in_the_listener_s_language(world, partners):
    mina = captured_input(partners)
    collective = collective_input(partners)
    for contribution in (mina, collective):
        response_record(
            actor=world.staff_a,
            contribution=contribution,
            outcome=Outcome.PARTLY_ADOPTED,
            reason="Half of it, this year.",
        )
    items = {
        item.contribution.pk: item
        for item in responses_through(organisations=[partners.collective])
    }
    assert set(items) == {mina.pk, collective.pk}
    her = items[mina.pk]
    # Mina speaks Bengali; the consultation is in English, with a current Bengali translation.
    assert (her.lang, her.title_lang, her.reason_lang) == ("bn", "bn", "en")
    assert her.title == "[bn] What should the sessions cover?"
    assert her.outcome == "কিছুটা গ্রহণ করা হয়েছে"
    assert items[collective.pk].is_collective


# The page ---------------------------------------------------------------------------------


def test_the_outcomes_page_shows_pay_and_responses_through_the_partner(client, world, partners):
    mina = captured_input(partners)
    line = pay(record(mina, world.staff_a), world)
    collective_line = record(collective_input(partners), world.staff_a)
    response = response_record(
        actor=world.staff_a, contribution=mina, outcome=Outcome.ADOPTED, reason="At the stand."
    )
    # What must never show: another collective's lines and organisation B's input.
    client.force_login(partners.facilitator)
    page = client.get("/partners/outcomes/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<strong>50.00 US dollars</strong> to pass on" in body
    assert "<strong>150.00 US dollars</strong> not paid by the host yet" in body
    assert f"/partners/outcomes/payments/{line.pk}/passed-on/" in body
    assert f"/partners/outcomes/payments/{collective_line.pk}/passed-on/" not in body
    assert "collective, for 3 members" in body and "50.00 US dollars to each member" in body
    assert f"/partners/outcomes/responses/{response.pk}/told/" in body
    assert "Told her" in body and 'lang="bn"' in body and "At the stand." in body
    assert "B's private input" not in body
    client.force_login(partners.other_facilitator)
    other = client.get("/partners/outcomes/").content.decode()
    assert "Nothing is waiting to be passed on." in other and "No responses to tell." in other


@pytest.mark.parametrize(
    ("who", "page", "act"),
    [
        ("facilitator", 200, 302),
        ("other_facilitator", 200, 404),
        ("staff_a", 403, 404),
        ("finance_a", 403, 404),
        ("expert", 403, 404),
        ("member", 403, 404),
    ],
)
def test_only_the_partner_passes_on_and_tells(client, world, partners, who, page, act):
    mina = captured_input(partners)
    line = pay(record(mina, world.staff_a), world)
    response = response_record(
        actor=world.staff_a, contribution=mina, outcome=Outcome.ADOPTED, reason="Yes."
    )
    user = {
        "facilitator": partners.facilitator,
        "other_facilitator": partners.other_facilitator,
        "staff_a": world.staff_a,
        "finance_a": world.finance_a,
        "expert": world.expert.user,
        "member": partners.member.user,
    }[who]
    client.force_login(user)
    assert client.get("/partners/outcomes/").status_code == page
    passed = client.post(f"/partners/outcomes/payments/{line.pk}/passed-on/")
    told = client.post(f"/partners/outcomes/responses/{response.pk}/told/")
    assert (passed.status_code, told.status_code) == (act, act)
    line.refresh_from_db()
    response.refresh_from_db()
    assert (line.passed_on_at is not None, response.relayed_at is not None) == (
        act == 302,
        act == 302,
    )


# Session, user, second-factor check, memberships, the partners acted for, pay lines, input
# through it waiting, responses (with their translations' titles: two), and the messages menu.
OUTCOMES_QUERIES = 12


def test_the_outcomes_page_keeps_its_query_count_as_data_grows(client, world, partners):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.tests.personas import make_expert, make_link

    def grow(n: int) -> None:
        expert = make_expert(f"member-{n}", f"Member {n}")
        make_link(partners.facilitator, expert, partners.collective)
        contribution = captured_input(partners, expert=expert)
        line = record(contribution, world.staff_a)
        if n % 2:
            pay(line, world)
        response_record(
            actor=world.staff_a, contribution=contribution, outcome="adopted", reason="Yes."
        )

    client.force_login(partners.facilitator)
    grow(0)
    client.get("/partners/outcomes/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/partners/outcomes/").status_code == 200
    for n in range(1, 5):
        grow(n)
    with CaptureQueriesContext(connection) as several:
        body = client.get("/partners/outcomes/").content.decode()
    # Three to tell at a time (outcomes.RESPONSES_SHOWN), and how many more wait.
    assert body.count("Told her") == 3 and "2 more responses to tell" in body
    assert len(several) == len(one), "\n".join(q["sql"] for q in several)
    assert len(one) <= OUTCOMES_QUERIES, "\n".join(q["sql"] for q in one)


def test_the_host_is_told_the_response_reaches_people_through_the_partner(client, world, partners):
    contribution = collective_input(partners)
    client.force_login(world.staff_a)
    body = client.get(f"/input/{contribution.pk}/").content.decode()
    assert "The input came through Collective C: it is told your response at once" in body
    own = client.get(f"/input/{world.contribution.pk}/").content.decode()
    assert "The contributor sees this at once, in their own space." in own


def test_her_own_input_on_a_forwarded_invitation_is_paid_and_answered_through_the_partner(
    client, world, partners
):
    from seat.consultations.services import invitation_answer
    from seat.partners.services import invitation_forward
    from seat.tests.personas import make_contribution

    (invitation,) = invitation_forward(
        actor=partners.facilitator, request=partners.request, experts=[partners.member]
    )
    nadia = partners.member.user
    invitation = invitation_answer(actor=nadia, invitation=invitation, accept=True)
    contribution = make_contribution(invitation)
    line = pay(record(contribution, world.staff_a), world)
    assert (line.expert, line.paid_through) == (partners.member, partners.collective)
    response_record(
        actor=world.staff_a, contribution=contribution, outcome=Outcome.ADOPTED, reason="Yes."
    )
    # She hears in Seat as before; her collective hears too, to tell her in person if she asks.
    told = Notification.objects.filter(
        key__endswith=f":{contribution.pk}", key__contains="response"
    )
    assert {(n.key.split(":")[0], n.recipient.username) for n in told} == {
        ("response.recorded", "member-nadia"),
        ("partner.response.recorded", "facilitator-c"),
    }
    client.force_login(nadia)
    page = client.get("/me/").content.decode()
    assert "Paid through <bdi>Collective C</bdi>, which passes it on to you." in page
    payment_pass_on(actor=partners.facilitator, payment=line)
    page = client.get(f"/me/input/{contribution.pk}/").content.decode()
    assert "Paid through <bdi>Collective C</bdi>, which passed it on to you on" in page
