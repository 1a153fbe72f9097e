"""What "without a name" guarantees (docs/PRIVACY.md): nobody in the organisation can link the
words to the person through Seat's pages, exports or API; finance pays without reading words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from seat.compensation.services import payment_record
from seat.consultations import selectors
from seat.consultations import services as loop
from seat.consultations.models import Contribution
from seat.tests.personas import (
    make_contribution,
    make_expert,
    make_invitation,
    verify_second_factor,
)

SECRET_WORDS = "Only one of us would say: the agent in Dubai keeps our passports"


def unnamed_group(world, size: int, *, close: bool = True) -> list[Contribution]:
    """``size`` people give input without a name (Mina first) beside Tara's named input."""
    contributions = []
    for n in range(size):
        expert = make_expert(f"quiet-{n}", "Mina" if n == 0 else f"Quiet {n}")
        invitation = make_invitation(world.staff_a, world.consultation, expert, accept=True)
        text = SECRET_WORDS if n == 0 else f"Plain advice number {n}."
        contributions.append(make_contribution(invitation, text=text, attribution="anonymous"))
    if close:
        loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    return contributions


def consultation_page(client, world) -> str:
    return client.get(f"/projects/consultations/{world.consultation.pk}/").content.decode()


@pytest.mark.django_db
def test_words_without_a_name_wait_until_the_consultation_closes(client, world):
    contributions = unnamed_group(world, 3, close=False)
    client.force_login(world.staff_a)
    page = consultation_page(client, world)
    assert "3 contributions given without a name are kept back." in page
    assert "Anonymous contributor" not in page and "without a name</a>" not in page
    # Otherwise the newest one appearing right after Mina accepts would name her.
    assert [client.get(f"/input/{c.pk}/").status_code for c in contributions] == [404, 404, 404]
    loop.consultation_close(actor=world.staff_a, consultation=world.consultation)
    page = consultation_page(client, world)
    assert "kept back" not in page
    links = re.findall(r'href="/input/([0-9a-f-]+)/">Contribution without a name', page)
    # In the order of their random ids, not of arrival, and without dates.
    assert links == sorted(str(c.pk) for c in contributions)
    detail = client.get(f"/input/{contributions[0].pk}/").content.decode()
    assert SECRET_WORDS in detail and "Mina" not in detail
    assert "<h1>Anonymous contributor</h1>" in detail
    assert contributions[0].created_at.strftime("%-d %b %Y") not in detail.split("<h1>")[1]


