"""A Bengali page writes every figure in Bengali digits: dates, hours, pay, totals and the
numbers inside sentences, never ৩০ beside 30 (item 14 of issue 7)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from seat.compensation.services import payment_record
from seat.tests.personas import make_advisor, make_consultation, make_invitation

BENGALI_DIGIT = re.compile("[\u09e6-\u09ef]")


def visible_text(body: str) -> str:
    """What a reader sees: no tags, attributes, scripts or the inline icon."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


@pytest.mark.django_db
def test_bengali_pages_show_no_latin_digits(client, world):
    payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("2.5"),
        unit="hour",
        rate=Decimal("1250.00"),
        expenses_travel=Decimal("300.00"),
        currency="BDT",
        due_on=world.consultation.deadline,
    )
    pending = make_invitation(
        world.staff_a, make_consultation(world.staff_a, world.project), world.expert
    )
    accepted = make_invitation(
        world.staff_a, make_consultation(world.staff_a, world.project), world.expert, accept=True
    )
    user = world.expert.user
    user.language = "bn"
    user.save()
    pages = {
        "/accounts/login/": None,
        "/language/": None,
        "/": user,
        f"/me/invitations/{pending.pk}/": user,
        f"/me/invitations/{accepted.pk}/contribute/": user,
        f"/me/input/{world.contribution.pk}/": user,
        "/me/consent/": user,
        "/me/private-details/": user,
    }
    # What people typed is shown as they typed it; Seat's own figures are the test.
    typed = [world.consultation.support_name, world.consultation.support_hours]
    mixed = {}
    bengali_figures = 0
    for url, who in pages.items():
        client.logout()
        client.cookies["django_language"] = "bn"
        if who:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "bn", url
        text = visible_text(response.content.decode())
        for value in typed:
            text = text.replace(value, "")
        latin = sorted(set(re.findall(r"\S*[0-9]\S*", text)))
        if latin:
            mixed[url] = latin
        bengali_figures += len(BENGALI_DIGIT.findall(text))
    assert mixed == {}
    assert bengali_figures > 20  # the pages do show figures, in Bengali digits


@pytest.mark.django_db
def test_a_survivor_advisors_assessment_pages_count_in_bengali_digits(client, world):
    from seat.assessment.services import round_open

    user = world.expert.user
    make_advisor(user, world.org_a)
    assessment_round = round_open(actor=world.staff_a, organisation=world.org_a, title="Spring")
    domain = assessment_round.framework.domains.order_by("position").first()
    user.language = "bn"
    user.save()
    client.force_login(user)
    for url in [
        f"/assessment/rounds/{assessment_round.pk}/",
        f"/assessment/rounds/{assessment_round.pk}/answer/{domain.key}/",
    ]:
        text = visible_text(client.get(url).content.decode())
        assert re.findall(r"\S*[0-9]\S*", text) == [], url
        assert BENGALI_DIGIT.search(text), url


@pytest.mark.django_db
def test_staff_pages_in_bengali_count_in_bengali_digits_too(client, world):
    """Dates, scores, counts and money on the manager's pages follow the reader's language as
    the survivor's pages do (before: "১ ডিসেম্বর" on her page, "1 Dec 2026" on theirs)."""
    import datetime

    from django.utils import timezone

    from seat.assessment import services as assessment
    from seat.assessment.models import Indicator

    line = payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("2.5"),
        unit="hour",
        rate=Decimal("1250.00"),
        expenses_travel=Decimal("300.00"),
        currency="BDT",
        due_on=world.consultation.deadline,
    )
    done = assessment.round_open(actor=world.staff_a, organisation=world.org_a, title="Spring")
    indicators = list(Indicator.objects.filter(domain__framework=done.framework))
    assessment.ratings_save(
        actor=world.staff_a,
        assessment_round=done,
        answers={i.key: (2 + n % 2, "") for n, i in enumerate(indicators)},
    )
    assessment.round_close(actor=world.staff_a, assessment_round=done)
    action = assessment.action_from_gap(
        actor=world.staff_a, assessment_round=done, indicator=indicators[0]
    )
    assessment.action_update(
        actor=world.staff_a,
        action=action,
        title="Pay advisors",
        owner=world.staff_a,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        status="todo",
    )
    pages = {
        world.staff_a: [
            f"/projects/{world.project.pk}/",
            f"/projects/consultations/{world.consultation.pk}/",
            f"/input/{world.contribution.pk}/",
            "/assessment/",
            f"/assessment/rounds/{done.pk}/results/",
            f"/assessment/actions/{action.pk}/",
        ],
        world.finance_a: ["/payments/"],
    }
    # What people typed, and names that merely contain a digit, stay as they are.
    typed = [world.consultation.support_name, world.consultation.support_hours, "(A4)"]
    mixed = {}
    for user, urls in pages.items():
        user.language = "bn"
        user.save()
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible_text(response.content.decode())
            for value in typed:
                text = text.replace(value, "")
            latin = sorted(set(re.findall(r"\S*[0-9]\S*", text)))
            if latin:
                mixed[url] = latin
    assert mixed == {}
    assert line.amount  # the worklist had something to show
