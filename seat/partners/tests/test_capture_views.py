"""The capture pages: choose who took part, write the session down, see the result and the list."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from seat.accounts.enums import Role
from seat.consultations.models import Contribution
from seat.partners.captures import ParticipantInput, capture_record
from seat.partners.models import Capture
from seat.partners.views.captures import DEVICE_KEY
from seat.people.models import ConsentRecord
from seat.tests.personas import make_member


def capture_url(partners) -> str:
    return f"/partners/requests/{partners.request.pk}/capture/"


def form_page(client, partners, *people):
    query = "&".join(f"participant={p.pk}" for p in people)
    return client.get(f"{capture_url(partners)}?{query}")


def filled(response, partners, world, **changes):
    """What the facilitator sends from the form page in ``response``: both sat in, Mina gave
    her consent aloud, both answered the first question."""
    form = response.context["form"]
    data = {
        "kind": "focus_group",
        "held_on": timezone.localdate().isoformat(),
        "place": "Jessore",
        "idempotency_key": str(form.initial["idempotency_key"]),
        "token": form.initial["token"],
        "participant": [str(p.pk) for p in form.participants],
    }
    for i, expert in enumerate(form.participants):
        data[f"p{i}_language"] = "bn"
        data[f"p{i}_consent_participate"] = "yes"
        data[f"p{i}_attribution"] = "not_quoted"
        data[f"p{i}_q1"] = f"What {expert.pseudonym} said."
        data[f"p{i}_q2"] = ""
    data.update(changes)
    return data


def test_the_facilitator_chooses_members_then_writes_the_session_down(client, world, partners):
    client.force_login(partners.facilitator)
    choose = client.get(capture_url(partners))
    assert choose.status_code == 200
    body = choose.content.decode()
    assert "Mina" in body and "Nadia" in body
    # Nothing of another collective's members, nor the host's own experts.
    assert "Laila" not in body and "Tara" not in body
    assert world.consultation.title in body

    page = form_page(client, partners, partners.device_less, partners.member)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-capture="{client.session[DEVICE_KEY]}"' in html
    assert '<script src="/static/seat/capture.js" defer></script>' in html
    assert html.count('<h3 id="p0">Mina</h3>') == 1
    # Each question is written out once, not once per person.
    first = world.consultation.questions.first().text
    assert html.count(first) == 1

    sent = client.post(capture_url(partners), filled(page, partners, world))
    capture = Capture.objects.get()
    assert (sent.status_code, sent["Location"]) == (302, f"/partners/sessions/{capture.pk}/")
    assert sorted(capture.contributions.values_list("expert__pseudonym", "answers__text")) == [
        ("Mina", "What Mina said."),
        ("Nadia", "What Nadia said."),
    ]
    result = client.get(sent["Location"])
    text = result.content.decode()
    assert "The session is saved: one contribution for each person who took part." in text
    assert "2 contributions" in text and "Mina" in text and "Nadia" in text


def test_the_same_form_sent_again_lands_once(client, world, partners):
    client.force_login(partners.facilitator)
    page = form_page(client, partners, partners.device_less)
    data = filled(page, partners, world)
    first = client.post(capture_url(partners), data)
    again = client.post(capture_url(partners), data, follow=True)
    assert again.redirect_chain == [(first["Location"], 302)]
    assert "This session was saved already. Nothing was saved twice." in again.content.decode()
    assert Capture.objects.count() == 1
    assert Contribution.objects.filter(capture__isnull=False).count() == 1


def test_a_copy_sent_by_the_offline_script_gets_where_to_go(client, world, partners):
    client.force_login(partners.facilitator)
    data = filled(form_page(client, partners, partners.member), partners, world)
    response = client.post(capture_url(partners), data, HTTP_ACCEPT="application/json")
    capture = Capture.objects.get()
    assert response.json() == {"url": f"/partners/sessions/{capture.pk}/"}


@pytest.mark.parametrize(
    "field", ["idempotency_key", "token", "participant", "participant_of_the_same_collective"]
)
def test_a_tampered_hidden_field_is_400_and_stores_nothing(client, world, partners, field):
    client.force_login(partners.facilitator)
    data = filled(form_page(client, partners, partners.member), partners, world)
    # Swapping in another member of the same collective would file Nadia's words as Mina's.
    name = "participant" if field.startswith("participant") else field
    data[name] = {
        "idempotency_key": str(uuid.uuid4()),
        "token": data["token"][:-2] + "xx",
        "participant": [str(partners.other_member.pk)],
        "participant_of_the_same_collective": [str(partners.device_less.pk)],
    }[field]
    response = client.post(capture_url(partners), data)
    assert response.status_code == 400
    assert "This form was changed after Seat made it" in response.content.decode()
    assert Capture.objects.count() == 0


def test_a_token_made_for_someone_else_is_refused(client, world, partners):
    colleague = make_member("facilitator-c2", partners.collective, Role.FACILITATOR)
    client.force_login(partners.facilitator)
    data = filled(form_page(client, partners, partners.member), partners, world)
    client.force_login(colleague)
    assert client.post(capture_url(partners), data).status_code == 400
    assert Capture.objects.count() == 0


def test_refusals_come_back_in_the_form_with_what_was_typed(client, world, partners):
    client.force_login(partners.facilitator)
    page = form_page(client, partners, partners.device_less, partners.member)
    data = filled(page, partners, world, p1_consent_participate="")
    response = client.post(capture_url(partners), data)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Nadia has not consented to take part." in text
    assert "What Mina said." in text
    assert Capture.objects.count() == 0
    assert not ConsentRecord.objects.filter(channel="verbal").exists()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = client.post(capture_url(partners), filled(page, partners, world, held_on=tomorrow))
    assert "The session cannot be in the future." in future.content.decode()


def test_who_may_open_the_capture_pages(client, world, partners):
    viewer = make_member("viewer-c", partners.collective, Role.VIEWER)
    url = capture_url(partners)
    expected = {
        partners.facilitator: 200,
        partners.other_facilitator: 404,
        world.staff_b: 404,
        world.expert.user: 404,
        partners.member.user: 404,
        # The host that asked knows of the request but does not write sessions down for it.
        world.staff_a: 403,
        viewer: 403,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.post(url, {}).status_code in {status, 400} if status == 200 else status
    client.logout()
    assert client.get(url).status_code == 302


def session_of(partners, world, place: str, people) -> Capture:
    first = str(world.consultation.questions.first().pk)
    return capture_record(
        actor=partners.facilitator,
        request=partners.request,
        idempotency_key=uuid.uuid4(),
        kind="village_meeting",
        held_on=timezone.localdate(),
        place=place,
        participants=[
            ParticipantInput(
                expert_id=p.pk,
                attribution="not_quoted",
                answers={first: "Words"},
                consents={"participate": True},
                language="bn",
            )
            for p in people
        ],
    ).capture


# Session, user, second factor, roles, organisations, the sessions with their counts, the
# requests a session can be written down for; the page's unread messages, security notices
# and kept drafts.
QUERIES = 10


def test_the_sessions_list_shows_the_partners_sessions_in_a_fixed_number_of_queries(
    client, world, partners, django_assert_num_queries
):
    session_of(partners, world, "Jessore", [partners.device_less])
    client.force_login(partners.facilitator)
    client.get("/partners/sessions/")  # the first page after logging in also writes the session
    with django_assert_num_queries(QUERIES):
        one = client.get("/partners/sessions/")
    text = one.content.decode()
    assert "Jessore" in text and world.consultation.title in text
    # Where to write the next one down: the accepted request, while its consultation is open.
    assert f'href="/partners/requests/{partners.request.pk}/capture/"' in text
    extra = make_member("fac-2", partners.collective, Role.FACILITATOR)
    from seat.people.services import expert_create, expert_link_record

    for n in range(3):
        person = expert_create(user=None, pseudonym=f"P{n}", languages="bn")
        expert_link_record(actor=extra, expert=person, organisation=partners.collective)
        session_of(partners, world, f"Place {n}", [person])
    with django_assert_num_queries(QUERIES):
        several = client.get("/partners/sessions/")
    assert several.content.decode().count("<tr>") == 5
    for user, status in (
        (partners.other_facilitator, 200),
        (world.staff_a, 403),
        (world.expert.user, 403),
    ):
        client.force_login(user)
        response = client.get("/partners/sessions/")
        assert response.status_code == status
        assert b"Jessore" not in response.content


def test_a_session_page_is_the_partners_only(client, world, partners):
    capture = session_of(partners, world, "Jessore", [partners.device_less, partners.member])
    viewer = make_member("viewer-c", partners.collective, Role.VIEWER)
    url = f"/partners/sessions/{capture.pk}/"
    for user, status in (
        (partners.facilitator, 200),
        (partners.other_facilitator, 404),
        (world.staff_a, 404),
        (world.viewer_a, 404),
        (viewer, 403),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
