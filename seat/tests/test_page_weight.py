"""Every page an expert can reach fits the first network round trip: 14,600 bytes gzip.

HTML plus every same-origin stylesheet and script it references, compressed at level 9.
"""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

BUDGET = 14_600


def weight(body: bytes) -> int:
    total = len(gzip.compress(body, 9, mtime=0))
    html = body.decode()
    assert "fonts.googleapis" not in html and "@font-face" not in html
    for url in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read(), 9, mtime=0))
    # No third-party requests: every script and stylesheet is same-origin.
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', html)
    return total


@pytest.mark.django_db
def test_expert_pages_fit_the_budget(client, world):
    expert = world.expert
    other = world.other_expert
    from seat.tests.personas import make_invitation

    pending = make_invitation(world.staff_a, world.consultation, other)
    pages = {
        "/": expert.user,
        "/me/": expert.user,
        f"/me/invitations/{pending.pk}/": other.user,
        f"/me/invitations/{world.invitation.pk}/": expert.user,
        f"/me/input/{world.contribution.pk}/": expert.user,
        "/me/consent/": expert.user,
        "/me/private-details/": expert.user,
        "/language/": expert.user,
        "/me/inbox/": expert.user,
        "/me/notifications/": expert.user,
        "/me/tokens/": expert.user,
    }
    from seat.consultations.services import invitation_answer

    accepted = invitation_answer(actor=other.user, invitation=pending, accept=True)
    pages[f"/me/invitations/{accepted.pk}/contribute/"] = other.user
    from seat.assessment.services import advisor_ask

    asked = advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=expert)
    pages[f"/me/advise/{asked.pk}/"] = expert.user
    # A full page of messages (20), in the longest language.
    from seat.notifications.enums import Event
    from seat.notifications.services import notify

    for n in range(20):
        notify(
            event=Event.PAYMENT_PAID,
            recipients=[expert.user],
            key=f"payment.paid:{n}",
            url="/me/",
            context={
                "organisation": "Organisation A",
                "title": "A title",
                "amount": "1250.5",
                "currency": "BDT",
            },
        )
    for url, user in pages.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert weight(response.content) <= BUDGET, url
    expert.user.language = "bn"
    expert.user.save()
    client.force_login(expert.user)
    for url in ["/me/inbox/", "/me/notifications/", "/me/tokens/"]:
        response = client.get(url)
        assert weight(response.content) <= BUDGET, (url, weight(response.content))


@pytest.mark.django_db
def test_public_pages_fit_the_budget(client):
    for url in ["/", "/accounts/login/", "/language/", "/no-such-page/"]:
        response = client.get(url)
        assert weight(response.content) <= BUDGET, url


@pytest.mark.django_db
def test_assessment_pages_a_survivor_advisor_sees_fit_the_budget(client):
    from seat.accounts.models import User
    from seat.assessment.models import AssessmentRound
    from seat.assessment.services import round_open
    from seat.demo.data import demo_load

    demo_load()
    admin = User.objects.get(username="demo-admin")
    completed = AssessmentRound.objects.filter(status="closed").order_by("-created_at").first()
    open_round = round_open(actor=admin, organisation=completed.organisation, title="Spring")
    client.force_login(User.objects.get(username="demo-expert"))
    urls = [
        "/",
        f"/assessment/rounds/{open_round.pk}/",
        f"/assessment/rounds/{completed.pk}/results/",
    ]
    urls += [
        f"/assessment/rounds/{open_round.pk}/answer/{domain.key}/"
        for domain in open_round.framework.domains.all()
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert weight(response.content) <= BUDGET, (url, weight(response.content))


@pytest.mark.django_db
def test_joining_pages_fit_the_budget(client, world):
    """Joining, adding an organisation and choosing a new password: every step, in the longest
    language, with the errors a person may meet."""
    import re

    from seat.people.services import expert_link_record, join_code_create

    weights: dict[str, int] = {}

    def weigh(name: str, response) -> None:
        assert response.status_code in (200, 429), (name, response.status_code)
        weights[name] = weight(response.content)

    client.cookies["django_language"] = "bn"
    _code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    weigh("join: code", client.get("/join/"))
    weigh("join: code, wrong", client.post("/join/", {"code": "ABCDE-FGHJK-MNPQR"}))
    client.post("/join/", {"code": shown})
    page = client.get("/join/")
    weigh("join: details", page)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.content.decode()).group(1)
    mistakes = {"ticket": ticket, "pseudonym": "", "username": "a b", "password1": "1"}
    weigh("join: details, errors", client.post("/join/", mistakes))
    details = {
        "ticket": ticket,
        "pseudonym": "Mina",
        "username": "mina-1",
        "password1": "green mango rain 42",
        "password2": "green mango rain 42",
    }
    assert client.post("/join/", details)["Location"] == "/me/"
    weigh("her page, welcome", client.get("/me/"))
    _code, other = join_code_create(actor=world.staff_b, organisation=world.org_b)
    weigh("organisations", client.get("/me/organisations/"))
    client.post("/me/organisations/", {"code": other})
    weigh("organisations, add one", client.get("/me/organisations/"))
    client.logout()
    client.cookies["django_language"] = "bn"
    weigh("reset", client.get("/join/reset/"))
    for _ in range(10):
        client.post("/join/", {"code": "ABCDE-FGHJK-MNPQR"})
    weigh("too many attempts", client.get("/join/"))
    expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
    client.force_login(world.staff_a)
    weigh("staff: joining code", client.post(f"/people/{world.org_a.pk}/codes/"))
    weigh("staff: people", client.get("/people/"))
    reset_url = f"/people/{world.org_a.pk}/experts/{world.expert.pk}/reset-code/"
    weigh("staff: reset code", client.post(reset_url))
    print(weights)
    assert {name: w for name, w in weights.items() if w > BUDGET} == {}


