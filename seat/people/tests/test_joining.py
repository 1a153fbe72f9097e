"""Joining Seat with a one-time code: made by an organisation, shown once, used once."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.conf import settings
from django.utils import timezone

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import User
from seat.core.models import AuditEvent
from seat.core.onetime import code_digest
from seat.people.models import ExpertLink, ExpertProfile, JoinCode
from seat.people.services import JOIN_CODE_DAYS, join_code_create
from seat.tests.personas import PASSWORD, make_member, make_org, verify_second_factor

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")
NEW_PASSWORD = "green mango rain 42"


def make_code(world, organisation=None, actor=None) -> str:
    _code, shown = join_code_create(
        actor=actor or world.staff_a, organisation=organisation or world.org_a
    )
    return shown


def join_details(client, **overrides) -> dict[str, str]:
    """The second step's form as the page gives it, with her choices."""
    page = client.get("/join/").content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    data = {
        "ticket": ticket,
        "pseudonym": "Mina",
        "username": "mina-1",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def enter_code(client, code: str):
    return client.post("/join/", {"code": code})


def test_staff_make_a_code_that_is_shown_once_and_stored_only_as_a_digest(client, world):
    client.force_login(world.staff_a)
    response = client.post(f"/people/{world.org_a.pk}/codes/")
    assert response.status_code == 200
    body = response.content.decode()
    shown = CODE.search(body).group(0)
    assert response["Cache-Control"] == "no-store"
    code = JoinCode.objects.get(code_digest=code_digest(shown))
    assert (code.organisation, code.created_by, code.used_at) == (world.org_a, world.staff_a, None)
    expected_expiry = timezone.now() + datetime.timedelta(days=JOIN_CODE_DAYS)
    assert abs((code.expires_at - expected_expiry).total_seconds()) < 60
    # The slip names neither the organisation nor anyone: it may be found by someone else.
    slip = body[body.index('class="slip"') : body.index("</section>")]
    assert world.org_a.name not in slip
    assert f"/join/{shown}/" in slip
    # The list of codes shows who made it and its state, never the code.
    listing = client.get("/people/").content.decode()
    assert shown not in listing and "Waiting, until" in listing
    assert AuditEvent.objects.filter(verb="join_code.create", object_id=str(code.pk)).exists()


def test_the_same_form_twice_leaves_one_live_code(client, world):
    client.force_login(world.staff_a)
    page = client.get("/people/").content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    client.post(f"/people/{world.org_a.pk}/codes/", {"form_key": key})
    second = client.post(f"/people/{world.org_a.pk}/codes/", {"form_key": key}).content.decode()
    made = JoinCode.objects.filter(form_key=key)
    live = made.filter(used_at__isnull=True, withdrawn_at__isnull=True)
    assert [c.code_digest for c in live] == [code_digest(CODE.search(second).group(0))]
    assert made.count() == 2


def test_she_joins_with_a_code_and_lands_on_her_page_logged_in(client, world):
    shown = make_code(world)
    page = client.get("/join/").content.decode()
    assert "Joining code" in page and "Chosen name" not in page
    response = enter_code(client, shown.lower().replace("-", " "))
    assert (response.status_code, response["Location"]) == (302, "/join/")
    page = client.get("/join/").content.decode()
    assert f"{world.org_a.name} invited you" in page
    suggested = re.search(r'name="username"[^>]*value="([^"]+)"', page).group(1)
    assert re.fullmatch(r"[a-z]+-\d{4}", suggested)
    assert "e-mail" not in page.lower().split("<form")[1].split("</form>")[0]
    anonymous_key = client.session.session_key
    response = client.post("/join/", join_details(client, username=suggested))
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert client.session.session_key != anonymous_key
    user = User.objects.get(username=suggested)
    assert user.check_password(NEW_PASSWORD) and user.memberships.count() == 0
    expert = user.expert_profile
    assert expert.pseudonym == "Mina" and expert.represented_by is None
    link = ExpertLink.objects.get(expert=expert)
    assert (link.organisation, link.join_code.code_digest) == (world.org_a, code_digest(shown))
    home = client.get("/me/").content.decode()
    assert "Welcome to Seat" in home and suggested in home
    assert "Welcome to Seat" not in client.get("/me/").content.decode()
    assert AuditEvent.objects.filter(verb="expert.join", object_id=str(expert.pk)).exists()


def test_a_joining_link_leaves_the_address_at_once(client, world):
    shown = make_code(world)
    response = client.get(f"/join/{shown}/")
    assert (response.status_code, response["Location"]) == (302, "/join/")
    page = client.get("/join/").content.decode()
    assert f"{world.org_a.name} invited you" in page and shown not in page
    assert client.post("/join/", join_details(client))["Location"] == "/me/"


def test_no_code_reaches_the_logs(client, world, caplog):
    shown = make_code(world)
    caplog.set_level(logging.DEBUG)
    client.get(f"/join/{shown}/")
    client.post("/join/", join_details(client))
    client.logout()
    client.get(f"/join/{shown}/")  # used: refused
    client.get("/join/ABCDE-FGHJK-MNPQR/")
    for _ in range(12):
        client.get("/join/ZZZZZ-ZZZZZ-ZZZZZ/")  # until throttled
    logged = "\n".join(r.getMessage() for r in caplog.records).upper()
    assert "ZZZZZ" not in logged and shown.replace("-", "") not in logged.replace("-", "")
    assert shown not in logged


@pytest.mark.parametrize("problem", ["used", "expired", "withdrawn", "unknown", "malformed"])
def test_a_code_that_cannot_be_used_says_so_plainly(client, world, problem):
    code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    if problem == "used":
        enter_code(client, shown)
        client.post("/join/", join_details(client))
        client.logout()
    elif problem == "expired":
        JoinCode.objects.filter(pk=code.pk).update(expires_at=timezone.now())
    elif problem == "withdrawn":
        from seat.people.services import join_code_withdraw

        join_code_withdraw(actor=world.admin_a, code=code)
    elif problem == "unknown":
        shown = "ABCDE-FGHJK-MNPQR"
    else:
        shown = "not a code"
    users = User.objects.count()
    response = enter_code(client, shown)
    assert response.status_code == 200
    body = response.content.decode()
    expected = (
        "A code has 15 letters and numbers"
        if problem == "malformed"
        else "This code cannot be used. It may be mistyped, already used, or too old."
    )
    assert expected in body
    assert User.objects.count() == users


def test_a_code_that_expires_between_the_steps_saves_nothing(client, world):
    code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    enter_code(client, shown)
    data = join_details(client)
    JoinCode.objects.filter(pk=code.pk).update(expires_at=timezone.now())
    response = client.post("/join/", data, follow=True)
    assert "This code cannot be used" in response.content.decode()
    assert not User.objects.filter(username="mina-1").exists()


def test_sending_the_form_twice_makes_one_account(client, world):
    shown = make_code(world)
    enter_code(client, shown)
    data = join_details(client)
    first = client.post("/join/", data)
    # The same form again, from the page that was on screen (the first answer was lost).
    client.logout()
    second = client.post("/join/", data)
    assert (first["Location"], second["Location"]) == ("/me/", "/me/")
    assert User.objects.filter(username="mina-1").count() == 1
    assert ExpertProfile.objects.filter(pseudonym="Mina").count() == 1
    assert client.get("/me/").status_code == 200
    # Someone else replaying the form with another password gets nothing.
    client.logout()
    replay = client.post("/join/", {**data, "password1": "x" * 12, "password2": "x" * 12})
    assert replay["Location"] == "/join/"
    assert client.get("/me/").status_code == 302


@pytest.mark.parametrize(
    ("choices", "field", "message"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "password1", "too common"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password2": "something else 42"}, "password2", "The two passwords are not the same"),
        ({"username": "taken-name"}, "username", "This username is taken"),
        ({"username": "a b"}, "username", "Use 3 to 30 letters"),
        ({"pseudonym": "tara"}, "pseudonym", "already uses this name"),
        ({"pseudonym": "   "}, "pseudonym", "This field is required"),
    ],
)
def test_bad_choices_are_explained_and_nothing_is_saved(client, world, choices, field, message):
    from seat.people.services import expert_link_record

    expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
    User.objects.create_user(username="Taken-Name", password=PASSWORD)
    code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    enter_code(client, shown)
    users, experts = User.objects.count(), ExpertProfile.objects.count()
    response = client.post("/join/", join_details(client, **choices))
    assert response.status_code == 200
    body = response.content.decode()
    error = body.split(f'id="id_{field}_error"')[1].split("</div>")[0]
    assert message in error
    assert (User.objects.count(), ExpertProfile.objects.count()) == (users, experts)
    code.refresh_from_db()
    assert code.used_at is None
    assert not AuditEvent.objects.filter(verb="expert.join").exists()


def test_the_same_chosen_name_is_fine_in_another_organisation(client, world):
    # Tara works with organisation A; a newcomer to B may call herself Tara too.
    enter_code(client, make_code(world, organisation=world.org_b, actor=world.staff_b))
    assert client.post("/join/", join_details(client, pseudonym="Tara"))["Location"] == "/me/"


def test_guessing_codes_is_stopped_per_address(client, world):
    shown = make_code(world)
    for n in range(10):
        assert enter_code(client, f"ABCD{n + 2}-FGHJK-MNPQR").status_code == 200
    blocked = enter_code(client, shown)
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "900"
    assert "Too many codes that did not work" in blocked.content.decode()
    assert client.get("/join/").status_code == 429
    # Another address is not held up.
    assert enter_code(client, shown).status_code == 429
    other = client.post("/join/", {"code": shown}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_guessing_the_rest_of_a_code_is_stopped_per_prefix(client, world):
    code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    prefix = shown[:5]
    for n in range(5):
        client.post("/join/", {"code": f"{prefix}-ZZZZZ-ZZZZ{n + 2}"}, REMOTE_ADDR=f"10.0.0.{n}")
    response = client.post("/join/", {"code": shown}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    code.refresh_from_db()
    assert code.used_at is None


def test_two_people_racing_with_one_code_cannot_both_win(world):
    from seat.people.services import CodeError, _join_code_claim

    shown = make_code(world)
    _join_code_claim(digest=code_digest(shown))
    with pytest.raises(CodeError):
        _join_code_claim(digest=code_digest(shown))


def test_a_survivor_led_organisations_facilitator_brings_its_members(client, world):
    collective = make_org("Amar Kantha", kind=OrganisationKind.SURVIVOR_LED)
    facilitator = make_member("nasrin", collective, Role.FACILITATOR)
    client.force_login(facilitator)
    shown = CODE.search(client.post(f"/people/{collective.pk}/codes/").content.decode()).group(0)
    client.logout()
    enter_code(client, shown)
    client.post("/join/", join_details(client))
    expert = ExpertProfile.objects.get(pseudonym="Mina")
    assert expert.represented_by == collective
    # An NGO's facilitator does not make codes.
    ngo_facilitator = make_member("fac-a", world.org_a, Role.FACILITATOR)
    client.force_login(ngo_facilitator)
    assert client.post(f"/people/{world.org_a.pk}/codes/").status_code == 403
    assert client.get("/people/").status_code == 403


def test_a_logged_in_member_of_staff_is_asked_to_log_out_first(client, world):
    shown = make_code(world)
    client.force_login(world.staff_a)
    assert client.get(f"/join/{shown}/")["Location"] == "/join/"
    body = client.get("/join/").content.decode()
    assert "log out first" in body
    assert JoinCode.objects.get(code_digest=code_digest(shown)).used_at is None


def test_a_code_can_be_withdrawn_by_its_organisation_only(client, world):
    code, shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    client.force_login(world.staff_b)
    assert client.post(f"/people/codes/{code.pk}/withdraw/").status_code == 404
    verify_second_factor(client, world.admin_a)
    response = client.post(f"/people/codes/{code.pk}/withdraw/")
    assert (response.status_code, response["Location"]) == (302, "/people/")
    code.refresh_from_db()
    assert code.state == "withdrawn"
    client.logout()
    assert "This code cannot be used" in enter_code(client, shown).content.decode()


def test_the_joining_page_offers_the_organisations_languages_first(client, world):
    world.org_a.languages = "es,bn"
    world.org_a.save(update_fields=["languages"])
    enter_code(client, make_code(world))
    page = client.get("/join/").content.decode()
    offered = re.findall(r'name="language" value="([a-z]+)"', page)
    # Its languages first, then every other the picker offers, in the picker's order.
    assert offered[:2] == ["es", "bn"]
    assert sorted(offered[2:]) == sorted(
        code for code, _name in settings.LANGUAGES if code not in ("es", "bn")
    )
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/join/"})
    assert response["Location"] == "/join/"
    assert 'lang="es"' in client.get("/join/").content.decode()[:200]
