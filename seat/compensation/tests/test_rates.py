"""Rate cards and pay parity: arithmetic, validation, permissions and where parity is shown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from seat.compensation.models import RateCard
from seat.compensation.rates import (
    RateCardRefused,
    Relation,
    card_parity,
    offer_parity,
    parity_of,
    rate_card_create,
    rate_card_remove,
    rate_card_update,
    rate_cards_of,
)
from seat.core.models import AuditEvent
from seat.tests.personas import verify_second_factor

rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000"), places=2)
peer_rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@given(survivor=rates, peer=peer_rates)
def test_parity_is_the_survivor_rate_over_the_rate_for_other_consultants(survivor, peer):
    parity = parity_of(survivor_rate=survivor, peer_rate=peer)
    assert parity.ratio == survivor / peer
    card = RateCard(survivor_rate=survivor, peer_rate=peer)
    assert card.parity == (survivor / peer).quantize(Decimal("0.01"))
    assert card_parity(card).ratio == parity.ratio


@given(survivor=rates, peer=peer_rates)
def test_the_percent_never_contradicts_the_words(survivor, peer):
    parity = parity_of(survivor_rate=survivor, peer_rate=peer)
    exact = survivor * 100 / peer
    # Within one point of the exact figure, and on the same side of 100 as the rates are.
    assert abs(parity.percent - exact) < 1
    if survivor < peer:
        assert parity.relation is Relation.BELOW and parity.percent <= 99
    elif survivor > peer:
        assert parity.relation is Relation.ABOVE and parity.percent >= 101
    else:
        assert parity.relation is Relation.AT and parity.percent == 100
    assert (parity.percent == 0) == (survivor == 0)


@pytest.mark.parametrize(
    ("survivor", "peer", "words"),
    [
        ("800", "1000", "Bridgeway pays survivors 80% of what it pays other consultants."),
        ("1000", "1000", "Bridgeway pays survivors the same as other consultants: at parity."),
        (
            "1200",
            "1000",
            "Bridgeway pays survivors more than other consultants: 120% of what it pays them.",
        ),
        ("0", "1000", "Bridgeway pays survivors nothing for this work."),
        # Rounding half up would say 100%; below parity it says 99%.
        ("999.50", "1000", "Bridgeway pays survivors 99% of what it pays other consultants."),
        ("2", "3", "Bridgeway pays survivors 67% of what it pays other consultants."),
        # A rate that pays something is never shown as 0%.
        ("0.01", "1000", "Bridgeway pays survivors 1% of what it pays other consultants."),
    ],
)
def test_parity_in_words(survivor, peer, words):
    parity = parity_of(survivor_rate=Decimal(survivor), peer_rate=Decimal(peer))
    assert parity.card_words(organisation="Bridgeway") == words


def test_a_rate_for_other_consultants_of_zero_makes_no_parity():
    with pytest.raises(ValueError):
        parity_of(survivor_rate=Decimal(1), peer_rate=Decimal(0))


def card(world, *, actor=None, **overrides):
    fields = {
        "role": "participant",
        "unit": "hour",
        "currency": "USD",
        "survivor_rate": Decimal("20.00"),
        "peer_rate": Decimal("25.00"),
    }
    fields.update(overrides)
    return rate_card_create(actor=actor or world.finance_a, organisation=world.org_a, **fields)


@pytest.mark.django_db
def test_a_card_is_kept_with_its_audit_row(world):
    made = card(world)
    assert (made.role, made.unit, made.currency) == ("participant", "hour", "USD")
    assert made.updated_by == world.finance_a
    assert made.parity == Decimal("0.80")
    assert list(
        AuditEvent.objects.filter(object_id=str(made.pk)).values_list("verb", flat=True)
    ) == ["rate_card.create"]
    (row,) = rate_cards_of(organisation=world.org_a)
    assert row.words == "Organisation A pays survivors 80% of what it pays other consultants."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"survivor_rate": Decimal("-1")}, "survivor_rate", "This cannot be negative."),
        (
            {"survivor_rate": Decimal("20.005")},
            "survivor_rate",
            "USD has at most 2 digits after the decimal point.",
        ),
        (
            {"currency": "VND", "survivor_rate": Decimal("2.5"), "peer_rate": Decimal("3")},
            "survivor_rate",
            "VND has no smaller unit: enter a whole number.",
        ),
        (
            {"peer_rate": Decimal("20000")},
            "peer_rate",
            "The most Seat accepts here is 10,000 USD. Check the amount.",
        ),
        (
            # Unpaid work is what the quality check blocks; a card cannot make it the rate.
            {"survivor_rate": Decimal("0")},
            "survivor_rate",
            "Enter the rate survivors are paid, more than zero.",
        ),
        (
            {"peer_rate": Decimal("0")},
            "peer_rate",
            "Enter what other consultants are paid, more than zero.",
        ),
        ({"currency": "ABC"}, "currency", "Choose a currency from the list."),
        ({"role": "boss"}, "role", "Choose a role from the list."),
        ({"unit": "week"}, "unit", "Choose per hour, per day or a flat fee."),
    ],
)
def test_bad_rates_are_refused_with_a_clear_message_and_nothing_saved(
    world, overrides, field, message
):
    with pytest.raises(RateCardRefused) as refused:
        card(world, **overrides)
    assert refused.value.problems[field] == message
    assert not RateCard.objects.exists()


@pytest.mark.django_db
def test_a_second_card_for_the_same_role_unit_and_currency_is_refused(world):
    card(world)
    with pytest.raises(RateCardRefused) as refused:
        card(world, survivor_rate=Decimal("25"))
    assert refused.value.problems == {
        "role": "There is already a rate for Participant per hour in USD. Change that one instead."
    }
    # Another unit or currency is another card.
    card(world, unit="day", survivor_rate=Decimal("160"), peer_rate=Decimal("200"))
    card(world, currency="BDT", survivor_rate=Decimal("1000"), peer_rate=Decimal("1000"))
    assert RateCard.objects.count() == 3


@pytest.mark.django_db
def test_a_duplicate_that_wins_a_race_is_refused_too_not_a_500(world, monkeypatch):
    card(world)
    # As if a colleague's card landed between the check and the write.
    monkeypatch.setattr("seat.compensation.rates._card_exists", lambda **kwargs: False)
    with pytest.raises(RateCardRefused) as refused:
        card(world)
    assert "already a rate" in refused.value.problems["role"]
    assert RateCard.objects.count() == 1


@pytest.mark.django_db
def test_the_database_holds_one_card_per_role_unit_and_currency(world):
    made = card(world)
    with pytest.raises(IntegrityError):
        RateCard.objects.create(
            organisation=world.org_a,
            role=made.role,
            unit=made.unit,
            currency=made.currency,
            survivor_rate=Decimal(1),
            peer_rate=Decimal(1),
        )


@pytest.mark.django_db
def test_only_admins_and_finance_keep_the_rates(world):
    for person in (world.staff_a, world.viewer_a, world.staff_b, world.expert.user):
        with pytest.raises(PermissionDenied):
            card(world, actor=person)
    made = card(world, actor=world.admin_a)
    with pytest.raises(PermissionDenied):
        rate_card_update(
            actor=world.staff_a, card=made, survivor_rate=Decimal(1), peer_rate=Decimal(1)
        )
    with pytest.raises(PermissionDenied):
        rate_card_remove(actor=world.staff_b, card=made)
    assert RateCard.objects.get().survivor_rate == Decimal("20.00")


@pytest.mark.django_db
def test_changing_and_removing_a_card_are_audited(world):
    made = card(world)
    same = rate_card_update(
        actor=world.admin_a, card=made, survivor_rate=Decimal("20"), peer_rate=Decimal("25")
    )
    changed = rate_card_update(
        actor=world.admin_a, card=made, survivor_rate=Decimal("25"), peer_rate=Decimal("25")
    )
    assert same.updated_by == world.finance_a  # nothing changed, nothing recorded
    assert (changed.survivor_rate, changed.updated_by) == (Decimal("25"), world.admin_a)
    assert card_parity(changed).relation is Relation.AT
    rate_card_remove(actor=world.admin_a, card=made)
    rate_card_remove(actor=world.admin_a, card=made)
    assert not RateCard.objects.exists()
    verbs = AuditEvent.objects.filter(object_id=str(made.pk)).order_by("at", "id")
    assert [e.verb for e in verbs] == ["rate_card.create", "rate_card.update", "rate_card.remove"]


# Pages -----------------------------------------------------------------------------------------


def signed_in(client, user):
    if user.memberships.filter(role="admin").exists():
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_rate_card_page_shows_each_card_with_its_parity(client, world):
    card(world)
    card(world, role="advisor", unit="flat", survivor_rate=Decimal("150"), peer_rate=Decimal("100"))
    body = signed_in(client, world.finance_a).get(f"/payments/rates/{world.org_a.pk}/").content
    text = body.decode()
    assert "Organisation A pays survivors 80% of what it pays other consultants." in text
    assert (
        "Organisation A pays survivors more than other consultants: 150% of what it pays them."
        in text
    )


@pytest.mark.django_db
def test_the_rate_card_page_asks_the_same_queries_for_one_card_and_several(
    client, world, django_assert_max_num_queries
):
    signed_in(client, world.finance_a)
    url = f"/payments/rates/{world.org_a.pk}/"
    card(world)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for role in ("advisor", "trainer", "staff"):
        card(world, role=role)
    with CaptureQueriesContext(connection) as several:
        client.get(url)
    assert len(several) == len(one)


@pytest.mark.django_db
def test_adding_a_card_on_the_page(client, world):
    signed_in(client, world.admin_a)
    url = f"/payments/rates/{world.org_a.pk}/"
    form = {
        "role": "trainer",
        "unit": "day",
        "currency": "USD",
        "survivor_rate": "150",
        "peer_rate": "200",
    }
    response = client.post(url, form, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Saved. Organisation A pays survivors 75% of what it pays other consultants." in (
        response.content.decode()
    )
    again = client.post(url, form)
    assert again.status_code == 400
    assert "There is already a rate for Trainer per day in USD." in again.content.decode()
    bad = client.post(url, {**form, "role": "advisor", "survivor_rate": "1.234"})
    assert bad.status_code == 400
    assert "USD has at most 2 digits after the decimal point." in bad.content.decode()
    assert RateCard.objects.count() == 1


@pytest.mark.django_db
def test_changing_and_removing_a_card_on_the_page(client, world):
    made = card(world)
    signed_in(client, world.finance_a)
    page = client.get(f"/payments/rates/card/{made.pk}/")
    assert 'value="20.00"' in page.content.decode()
    bad = client.post(f"/payments/rates/card/{made.pk}/", {"survivor_rate": "20", "peer_rate": ""})
    assert bad.status_code == 400
    response = client.post(
        f"/payments/rates/card/{made.pk}/", {"survivor_rate": "30", "peer_rate": "25"}, follow=True
    )
    assert (
        "Organisation A pays survivors more than other consultants: 120% of what it pays them."
        in response.content.decode()
    )
    client.post(f"/payments/rates/card/{made.pk}/remove/")
    assert not RateCard.objects.exists()


# Where a survivor's rate is set ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_offer_is_compared_with_the_participants_card_else_the_consultants(world):
    assert (
        offer_parity(organisation=world.org_a, unit="hour", currency="USD", rate=Decimal(20))
        is None
    )
    card(world, role="consultant", peer_rate=Decimal("40"))
    shown = offer_parity(organisation=world.org_a, unit="hour", currency="USD", rate=Decimal(20))
    assert shown is not None and shown.card.role == "consultant"
    card(world)
    shown = offer_parity(organisation=world.org_a, unit="hour", currency="USD", rate=Decimal(20))
    assert shown is not None and shown.card.role == "participant"
    assert shown.words == (
        "This pays survivors 80% of what Organisation A pays other consultants "
        "(25.00 US dollars per hour)."
    )
    # Another unit or currency has no card to compare with; a session is one flat fee.
    assert (
        offer_parity(organisation=world.org_a, unit="day", currency="USD", rate=Decimal(20)) is None
    )
    assert (
        offer_parity(organisation=world.org_a, unit="hour", currency="BDT", rate=Decimal(20))
        is None
    )
    card(world, unit="flat", peer_rate=Decimal("50"))
    session = offer_parity(
        organisation=world.org_a, unit="session", currency="USD", rate=Decimal(50)
    )
    assert session is not None and session.parity is not None
    assert session.parity.relation is Relation.AT
    # Nothing typed yet: the card alone.
    alone = offer_parity(organisation=world.org_a, unit="hour", currency="USD", rate=None)
    assert alone is not None and alone.words == ""
    assert str(alone) == (
        "Rate card of Organisation A for Participant: survivors 20.00 US dollars per hour, "
        "other consultants 25.00 US dollars per hour."
    )


@pytest.mark.django_db
def test_the_consultation_form_shows_the_card_and_the_parity_of_the_rate_offered(client, world):
    from seat.consultations.tests.test_views import consultation_form

    card(world)
    client.force_login(world.staff_a)
    new = f"/projects/{world.project.pk}/consultations/new/"
    page = client.get(new).content.decode()
    assert "Rate card of Organisation A for Participant" in page
    form = {**consultation_form(), "pay_rate": "12.50", "pay_unit": "hour", "currency": "USD"}
    checked = client.post(new, {**form, "check": "1"}).content.decode()
    assert (
        "This pays survivors 50% of what Organisation A pays other consultants "
        "(25.00 US dollars per hour)." in checked
    )
    # The consultation's own page for changing it starts from its saved rate (25 an hour).
    edit = client.get(f"/projects/consultations/{world.consultation.pk}/edit/").content.decode()
    assert "This is at parity: Organisation A pays other consultants the same" in edit
    # Another currency has no card: nothing is said.
    other = client.post(new, {**form, "currency": "BDT", "check": "1"}).content.decode()
    assert "Rate card of" not in other


@pytest.mark.django_db
def test_the_payment_form_shows_the_parity_of_the_lines_rate(client, world):
    from seat.tests.personas import make_contribution, make_expert, make_invitation

    card(world, survivor_rate=Decimal("25"), peer_rate=Decimal("30"))
    mira = make_expert("mira", "Mira")
    make_contribution(make_invitation(world.staff_a, world.consultation, mira, accept=True))
    client.force_login(world.staff_a)
    page = client.get(f"/payments/record/{world.consultation.pk}/{mira.pk}/").content.decode()
    assert (
        "This pays survivors 83% of what Organisation A pays other consultants "
        "(30.00 US dollars per hour)." in page
    )
