"""The partner's pages for a request and the host's Partners section: own organisation, another
organisation (404), the wrong role (403), and what never crosses from the partner to the host."""

from __future__ import annotations

import re
import uuid

import pytest
from django.utils.html import escape

from seat.accounts.enums import OrganisationKind, Role
from seat.consultations import services as loop
from seat.consultations.enums import Attribution, InvitationStatus
from seat.consultations.models import Invitation
from seat.partners.enums import PartnerRequestStatus
from seat.partners.models import PartnerRequest
from seat.partners.services import invitation_forward, partner_request_create
from seat.people.enums import ConsentChannel
from seat.people.models import ConsentRecord
from seat.tests.personas import make_consultation, make_member, make_org, verify_second_factor

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's words, without markup, spaces collapsed."""
    # <bdi> keeps a name's direction inside a sentence: no word break.
    body = re.sub(r"</?bdi>", "", response.content.decode())
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


def request_url(partners) -> str:
    return f"/partners/requests/{partners.request.pk}/"


def forward(partners, *experts):
    return invitation_forward(
        actor=partners.facilitator, request=partners.request, experts=list(experts)
    )


# The workspace -------------------------------------------------------------------------------


def test_a_facilitators_home_is_her_workspace(client, world, partners):
    client.force_login(partners.facilitator)
    assert client.get("/")["Location"] == "/partners/"
    page = text(client.get("/partners/"))
    assert "Accepted" in page and world.consultation.title in page
    assert "Organisation A asks Collective C" in page
    # Another collective's facilitator sees only her own requests.
    client.force_login(partners.other_facilitator)
    assert world.consultation.title not in text(client.get("/partners/"))


def test_the_workspace_sorts_requests_by_what_they_need(client, world, partners):
    waiting = make_consultation(world.staff_a, world.project, title="Waiting for you")
    partner_request_create(actor=world.staff_a, consultation=waiting, partner=partners.collective)
    ended = make_consultation(world.staff_a, world.project, title="Ended one")
    partner_request_create(actor=world.staff_a, consultation=ended, partner=partners.collective)
    loop.consultation_close(actor=world.staff_a, consultation=ended)
    client.force_login(partners.facilitator)
    body = client.get("/partners/").content.decode()
    sections = re.split(r'<h2 id="', body)
    by_id = {s.split('"')[0]: s for s in sections[1:]}
    assert "Waiting for you" in by_id["waiting"] and "Ended one" not in by_id["waiting"]
    assert world.consultation.title in by_id["accepted"]
    assert "Ended one" in by_id["past"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_a", 403), ("admin_a", 403), ("expert", 403), ("anon", 302)],
)
def test_the_workspace_is_for_those_who_act_for_members(client, world, partners, who, status):
    if who == "admin_a":
        verify_second_factor(client, world.admin_a)
    elif who == "expert":
        client.force_login(world.expert.user)
    elif who != "anon":
        client.force_login(getattr(world, who))
    assert client.get("/partners/").status_code == status


def test_the_workspace_links_only_to_pages_that_exist(client, world, partners):
    from django.urls import NoReverseMatch, reverse

    from seat.partners.views.requests import WORKSPACE_LINKS

    client.force_login(partners.facilitator)
    body = client.get("/partners/").content.decode()
    for name, _label in WORKSPACE_LINKS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        assert f'href="{url}"' in body
        assert client.get(url).status_code == 200


# The request page ----------------------------------------------------------------------------


def test_the_request_page_says_what_the_host_asks_from_its_data(client, world, partners):
    client.force_login(partners.facilitator)
    page = text(client.get(request_url(partners)))
    c = world.consultation
    for fact in [
        c.title,
        c.purpose,
        *[q.text for q in c.questions.all()],
        "25.00 US dollars per hour",
        "Each person who gives input is paid 50.00 US dollars in all for about 2 hours.",
        "Within 30 days of sending their input",
        "Mobile money",
        "To each member who took part, through the collective",
        "English",
        "বাংলা",
        "Asha, our survivor-support worker",
    ]:
        assert escape(fact) in page or fact in page, fact