@pytest.mark.django_db
def test_a_cancellation_fits_the_budget(client, world):
    """The longest cancellation message, in Bengali, on her invitation page; and a full page of
    messages, each a cancellation with its own longest message."""
    import random

    from seat.consultations.corrections import consultation_cancel
    from seat.consultations.models import CANCEL_MESSAGE_MAX_CHARS
    from seat.notifications.enums import Event
    from seat.notifications.services import notify

    letters = "অআইঈউঊএঐওঔকখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ "
    rng = random.Random(8)

    def message() -> str:
        return "".join(rng.choice(letters) for _ in range(CANCEL_MESSAGE_MAX_CHARS))

    consultation_cancel(actor=world.staff_a, consultation=world.consultation, message=message())
    for n in range(20):
        notify(
            event=Event.CONSULTATION_CANCELLED,
            recipients=[world.expert.user],
            key=f"consultation.cancelled:{n}",
            url="/me/",
            context={"organisation": "Organisation A", "title": "A title", "message": message()},
        )
    world.expert.user.language = "bn"
    world.expert.user.save()
    client.force_login(world.expert.user)
    weights = {}
    for url in [f"/me/invitations/{world.invitation.pk}/", "/me/inbox/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        weights[url] = weight(response.content)
    print(weights)
    assert {url: w for url, w in weights.items() if w > BUDGET} == {}


@pytest.mark.django_db
def test_the_fullest_invitation_fits_the_budget(client, world):
    """An invitation that says everything it can, in Bengali: the longest purpose and content
    note, every question at its longest (one marked as touching on what happened to her), pay,
    costs, interpretation and a support contact."""
    import random

    from seat.consultations.forms import MAX_QUESTIONS
    from seat.consultations.models import CONTENT_NOTE_MAX_CHARS
    from seat.tests.personas import make_consultation, make_invitation

    letters = "অআইঈউঊএঐওঔকখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ "
    rng = random.Random(9)

    def bengali(length: int) -> str:
        return "".join(rng.choice(letters) for _ in range(length))

    questions = [bengali(200) for _ in range(MAX_QUESTIONS - 1)]
    consultation = make_consultation(
        world.staff_a,
        world.project,
        override_by=world.admin_a,
        purpose=bengali(1500),
        content_note=bengali(CONTENT_NOTE_MAX_CHARS),
        questions=[*questions, "Please describe the abuse you suffered."],
    )
    invitation = make_invitation(world.staff_a, consultation, world.other_expert)
    world.other_expert.user.language = "bn"
    world.other_expert.user.save()
    client.force_login(world.other_expert.user)
    response = client.get(f"/me/invitations/{invitation.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="content-note"' in body and "<strong>(" in body
    measured = weight(response.content)
    print(measured)
    assert measured <= BUDGET, measured
