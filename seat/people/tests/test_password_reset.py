"""A forgotten password: a reset code from an organisation she works with, never anyone else."""

from __future__ import annotations

import re

import pytest

from seat.accounts.enums import Role
from seat.core.models import AuditEvent
from seat.people.models import ResetCode
from seat.people.services import expert_link_record, reset_code_create
from seat.tests.personas import PASSWORD, make_member, verify_second_factor

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")
NEW = "blue river morning 7"


def reset(client, username: str, code: str, password: str = NEW, **extra):
    return client.post(
        "/join/reset/",
        {"username": username, "code": code, "password1": password, "password2": password},
        **extra,
    )


@pytest.fixture
def linked(world):
    expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
    return world


def test_staff_of_her_organisation_make_a_reset_code_and_she_chooses_a_new_password(client, linked):
    world = linked
    expert_session = client.__class__()
    expert_session.force_login(world.expert.user)
    assert expert_session.get("/me/").status_code == 200

    client.force_login(world.staff_a)
    made = client.post(f"/people/{world.org_a.pk}/experts/{world.expert.pk}/reset-code/")
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    body = made.content.decode()
    shown = CODE.search(body).group(0)
    slip = body[body.index('class="slip"') : body.index("</section>")]
    assert "Tara" not in slip and world.org_a.name not in slip
    client.logout()

    response = reset(client, "EXPERT", shown)
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    world.expert.user.refresh_from_db()
    assert world.expert.user.check_password(NEW)
    # Every session she had has ended.
    assert expert_session.get("/me/").status_code == 302
    logged_in = client.post("/accounts/login/", {"username": "expert", "password": NEW})
    assert logged_in["Location"] == "/"
    event = AuditEvent.objects.get(verb="password.reset")
    assert event.object_id == str(world.expert.user.pk)
    assert event.detail == {"organisation": str(world.org_a.pk)}
    # Used once.
    client.logout()
    assert "This code cannot be used" in reset(client, "expert", shown).content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff_b", 404), ("finance_a", 403), ("viewer_a", 403), ("expert", 403)],
)
def test_only_her_organisations_staff_make_reset_codes(client, linked, who, expected):
    world = linked
    client.force_login(getattr(world, who) if who != "expert" else world.expert.user)
    response = client.post(f"/people/{world.org_a.pk}/experts/{world.expert.pk}/reset-code/")
    if who == "expert":
        expected = 404  # not a member of the organisation at all
    assert response.status_code == expected
    assert not ResetCode.objects.exists()


def test_staff_cannot_make_a_reset_code_for_someone_who_does_not_work_with_them(client, linked):
    world = linked
    client.force_login(world.staff_b)
    url = f"/people/{world.org_b.pk}/experts/{world.expert.pk}/reset-code/"
    assert client.post(url).status_code == 404
    verify_second_factor(client, world.admin_a)
    other = f"/people/{world.org_a.pk}/experts/{world.other_expert.pk}/reset-code/"
    assert client.post(other).status_code == 404
    assert not ResetCode.objects.exists()


def test_a_wrong_username_reads_like_any_wrong_code_and_leaves_the_code_unused(client, linked):
    world = linked
    _code, shown = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    wrong_user = reset(client, "other-expert", shown).content.decode()
    nobody = reset(client, "nobody-at-all", shown).content.decode()
    wrong_code = reset(client, "expert", "ABCDE-FGHJK-MNPQR").content.decode()
    message = "This code cannot be used. It may be mistyped, already used, or too old."
    assert message in wrong_user and message in nobody and message in wrong_code
    world.expert.user.refresh_from_db()
    assert world.expert.user.check_password(PASSWORD)
    assert reset(client, "expert", shown)["Location"] == "/accounts/login/"


def test_a_weak_new_password_is_refused_and_the_code_still_works(client, linked):
    world = linked
    _code, shown = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    body = reset(client, "expert", shown, password="12345678").content.decode()
    assert "too common" in body
    assert ResetCode.objects.get().used_at is None
    assert reset(client, "expert", shown)["Location"] == "/accounts/login/"


def test_a_new_reset_code_replaces_the_older_one(client, linked):
    world = linked
    _first, older = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    _second, newer = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    assert "This code cannot be used" in reset(client, "expert", older).content.decode()
    assert reset(client, "expert", newer)["Location"] == "/accounts/login/"