def test_the_request_page_is_the_partners_only(client, world, partners):
    viewer = make_member("viewer-c", partners.collective, Role.VIEWER)
    for user, status in [
        (partners.facilitator, 200),
        (partners.other_facilitator, 404),
        (world.staff_a, 404),
        (world.staff_b, 404),
        (partners.member.user, 404),
        (viewer, 403),
    ]:
        client.force_login(user)
        assert client.get(request_url(partners)).status_code == status, user
    assert client.get(f"/partners/requests/{uuid.uuid4()}/").status_code == 404


def test_a_facilitator_accepts_or_declines_once(client, world, partners):
    asked = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
    )
    url = f"/partners/requests/{asked.pk}/"
    client.force_login(partners.facilitator)
    assert client.post(url + "decide/", {"answer": "accept"}).status_code == 404
    client.force_login(partners.other_facilitator)
    page = text(client.get(url))
    assert "Waiting for your decision" in page and "Send your decision" in page
    response = client.post(url + "decide/", {"answer": "decline"}, follow=True)
    assert "Declined. The host sees that you said no, and nothing else." in text(response)
    client.post(url + "decide/", {"answer": "accept"})
    asked.refresh_from_db()
    assert asked.status == PartnerRequestStatus.DECLINED
    response = client.post(url + "decide/", {"answer": "maybe"}, follow=True)
    assert "Choose yes or no." in text(response)


def test_forwarding_from_the_page_once_however_often_it_is_sent(client, world, partners):
    client.force_login(partners.facilitator)
    page = client.get(request_url(partners)).content.decode()
    # The choice shows each member's chosen name, languages and whether she has a device.
    assert "Mina · বাংলা · no device: answers through you" in page
    assert "Nadia · বাংলা, English · has an account" in page
    assert "Laila" not in page and "Tara" not in page
    chosen = {"experts": [str(partners.device_less.pk), str(partners.member.pk)]}
    response = client.post(request_url(partners) + "forward/", chosen, follow=True)
    assert "Sent to 2 members." in text(response)
    client.post(request_url(partners) + "forward/", chosen)
    assert Invitation.objects.filter(via=partners.request).count() == 2
    page = text(client.get(request_url(partners)))
    assert "Every member has been invited." in page
    assert "Mina (no device)" in page


def test_forwarding_to_someone_else_sends_nothing(client, world, partners):
    client.force_login(partners.facilitator)
    for outsider in (partners.other_member, world.expert):
        response = client.post(
            request_url(partners) + "forward/",
            {"experts": [str(partners.member.pk), str(outsider.pk)]},
            follow=True,
        )
        assert "Choose among your members listed here." in text(response)
    assert not Invitation.objects.filter(via__isnull=False).exists()
    # Another collective's facilitator cannot forward A's request to the collective at all.
    client.force_login(partners.other_facilitator)
    response = client.post(
        request_url(partners) + "forward/", {"experts": [str(partners.other_member.pk)]}
    )
    assert response.status_code == 404


def test_a_closed_consultation_is_said_plainly_and_offers_nothing(client, world, partners):
    loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    client.force_login(partners.facilitator)
    page = text(client.get(request_url(partners)))
    assert "This consultation takes no more input." in page
    assert "Send the invitation" not in page
    response = client.post(
        request_url(partners) + "forward/", {"experts": [str(partners.member.pk)]}, follow=True
    )
    assert "This consultation is closed. Nothing was sent." in text(response)


def test_the_partner_sees_its_members_participation(client, world, partners):
    from decimal import Decimal

    from seat.compensation.services import payment_record
    from seat.tests.personas import make_contribution

    mina, nadia = forward(partners, partners.device_less, partners.member)
    nadia = loop.invitation_answer(actor=partners.member.user, invitation=nadia, accept=True)
    contribution = make_contribution(nadia)
    payment_record(
        actor=world.staff_a,
        contribution=contribution,
        units=Decimal(2),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal(0),
        currency="USD",
        due_on=world.consultation.deadline,
    )
    client.force_login(partners.facilitator)
    body = client.get(request_url(partners)).content.decode()
    rows = {
        re.sub(r"<[^>]+>|\s+", " ", row).split()[0]: re.sub(
            r"\s+", " ", re.sub(r"<[^>]+>", " ", row)
        ).strip()
        for row in re.findall(r"<tr><td>(.*?)</tr>", body, re.S)
    }
    assert rows["Mina"] == "Mina (no device) Waiting for an answer · Record her answer · Mina — —"
    assert rows["Nadia"] == "Nadia Accepted Sent 50.00 US dollars · Owed"


