"""Erasing her account: each effect, all or nothing, once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from seat.compensation.models import PaymentLine
from seat.consultations.enums import Attribution
from seat.consultations.models import Answer, Contribution
from seat.core.models import AuditEvent
from seat.notifications.models import Notification
from seat.people.models import ConsentRecord, ExpertIdentity, ExpertLink, ExpertProfile
from seat.people.services import consent_withdraw
from seat.rights.services import account_erase
from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_invitation,
)


def anonymous_input(world):
    """A second contribution, which she allowed to be quoted without any name."""
    consultation = make_consultation(world.staff_a, world.project, title="Second")
    invitation = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    return make_contribution(
        invitation, text="Words without a name", attribution=Attribution.ANONYMOUS
    )


def unpaid(contribution):
    """As if the consultation had offered no pay: no line names the input."""
    PaymentLine.objects.filter(contribution=contribution).delete()


def words(contribution):
    return list(Answer.objects.filter(contribution=contribution).values_list("text", flat=True))


def erase_by_form(client, world):
    client.force_login(world.expert.user)
    return client.post("/me/my-data/erase/", {"sure": "on"})


@pytest.mark.django_db
def test_nothing_is_erased_without_the_box_ticked(client, world):
    client.force_login(world.expert.user)
    response = client.post("/me/my-data/erase/", {})

    assert response.status_code == 200
    assert ExpertProfile.objects.get(pk=world.expert.pk).pseudonym == "Tara"
    assert not AuditEvent.objects.filter(verb="account.erase").exists()


@pytest.mark.django_db
def test_her_identifying_data_is_destroyed_and_she_cannot_log_in(client, world):
    user_id = world.expert.user.pk
    response = erase_by_form(client, world)

    assert response.status_code == 200
    profile = ExpertProfile.objects.get(pk=world.expert.pk)
    user = get_user_model().objects.get(pk=user_id)
    assert profile.pseudonym.startswith("erased-")
    assert (profile.expertise, profile.languages) == ("", "")
    assert user.username == profile.pseudonym
    assert (user.display_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert not ExpertIdentity.objects.filter(profile=profile).exists()
    assert not ExpertLink.objects.filter(expert=profile).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    # She is logged out, here and on every other device.
    assert client.get("/me/").status_code == 302
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_id)
    ]


@pytest.mark.django_db
def test_her_other_sessions_end(client, world):
    from django.test import Client

    phone = Client()
    phone.force_login(world.expert.user)
    erase_by_form(client, world)

    assert phone.get("/me/").status_code == 302


@pytest.mark.django_db
def test_contributions_are_kept_only_as_her_consent_allows(world):
    kept = anonymous_input(world)
    unpaid(world.contribution)
    result = account_erase(actor=world.expert.user, expert=world.expert)

    # Quoted under her chosen name: that name is gone, so are the words, and the row.
    assert not Contribution.objects.filter(pk=world.contribution.pk).exists()
    # Quoted without any name, consent standing: the organisation keeps the words.
    assert words(kept) == ["Words without a name"]
    assert (result.contributions_kept, result.contributions_deleted) == (1, 1)


@pytest.mark.django_db
def test_words_go_when_she_had_withdrawn_the_consent_to_quote_them(world):
    kept = anonymous_input(world)
    consent_withdraw(actor=world.expert.user, expert=world.expert, purpose="quote_anonymously")
    account_erase(actor=world.expert.user, expert=world.expert)

    assert words(kept) == []
    # Nothing of hers is kept, so her consent ledger has nothing left to govern.
    assert not ConsentRecord.objects.filter(expert=world.expert).exists()


@pytest.mark.django_db
def test_her_consent_ledger_stays_while_it_governs_words_kept(world):
    anonymous_input(world)
    account_erase(actor=world.expert.user, expert=world.expert)

    assert ConsentRecord.objects.filter(expert=world.expert, purpose="quote_anonymously").exists()


@pytest.mark.django_db
def test_payments_stay_for_finance_under_the_pseudonym(world):
    line = world.contribution.payment
    result = account_erase(actor=world.expert.user, expert=world.expert)

    line = PaymentLine.objects.get(pk=line.pk)
    assert (line.organisation, line.currency, line.expert.pseudonym) == (
        world.org_a,
        "USD",
        result.pseudonym,
    )
    assert (line.units, line.rate) == (Decimal("2.00"), Decimal("25.00"))
    # The input it paid for stays as an empty row the line can point at: no words.
    assert Contribution.objects.filter(pk=world.contribution.pk).exists()
    assert words(world.contribution) == []
    assert result.contributions_emptied == 1


@pytest.mark.django_db
def test_erasing_is_audited_once_and_a_second_time_changes_nothing(world):
    first = account_erase(actor=world.expert.user, expert=world.expert)
    world.expert.refresh_from_db()
    second = account_erase(actor=world.expert.user, expert=world.expert)

    assert second.already_erased
    assert second.pseudonym == first.pseudonym
    event = AuditEvent.objects.get(verb="account.erase")
    assert (event.object_id, event.detail) == (
        str(world.expert.pk),
        {"contributions_kept": 0, "contributions_deleted": 0, "contributions_emptied": 1},
    )


@pytest.mark.django_db
def test_nobody_else_can_erase_her(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        account_erase(actor=world.staff_a, expert=world.expert)
    assert ExpertProfile.objects.get(pk=world.expert.pk).pseudonym == "Tara"


@pytest.mark.django_db
def test_an_application_stays_without_her_note(world):
    from seat.opportunities.models import Application
    from seat.opportunities.services import application_submit
    from seat.opportunities.tests.helpers import post

    application, _new = application_submit(
        expert=world.expert, opportunity=post(world), note="I lived in Dhaka."
    )
    account_erase(actor=world.expert.user, expert=world.expert)

    assert Application.objects.get(pk=application.pk).note == ""


@pytest.mark.django_db
def test_erasing_stays_done_after_its_audit_event_is_past_retention(world):
    first = account_erase(actor=world.expert.user, expert=world.expert)
    AuditEvent.objects.filter(verb="account.erase").delete()
    world.expert.refresh_from_db()
    world.expert.user.refresh_from_db()

    again = account_erase(actor=world.expert.user, expert=world.expert)
    assert (again.already_erased, again.pseudonym) == (True, first.pseudonym)


@pytest.mark.django_db(transaction=True)
def test_erasing_is_all_or_nothing(world, monkeypatch):
    from seat.rights import services

    def broken(**_kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        account_erase(actor=world.expert.user, expert=world.expert)

    profile = ExpertProfile.objects.get(pk=world.expert.pk)
    assert profile.pseudonym == "Tara"
    assert ExpertIdentity.objects.filter(profile=profile).exists()
    assert words(world.contribution) == ["Explain the fees agents may legally charge."]
    assert get_user_model().objects.get(pk=world.expert.user.pk).is_active


@pytest.mark.django_db
def test_the_page_tells_what_erasing_would_keep_delete_and_leave_unpaid(client, world):
    """Counted by the rule erasing follows, from her own input and what is still owed."""
    from seat.compensation.enums import PaymentStatus

    anonymous_input(world)  # kept: quoted without any name, consents standing
    owed = PaymentLine.objects.filter(expert=world.expert).exclude(status=PaymentStatus.PAID)
    assert owed.exists()
    client.force_login(world.expert.user)
    page = client.get("/me/my-data/erase/").content.decode()
    kept = sum(
        1
        for c in Contribution.objects.filter(expert=world.expert)
        if c.attribution == Attribution.ANONYMOUS
    )
    total = Contribution.objects.filter(expert=world.expert).count()
    assert f"Input kept without a name, as you allowed: {kept}" in page
    assert f"Input deleted: {total - kept}" in page
    assert "You are still owed money:" in page
    # Marked as the one button here that cannot be undone (red, like the quick exit).
    assert '<button class="danger" type="submit">Erase my account</button>' in page

    erasure = account_erase(actor=world.expert.user, expert=world.expert)
    assert erasure.contributions_kept == kept
    assert erasure.contributions_deleted + erasure.contributions_emptied == total - kept


@pytest.mark.django_db
def test_nothing_owed_says_nothing_of_money(client, world):
    PaymentLine.objects.filter(expert=world.expert).delete()
    client.force_login(world.expert.user)
    page = client.get("/me/my-data/erase/").content.decode()
    assert "still owed" not in page