def test_reset_attempts_are_throttled(client, linked):
    world = linked
    _code, shown = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    for n in range(10):
        reset(client, "expert", f"ABCD{n + 2}-FGHJK-MNPQR")
    assert reset(client, "expert", shown).status_code == 429


def test_a_survivor_led_organisations_facilitator_resets_for_its_members(client, world):
    from seat.accounts.enums import OrganisationKind
    from seat.tests.personas import make_org

    collective = make_org("Amar Kantha", kind=OrganisationKind.SURVIVOR_LED)
    facilitator = make_member("nasrin", collective, Role.FACILITATOR)
    expert_link_record(actor=None, expert=world.expert, organisation=collective)
    client.force_login(facilitator)
    url = f"/people/{collective.pk}/experts/{world.expert.pk}/reset-code/"
    # She joined organisation A first: the collective keeps her account once it represents her.
    assert client.post(url).status_code == 403
    world.expert.represented_by = collective
    world.expert.save(update_fields=["represented_by"])
    assert client.post(url).status_code == 200


def test_the_login_page_says_whom_to_ask_without_asking_who_she_is(client):
    body = client.get("/accounts/login/").content.decode()
    assert "Ask the organisation that invited you for a reset code." in body
    assert 'href="/join/reset/"' in body and 'href="/join/"' in body


def test_the_login_and_reset_pages_name_the_sites_support_contact_when_there_is_one(
    client, settings
):
    settings.SEAT_SUPPORT_NAME = "Rahima at the peer line"
    settings.SEAT_SUPPORT_PHONE = "+880 1711 000000"
    settings.SEAT_SUPPORT_HOURS = "every day 9-21"
    for url in ["/accounts/login/", "/join/reset/"]:
        body = client.get(url).content.decode()
        assert "Rahima at the peer line" in body and 'href="tel:+8801711000000"' in body
    settings.SEAT_SUPPORT_NAME = settings.SEAT_SUPPORT_PHONE = settings.SEAT_SUPPORT_HOURS = ""
    body = client.get("/accounts/login/").content.decode()
    assert "You can also ask" not in body
    assert "Ask the organisation that invited you for a reset code." in body


def test_a_changed_password_is_told_to_her_own_address_once(
    client, linked, mailoutbox, django_capture_on_commit_callbacks
):
    """Whoever typed the code, she hears of it where she chose to: staff can make a reset code,
    so a message to her own e-mail is what tells her if it was not her."""
    from seat.notifications.models import Notification
    from seat.notifications.services import contact_choice_update

    world = linked
    user = world.expert.user
    contact_choice_update(
        user=user, by_email=True, by_sms=False, email="tara@example.org", phone=""
    )
    mailoutbox.clear()
    _, shown = reset_code_create(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    with django_capture_on_commit_callbacks(execute=True):
        assert reset(client, "expert", shown).status_code == 302
        assert reset(client, "expert", shown).status_code == 200  # used already: no message
    told = Notification.objects.get(recipient=user, event="password.reset")
    assert told.context == {"organisation": world.org_a.name}
    assert [m.to for m in mailoutbox] == [["tara@example.org"]]
    assert world.org_a.name not in mailoutbox[0].subject + mailoutbox[0].body
    client.post("/accounts/login/", {"username": "expert", "password": NEW})
    inbox = client.get("/me/inbox/").content.decode()
    assert (
        f"Your password was changed with a reset code from {world.org_a.name}. If you did not "
        f"do this, ask {world.org_a.name} for a new reset code at once."
    ) in inbox


@pytest.mark.django_db
def test_only_the_organisation_that_keeps_her_account_makes_her_reset_codes(world):
    """A reset code opens her account, her private details and where her pay goes: another
    organisation she also works with must not be able to make one (persona check: staff of one
    organisation took over a shared expert's account and redirected another's payments)."""
    from django.core.exceptions import PermissionDenied

    from seat.people.services import reset_code_create
    from seat.tests.personas import make_link

    # Tara joined with organisation A first, then with B.
    make_link(world.staff_b, world.expert, world.org_b)
    with pytest.raises(PermissionDenied):
        reset_code_create(actor=world.staff_b, organisation=world.org_b, expert=world.expert)
    code, _shown = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    assert code.organisation == world.org_a
    # The survivor-led organisation that represents her keeps her account, whoever came first.
    world.expert.represented_by = world.org_b
    world.expert.save(update_fields=["represented_by"])
    with pytest.raises(PermissionDenied):
        reset_code_create(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    assert reset_code_create(actor=world.staff_b, organisation=world.org_b, expert=world.expert)