# Answers heard in person ---------------------------------------------------------------------


def test_a_facilitator_records_mina_said_yes_aloud(client, world, partners):
    (invitation,) = forward(partners, partners.device_less)
    url = f"/partners/invitations/{invitation.pk}/answer/"
    client.force_login(partners.facilitator)
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="bn" selected' in page.content.decode()
    response = client.post(url, {"answer": "accept", "channel": "verbal"})
    assert response.status_code == 400
    assert "Choose the language you read it in." in text(response)
    response = client.post(url, {"answer": "accept", "channel": "verbal", "language": "bn"})
    assert response["Location"] == request_url(partners)
    client.post(url, {"answer": "decline", "channel": "phone", "language": "bn"})
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (
        InvitationStatus.ACCEPTED,
        partners.facilitator,
    )
    record = ConsentRecord.objects.get(expert=partners.device_less)
    assert (record.channel, record.witness, record.language) == (
        ConsentChannel.VERBAL,
        partners.facilitator,
        "bn",
    )
    assert "recorded by a facilitator" in text(client.get(request_url(partners)))


def test_the_answer_page_holds_what_to_read_to_her_in_her_language(client, world, partners):
    """Nasrin reads Mina the invitation from this page: its purpose and questions in Bengali
    (the consultation's current translation), marked as Bengali, and the pay and last day."""
    (invitation,) = forward(partners, partners.device_less)
    client.force_login(partners.facilitator)
    page = client.get(f"/partners/invitations/{invitation.pk}/answer/").content.decode()
    questions = [f"[bn] {q.text}" for q in world.consultation.questions.all()]
    assert '<div lang="bn" dir="ltr">' in page
    for question in questions:
        assert f"<li>{question}</li>" in page
    assert world.consultation.deadline.strftime("%Y") in page


def test_only_her_partner_opens_the_answer_page(client, world, partners):
    (invitation,) = forward(partners, partners.member)
    url = f"/partners/invitations/{invitation.pk}/answer/"
    for user in (partners.other_facilitator, world.staff_a, partners.member.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "accept", "channel": "verbal", "language": "bn"})
    # An invitation the host sent itself is not the partner's to answer.
    client.force_login(partners.facilitator)
    assert client.get(f"/partners/invitations/{world.invitation.pk}/answer/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


# The member's own page -----------------------------------------------------------------------


def test_her_invitation_says_who_brought_it_and_nobody_else_opens_it(client, world, partners):
    (invitation,) = forward(partners, partners.member)
    client.force_login(partners.member.user)
    page = text(client.get(f"/me/invitations/{invitation.pk}/"))
    assert "Collective C brought you this invitation from Organisation A." in page
    assert (
        "Organisation A does not see who Collective C invited; if you send input, it sees your "
        "chosen name, to pay you."
    ) in page
    client.force_login(partners.other_member.user)
    assert client.get(f"/me/invitations/{invitation.pk}/").status_code == 404
    client.force_login(world.expert.user)
    assert client.get(f"/me/invitations/{invitation.pk}/").status_code == 404


def test_her_input_page_says_who_invited_her_and_what_the_host_sees(client, world, partners):
    """Where she chooses how her words may be quoted, the page must not say the host invited
    her and so may know it was her: the partner did, and the host sees her chosen name only to
    pay her."""
    from seat.consultations.services import invitation_answer

    (invitation,) = forward(partners, partners.member)
    invitation_answer(actor=partners.member.user, invitation=invitation, accept=True)
    client.force_login(partners.member.user)
    page = text(client.get(f"/me/invitations/{invitation.pk}/contribute/"))
    assert "They invited you, so they may know it was you." not in page
    assert (
        "Collective C invited you, not Organisation A: Organisation A sees your chosen name only "
        "in its list of people to pay, never beside words you give without a name."
    ) in page


# The host ------------------------------------------------------------------------------------


def consultation_page(world) -> str:
    return f"/projects/consultations/{world.consultation.pk}/"


def test_the_host_asks_a_partner_once(client, world, partners):
    ngo = make_org("Another NGO")
    client.force_login(world.staff_a)
    page = client.get(consultation_page(world)).content.decode()
    options = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', page)
    # Survivor-led organisations only, never the host, none asked already.
    assert options == ["Collective D"]
    assert ngo.name not in options
    ask = f"/partners/ask/{world.consultation.pk}/"
    data = {"partner": str(partners.other_collective.pk), "collective_pay": "to_collective"}
    response = client.post(ask, data, follow=True)
    assert "Request sent to Collective D." in text(response)
    client.post(ask, data)
    made = PartnerRequest.objects.get(partner=partners.other_collective)
    assert (made.status, made.collective_pay, made.requested_by) == (
        PartnerRequestStatus.PENDING,
        "to_collective",
        world.staff_a,
    )
    response = client.post(ask, {"partner": str(ngo.pk), "collective_pay": "to_collective"})
    assert PartnerRequest.objects.filter(partner=ngo).count() == 0


def test_a_partner_is_asked_only_while_open(client, world, partners):
    client.force_login(world.staff_a)
    draft = make_consultation(world.staff_a, world.project, publish=False, title="A draft")
    data = {"partner": str(partners.other_collective.pk), "collective_pay": "per_member"}
    response = client.post(f"/partners/ask/{draft.pk}/", data, follow=True)
    assert "Partners are asked while the consultation is open: open it first." in text(response)
    assert "Partners can be asked once the consultation is open." in text(response)
    loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    response = client.post(f"/partners/ask/{world.consultation.pk}/", data, follow=True)
    assert "This consultation has ended. Nothing was sent." in text(response)
    assert not PartnerRequest.objects.filter(partner=partners.other_collective).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("finance_a", 403), ("viewer_a", 403), ("staff_b", 404), ("facilitator", 404)],
)
def test_only_the_hosts_managers_ask_and_withdraw(client, world, partners, who, status):
    user = partners.facilitator if who == "facilitator" else getattr(world, who)
    client.force_login(user)
    data = {"partner": str(partners.other_collective.pk), "collective_pay": "per_member"}
    assert client.post(f"/partners/ask/{world.consultation.pk}/", data).status_code == status
    withdraw = f"/partners/requests/{partners.request.pk}/withdraw/"
    assert client.post(withdraw).status_code == status
    partners.request.refresh_from_db()
    assert partners.request.status == PartnerRequestStatus.ACCEPTED
    assert not PartnerRequest.objects.filter(partner=partners.other_collective).exists()