@pytest.mark.django_db
def test_a_group_smaller_than_the_minimum_is_never_shown_one_by_one(client, world):
    contributions = unnamed_group(world, 2)
    client.force_login(world.staff_a)
    page = consultation_page(client, world)
    assert "2 contributions given without a name are kept back." in page
    assert "at least 3 people" in page
    assert client.get(f"/input/{contributions[0].pk}/").status_code == 404
    assert SECRET_WORDS not in page
    with override_settings(SEAT_MIN_GROUP_SIZE=2):
        assert client.get(f"/input/{contributions[0].pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "close"), [(2, True), (3, False), (3, True)])
def test_what_her_page_says_the_organisation_reads_is_what_its_pages_show(world, size, close):
    """read_by_organisation_now (her contribution page: "has it" or "kept back, unread") reads
    less than the staff pages do, by the same rule: it must agree with them for every input."""
    unnamed = unnamed_group(world, size, close=close)
    world.consultation.refresh_from_db()
    staff = selectors.contributions_for_staff(consultation=world.consultation)
    shown = {v.contribution.pk for v in staff.named + staff.unnamed}
    # Tara's, named, beside theirs; read afresh, as her page does, after the closing.
    given = Contribution.objects.filter(pk__in=[world.contribution.pk, *(c.pk for c in unnamed)])
    said = {c.pk for c in given if selectors.read_by_organisation_now(contribution=c)}
    assert said == shown
    assert (unnamed[0].pk in said) == (close and size >= 3)
    # Her ledger, the consultation, its inputs and their ledgers: never a query per input.
    mina = Contribution.objects.get(pk=unnamed[0].pk)
    with CaptureQueriesContext(connection) as queries:
        selectors.read_by_organisation_now(contribution=mina)
    assert len(queries) <= 4, "\n".join(q["sql"] for q in queries)


@pytest.mark.django_db
def test_the_invitation_list_does_not_name_the_author_by_elimination(client, world):
    """Tara (named) and Mina (without a name) both accepted: Mina's words alone would be hers."""
    (mina,) = unnamed_group(world, 1)
    client.force_login(world.admin_a)
    verify_second_factor(client, world.admin_a)
    page = consultation_page(client, world)
    assert "Mina" in page  # staff chose whom to invite, and pay her
    assert SECRET_WORDS not in page and str(mina.pk) not in page
    assert client.get(f"/input/{mina.pk}/").status_code == 404


@pytest.mark.django_db
def test_finance_pays_without_reading_anything_anyone_said(client, world):
    (mina, *_rest) = unnamed_group(world, 3)
    client.force_login(world.finance_a)
    assert client.get(f"/input/{mina.pk}/").status_code == 403
    assert client.get(f"/input/{world.contribution.pk}/").status_code == 403
    page = consultation_page(client, world)
    assert "<h2>Contributions</h2>" not in page and "/input/" not in page
    # Finance records what is owed by chosen name and consultation: no words, no contribution id.
    form = client.get(f"/payments/record/{world.consultation.pk}/{mina.expert.pk}/")
    body = form.content.decode()
    assert form.status_code == 200 and "Record what is owed to Mina" in body
    assert SECRET_WORDS not in body and str(mina.pk) not in body
    data = {
        "units": "2",
        "unit": "hour",
        "rate": "25.00",
        "expenses": "0",
        "currency": "USD",
        "due_on": world.consultation.deadline.isoformat(),
    }
    response = client.post(f"/payments/record/{world.consultation.pk}/{mina.expert.pk}/", data)
    assert response.status_code == 302
    mina.refresh_from_db()
    assert mina.payment.amount == Decimal("50.00") and mina.payment.expert == mina.expert
    # Once recorded, there is nothing more to record for her.
    again = client.get(f"/payments/record/{world.consultation.pk}/{mina.expert.pk}/")
    assert again.status_code == 404
    worklist = client.get("/payments/").content.decode()
    assert "Mina" in worklist and "50.00 US dollars" in worklist
    assert "/input/" not in worklist and str(mina.pk) not in worklist


def _links(body: str) -> set[str]:
    return {
        href
        for href in re.findall(r'href="(/[^"#?]*)', body)
        if not href.startswith(("/static/", "/exit/", "/accounts/", "/i18n/", "/admin/"))
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_a", "staff_a", "finance_a", "viewer_a"])
def test_no_page_export_or_api_response_puts_the_name_beside_the_words(client, world, who):
    """Follow every link a member can reach, and every API list: wherever Mina's name appears,
    her words do not, and her contribution's id appears only among the whole group's."""
    from seat.assessment import services as assessment

    contributions = unnamed_group(world, 3)
    mina = contributions[0]
    for contribution in contributions:
        payment_record(
            actor=world.staff_a,
            contribution=contribution,
            units=Decimal(1),
            unit="hour",
            rate=Decimal("25.00"),
            expenses_travel=Decimal(0),
            currency="USD",
            due_on=world.consultation.deadline,
        )
    assessment.round_open(actor=world.staff_a, organisation=world.org_a, title="Baseline")
    user = getattr(world, who)
    if who == "admin_a":
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    seen: set[str] = set()
    queue = ["/projects/", "/payments/", "/assessment/", "/api/v1/assessment/rounds"]
    while queue and len(seen) < 60:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.content.decode(errors="replace")
        if "Mina" in body:
            assert SECRET_WORDS not in body, url
            # Her contribution's id only ever among the whole group's, never singled out,
            # and never beside her name (in one row, card, paragraph or JSON object).
            if str(mina.pk) in body:
                assert all(str(c.pk) in body for c in contributions), url
            for block in re.split(r"<(?:tr|li|p|div|h\d)\b|\{", body):
                if "Mina" in block:
                    assert not any(str(c.pk) in block for c in contributions), (url, block)
        queue.extend(_links(body) - seen)
        queue.extend(
            f"/api/v1/assessment/rounds/{rid}"
            for rid in re.findall(r'"id": ?"([0-9a-f-]{36})"', body)
        )
    assert f"/projects/consultations/{world.consultation.pk}/" in seen
    assert "/api/v1/assessment/rounds" in seen
    assert any(u.endswith("ratings.csv") for u in seen) or who in {"finance_a", "viewer_a"}