def test_the_host_withdraws(client, world, partners):
    (invitation,) = forward(partners, partners.member)
    client.force_login(world.staff_a)
    withdraw = f"/partners/requests/{partners.request.pk}/withdraw/"
    response = client.post(withdraw, follow=True)
    assert "Withdrawn. Collective C can invite no more members" in text(response)
    assert client.post(withdraw).status_code == 302
    partners.request.refresh_from_db()
    assert partners.request.status == PartnerRequestStatus.WITHDRAWN
    assert Invitation.objects.get(pk=invitation.pk).via_id == partners.request.pk
    client.force_login(partners.facilitator)
    assert "The host withdrew this request" in text(client.get(request_url(partners)))


def members_took_part(world, partners, *, give_input=True):
    """Everything that could name a partner's members to the host: Mina and Nadia invited,
    Nadia answered herself (and sent input without a name), Mina's yes recorded in person.

    Input sent is then paid by the host through the partner, by chosen name (people_to_pay,
    the outcomes' design): the tests of what never shows leave it out."""
    from seat.tests.personas import make_contribution

    mina, nadia = forward(partners, partners.device_less, partners.member)
    nadia = loop.invitation_answer(actor=partners.member.user, invitation=nadia, accept=True)
    if give_input:
        make_contribution(nadia, attribution=Attribution.ANONYMOUS)
    from seat.partners.services import invitation_answer_for_member

    invitation_answer_for_member(
        actor=partners.facilitator,
        invitation=mina,
        accept=True,
        language="bn",
        channel=ConsentChannel.VERBAL,
    )


def test_the_host_sees_counts_per_partner_never_who(client, world, partners):
    members_took_part(world, partners)
    client.force_login(world.staff_a)
    body = client.get(consultation_page(world)).content.decode()
    section = body.split('id="partners"')[1].split("<h2")[0]
    (row,) = re.findall(r"<tr><td>Collective C.*?</tr>", section, re.S)
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[1:6] == [["Accepted"], ["2"], ["2"], ["0"], ["1"]]
    # The host's own invitation list is its own: Tara only.
    invitations = body.split("<h2>Invitations</h2>")[1].split("</table>")[0]
    assert re.findall(r"<tr><td>([^<]+)</td>", invitations) == ["Tara"]


@pytest.mark.parametrize("who", ["admin_a", "staff_a", "finance_a", "viewer_a"])
def test_no_host_page_or_api_names_a_partners_members(client, world, partners, who):
    """Follow every link a member of the host can reach, and its API: the chosen names of the
    partner's members who said yes appear nowhere."""
    members_took_part(world, partners, give_input=False)
    other_consultation = make_consultation(world.staff_a, world.project, title="Next one")
    assert other_consultation.pk
    user = getattr(world, who)
    if who == "admin_a":
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    seen: set[str] = set()
    queue = ["/", "/projects/", "/people/", "/payments/", "/api/v1/me", "/me/inbox/"]
    while queue and len(seen) < 80:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        body = response.content.decode(errors="replace")
        for name in ("Mina", "Nadia", "member-nadia", str(partners.member.pk)):
            assert name not in body, (url, name)
        queue.extend(
            href
            for href in re.findall(r'href="(/[^"#?]*)', body)
            if not href.startswith(("/static/", "/exit/", "/accounts/", "/i18n/", "/admin/"))
            and href not in seen
        )
    assert consultation_page(world) in seen or who == "finance_a"


def test_partner_members_never_appear_in_the_hosts_lists(world, partners):
    from seat.consultations.selectors import (
        experts_open_to_invitation,
        invitations_for_consultation,
        people_to_pay,
    )

    members_took_part(world, partners, give_input=False)
    assert list(experts_open_to_invitation(consultation=world.consultation)) == []
    assert [
        i.expert.pseudonym for i in invitations_for_consultation(consultation=world.consultation)
    ] == ["Tara"]
    assert [p.label for p in people_to_pay(consultation=world.consultation)] == ["Tara"]


def test_a_survivor_led_host_does_not_ask_itself(client, world, partners):
    host = make_org("Survivor Network", OrganisationKind.SURVIVOR_LED)
    staff = make_member("staff-s", host, Role.STAFF)
    from seat.tests.personas import make_project

    consultation = make_consultation(staff, make_project(staff, host))
    client.force_login(staff)
    page = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    options = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', page)
    assert options == ["Collective C", "Collective D"]
    data = {"partner": str(host.pk), "collective_pay": "per_member"}
    client.post(f"/partners/ask/{consultation.pk}/", data)
    assert not PartnerRequest.objects.filter(partner=host).exists()


# Query counts --------------------------------------------------------------------------------


def test_the_workspace_and_request_page_keep_their_query_counts(client, world, partners):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.people.services import expert_create, expert_link_record

    client.force_login(partners.facilitator)
    forward(partners, partners.member)
    pages = ["/partners/", request_url(partners)]
    for page in pages:
        client.get(page)
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as one:
            assert client.get(page).status_code == 200
        counts[page] = len(one)
    for n in range(3):
        consultation = make_consultation(world.staff_a, world.project, title=f"More {n}")
        partner_request_create(
            actor=world.staff_a, consultation=consultation, partner=partners.collective
        )
        member = expert_create(
            user=None, pseudonym=f"Member {n}", languages="bn", represented_by=partners.collective
        )
        expert_link_record(
            actor=partners.facilitator, expert=member, organisation=partners.collective
        )
        forward(partners, member)
    for n in range(3):
        member = expert_create(
            user=None, pseudonym=f"Left {n}", languages="bn", represented_by=partners.collective
        )
        expert_link_record(
            actor=partners.facilitator, expert=member, organisation=partners.collective
        )
    for page in pages:
        with CaptureQueriesContext(connection) as several:
            body = client.get(page).content.decode()
        assert "More 2" in body or "Left 2" in body
        assert len(several) == counts[page], (page, [q["sql"] for q in several])
    assert counts == {"/partners/": PARTNER_HOME_QUERIES, request_url(partners): REQUEST_QUERIES}


# Session, user, second-factor device, roles, then the page: her organisations and their
# requests with counts (home); the request, its questions, members left to invite (counted,
# then listed by the form) and forwarded invitations with input and pay (request page); then the
# menu's unread count, security notices and kept form drafts.
PARTNER_HOME_QUERIES = 10
REQUEST_QUERIES = 12
